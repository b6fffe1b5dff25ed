import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { computeSpanAgreement } from "./compute";
import { pairwiseSpanF1 } from "./f1";
import { corpusArb } from "./reference.testutil";
import { reviewersAgainstGold, spanLeaveOneOut } from "./reviewers";
import type { Span } from "./types";

const sp = (document: string, rater: string, label: string, start: number, end: number): Span => ({
  document,
  rater,
  label,
  start,
  end,
});

describe("reviewers against gold", () => {
  /*
   * Hand-derived. d1, gold g: X [0,10), Y [20,30).
   *   a: X [0,10), Y [22,30). Exact: 1 of 2 match, P = R = F1 = 1/2. Overlap (credit |s∩t|/|s| for P,
   *      /|t| for R): X 1 and 1; Y 8/8 = 1 and 8/10 = 0.8; P = 2/2 = 1, R = 1.8/2 = 0.9, F1 = 1.8/1.9.
   *   b: X [0,5), X [40,50). Exact: 0 matches, P = R = 0. Overlap: X [0,5) in [0,10): 5/5 = 1 and 5/10 = 0.5;
   *      P = 1/2, R = 0.5/2 = 1/4, F1 = 2 * 1/8 / (3/4) = 1/3. Per label X: P = 1/2, R = 1/2; Y: no b span,
   *      P undefined, R = 0, F1 = 0.
   * d2: gold has no span, so it is not scored (a's span there does not count).
   */
  const spans: Span[] = [
    sp("d1", "g", "X", 0, 10),
    sp("d1", "g", "Y", 20, 30),
    sp("d1", "a", "X", 0, 10),
    sp("d1", "a", "Y", 22, 30),
    sp("d1", "b", "X", 0, 5),
    sp("d1", "b", "X", 40, 50),
    sp("d2", "a", "X", 0, 3),
  ];

  it("gives the hand-derived precision, recall and F1, exact and overlap, overall and per label", () => {
    const { labels, reviewers } = reviewersAgainstGold(spans, "g");
    expect(labels).toEqual(["X", "Y"]);
    expect(reviewers.map((r) => [r.reviewer, r.documents])).toEqual([
      ["a", 1],
      ["b", 1],
    ]);
    const [a, b] = reviewers;
    expect(a!.exact.micro).toMatchObject({ precision: 0.5, recall: 0.5, f1: 0.5, unitsA: 2, unitsB: 2 });
    expect(a!.overlap.micro.precision).toBeCloseTo(1, 12);
    expect(a!.overlap.micro.recall).toBeCloseTo(0.9, 12);
    expect(a!.overlap.micro.f1).toBeCloseTo(1.8 / 1.9, 12);
    expect(b!.exact.micro).toMatchObject({ precision: 0, recall: 0, f1: 0 });
    expect(b!.overlap.micro.precision).toBeCloseTo(0.5, 12);
    expect(b!.overlap.micro.recall).toBeCloseTo(0.25, 12);
    expect(b!.overlap.micro.f1).toBeCloseTo(1 / 3, 12);
    const x = b!.overlap.perLabel.find((p) => p.label === "X")!.result;
    const y = b!.overlap.perLabel.find((p) => p.label === "Y")!.result;
    expect([x.precision, x.recall]).toEqual([0.5, 0.5]);
    expect([y.precision, y.recall, y.f1]).toEqual([null, 0, 0]);
  });

  it("with a fully crossed design every document is scored (a's extra span in d2 costs precision)", () => {
    const a = reviewersAgainstGold(spans, "g", { raters: ["a", "b", "g"] }).reviewers[0]!;
    expect(a.documents).toBe(2);
    expect(a.exact.micro).toMatchObject({ unitsA: 3, unitsB: 2, precision: 1 / 3, recall: 0.5 });
  });

  it("pooled over documents equals one comparison of the documents laid end to end", () => {
    fc.assert(
      fc.property(corpusArb, ({ lengths, raters, spans: all }) => {
        const [gold, ...others] = raters;
        const { reviewers } = reviewersAgainstGold(all, gold!, { raters });
        const offset = new Map<string, number>();
        let at = 0;
        for (const d of [...lengths.keys()].sort()) {
          offset.set(d, at);
          at += lengths.get(d)!;
        }
        const shifted = (r: string) =>
          all
            .filter((s) => s.rater === r)
            .map((s) => ({
              label: s.label,
              start: s.start + offset.get(s.document)!,
              end: s.end + offset.get(s.document)!,
            }));
        for (const r of others) {
          const want = pairwiseSpanF1(shifted(r), shifted(gold!));
          const got = reviewers.find((x) => x.reviewer === r)!;
          for (const kind of ["exact", "overlap"] as const) {
            expect(got[kind].micro.unitsA).toBe(want[kind].micro.unitsA);
            expect(got[kind].micro.unitsB).toBe(want[kind].micro.unitsB);
            const f = got[kind].micro.f1;
            if (f === null) expect(want[kind].micro.f1).toBeNull();
            else expect(f).toBeCloseTo(want[kind].micro.f1!, 12);
          }
        }
      }),
      { numRuns: 100 },
    );
  });
});

describe("span leave-one-out", () => {
  // a and b mark the same phrases; c marks elsewhere: agreement rises without c and falls without a.
  const lengths = new Map([
    ["d1", 100],
    ["d2", 100],
  ]);
  const spans: Span[] = [];
  for (const d of ["d1", "d2"]) {
    for (const r of ["a", "b"]) spans.push(sp(d, r, "X", 10, 30), sp(d, r, "Y", 50, 60));
    spans.push(sp(d, "c", "X", 70, 90), sp(d, "c", "Y", 0, 5));
  }

  it("reports each rater's figures without them and the change", () => {
    const rows = spanLeaveOneOut(spans, lengths, { raters: ["a", "b", "c"] });
    expect(rows.map((r) => r.reviewer)).toEqual(["a", "b", "c"]);
    const c = rows.find((r) => r.reviewer === "c")!;
    expect(c.without.unitizingAlpha.value).toBe(1);
    expect(c.without.overlapF1Micro.value).toBe(1);
    expect(c.change.unitizingAlpha!).toBeGreaterThan(0);
    const a = rows.find((r) => r.reviewer === "a")!;
    expect(a.change.unitizingAlpha!).toBeLessThan(0);
    // Without a: exactly the figures of b and c alone.
    const bc = computeSpanAgreement(
      spans.filter((s) => s.rater !== "a"),
      lengths,
      { raters: ["b", "c"] },
    );
    expect(a.without.unitizingAlpha.value).toBe(bc.corpus.unitizingAlpha.value);
    expect(a.without.characterAlpha.value).toBe(bc.corpus.character.alpha.value);
    expect(a.without.tokenAlpha).toEqual({ value: null, undefinedCode: "no-text" });
    expect(a.change.tokenAlpha).toBeNull();
  });
});
