import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type ReviewerSpan,
  candidateKey,
  decisionsFor,
  groupCandidates,
  majorityOf,
  selectForAcceptance,
} from "./candidates";

let seq = 0;
const s = (rater: string, label: string, start: number, end: number): ReviewerSpan => ({
  id: `${rater}-${label}-${start}-${end}-${seq++}`,
  rater,
  label,
  start,
  end,
});

describe("groupCandidates", () => {
  it("merges identical label+start+end from different reviewers into one candidate with its supporters", () => {
    const spans = [s("ann", "X", 0, 5), s("ben", "X", 0, 5), s("cat", "X", 0, 5)];
    const [c, ...rest] = groupCandidates(spans, ["ann", "ben", "cat"]);
    expect(rest).toEqual([]);
    expect(c).toMatchObject({
      key: "X:0:5",
      label: "X",
      start: 0,
      end: 5,
      raters: ["ann", "ben", "cat"],
      support: 3,
      of: 3,
      status: "all",
      conflicts: [],
    });
    expect(c!.spanIds).toEqual(spans.map((x) => x.id).sort());
  });

  it("counts raters without spans in n, so 2 of 3 is a majority and 1 of 3 a minority", () => {
    const out = groupCandidates(
      [s("ann", "X", 0, 5), s("ben", "X", 0, 5), s("ann", "Y", 10, 12)],
      ["ann", "ben", "cat"],
    );
    expect(out.map((c) => [c.key, c.support, c.of, c.status])).toEqual([
      ["X:0:5", 2, 3, "majority"],
      ["Y:10:12", 1, 3, "minority"],
    ]);
  });

  it("treats half (2 of 4) as minority, not majority", () => {
    const [c] = groupCandidates([s("a", "X", 0, 5), s("b", "X", 0, 5)], ["a", "b", "c", "d"]);
    expect(c!.status).toBe("minority");
  });

  it("marks overlapping same-label spans with different boundaries as conflicting, both ways", () => {
    const out = groupCandidates(
      [s("ann", "X", 0, 10), s("ben", "X", 2, 12), s("cat", "X", 0, 10)],
      ["ann", "ben", "cat"],
    );
    const byKey = new Map(out.map((c) => [c.key, c]));
    expect(byKey.get("X:0:10")).toMatchObject({
      support: 2,
      status: "conflict",
      conflicts: [{ key: "X:2:12", kind: "boundaries" }],
    });
    expect(byKey.get("X:2:12")).toMatchObject({
      support: 1,
      status: "conflict",
      conflicts: [{ key: "X:0:10", kind: "boundaries" }],
    });
  });

  it("marks the same text under different labels as a label conflict; other-label overlaps are not conflicts", () => {
    const out = groupCandidates([s("ann", "X", 0, 10), s("ben", "Y", 0, 10), s("ann", "Z", 5, 15)], ["ann", "ben"]);
    const byKey = new Map(out.map((c) => [c.key, c]));
    expect(byKey.get("X:0:10")!.conflicts).toEqual([{ key: "Y:0:10", kind: "label" }]);
    expect(byKey.get("Y:0:10")!.conflicts).toEqual([{ key: "X:0:10", kind: "label" }]);
    expect(byKey.get("Z:5:15")).toMatchObject({ conflicts: [], status: "minority" });
  });

  it("does not call one reviewer's own nested spans a disagreement", () => {
    const out = groupCandidates([s("ann", "X", 0, 10), s("ann", "X", 2, 5)], ["ann", "ben"]);
    expect(out.every((c) => c.conflicts.length === 0)).toBe(true);
  });

  it("touching spans [0,5) and [5,9) do not overlap", () => {
    const out = groupCandidates([s("ann", "X", 0, 5), s("ben", "X", 5, 9)], ["ann", "ben"]);
    expect(out.map((c) => c.status)).toEqual(["minority", "minority"]);
  });

  it("a reviewer's duplicate span counts once", () => {
    const [c] = groupCandidates([s("ann", "X", 0, 5), s("ann", "X", 0, 5)], ["ann", "ben"]);
    expect(c).toMatchObject({ support: 1, of: 2 });
    expect(c!.spanIds).toHaveLength(2);
  });

  it("returns candidates in text order: start, longer first, label", () => {
    const out = groupCandidates([s("a", "B", 3, 4), s("a", "A", 0, 2), s("a", "B", 0, 9), s("a", "A", 0, 9)]);
    expect(out.map((c) => c.key)).toEqual(["A:0:9", "B:0:9", "A:0:2", "B:3:4"]);
  });

  it("refuses empty or negative spans", () => {
    expect(() => groupCandidates([s("a", "X", 4, 4)])).toThrow(RangeError);
    expect(() => groupCandidates([s("a", "X", -1, 4)])).toThrow(RangeError);
  });

  const spansArb = fc
    .array(
      fc.record({
        rater: fc.constantFrom("a", "b", "c", "d"),
        label: fc.constantFrom("X", "Y"),
        start: fc.nat(30),
        len: fc.integer({ min: 1, max: 8 }),
      }),
      { maxLength: 30 },
    )
    .map((xs) =>
      xs.map((x, i) => ({ id: `s${i}`, rater: x.rater, label: x.label, start: x.start, end: x.start + x.len })),
    );

  it("property: every span is in exactly one candidate, whose identity it has; support = distinct raters", () => {
    fc.assert(
      fc.property(spansArb, (spans) => {
        const out = groupCandidates(spans, ["a", "b", "c", "d"]);
        const seen = out.flatMap((c) => c.spanIds);
        expect(seen.sort()).toEqual(spans.map((x) => x.id).sort());
        for (const c of out) {
          const mine = spans.filter((x) => c.spanIds.includes(x.id));
          expect(mine.every((x) => candidateKey(x.label, x.start, x.end) === c.key)).toBe(true);
          expect(c.support).toBe(new Set(mine.map((x) => x.rater)).size);
          expect(c.of).toBe(4);
        }
      }),
    );
  });

  it("property: input order does not matter; conflicts are symmetric", () => {
    fc.assert(
      fc.property(spansArb, (spans) => {
        const a = groupCandidates(spans);
        const b = groupCandidates([...spans].reverse());
        expect(b).toEqual(a);
        const byKey = new Map(a.map((c) => [c.key, c]));
        for (const c of a)
          for (const x of c.conflicts)
            expect(byKey.get(x.key)!.conflicts.some((y) => y.key === c.key && y.kind === x.kind)).toBe(true);
      }),
    );
  });
});

describe("majorityOf", () => {
  it("is the smallest strict majority", () => {
    expect([0, 1, 2, 3, 4, 5].map(majorityOf)).toEqual([1, 1, 2, 2, 3, 3]);
  });
});

describe("decisions and acceptance", () => {
  const cands = groupCandidates(
    [s("a", "X", 0, 5), s("b", "X", 0, 5), s("c", "X", 0, 5), s("a", "Y", 6, 9), s("b", "Y", 6, 9), s("c", "Z", 1, 3)],
    ["a", "b", "c"],
  );

  it("reads accepted from gold and rejected from rejections; gold wins", () => {
    const d = decisionsFor(
      cands,
      [{ label: "X", start: 0, end: 5 }],
      [
        { label: "Y", start: 6, end: 9 },
        { label: "X", start: 0, end: 5 },
      ],
    );
    expect(Object.fromEntries(d)).toEqual({ "X:0:5": "accepted", "Y:6:9": "rejected", "Z:1:3": "open" });
  });

  it("a gold span moved or relabelled after accepting still decides the candidate it came from", () => {
    const x = cands.find((c) => c.key === "X:0:5")!;
    const d = decisionsFor(cands, [{ label: "W", start: 1, end: 4, sources: [x.spanIds[0]!] }], []);
    expect(Object.fromEntries(d)).toEqual({ "X:0:5": "accepted", "Y:6:9": "open", "Z:1:3": "open" });
    expect(selectForAcceptance(cands, 1, d).map((c) => c.key)).not.toContain("X:0:5");
  });

  it("selects open candidates with at least k supporters, and nothing more after they are accepted", () => {
    const open = decisionsFor(cands, [], []);
    expect(selectForAcceptance(cands, 2, open).map((c) => c.key)).toEqual(["X:0:5", "Y:6:9"]);
    expect(selectForAcceptance(cands, 3, open).map((c) => c.key)).toEqual(["X:0:5"]);
    expect(selectForAcceptance(cands, 1, open)).toHaveLength(3);
    const after = decisionsFor(
      cands,
      [
        { label: "X", start: 0, end: 5 },
        { label: "Y", start: 6, end: 9 },
      ],
      [],
    );
    expect(selectForAcceptance(cands, 2, after)).toEqual([]);
  });

  it("skips rejected candidates", () => {
    const d = decisionsFor(cands, [], [{ label: "Y", start: 6, end: 9 }]);
    expect(selectForAcceptance(cands, 2, d).map((c) => c.key)).toEqual(["X:0:5"]);
  });

  it("refuses a threshold below 1", () => {
    expect(() => selectForAcceptance(cands, 0, new Map())).toThrow(RangeError);
  });
});
