import { describe, expect, it } from "vitest";
import { disagreementTypology } from "./typology";
import type { Span } from "./types";

const s = (rater: string, label: string, start: number, end: number, document = "d"): Span => ({
  document,
  rater,
  label,
  start,
  end,
});

describe("disagreement typology", () => {
  it("classifies each span by the first class that applies, in both directions", () => {
    const r = disagreementTypology([
      s("a", "x", 0, 5),
      s("b", "x", 0, 5), // agree (both sides)
      s("a", "x", 10, 15),
      s("b", "x", 11, 15), // boundary (both sides)
      s("a", "x", 20, 25),
      s("b", "y", 20, 25), // label (both sides)
      s("a", "x", 30, 35),
      s("b", "y", 32, 40), // both (both sides)
      s("a", "y", 50, 55), // missed
      s("a", "x", 0, 0), // zero length: ignored
    ]);
    expect(r.pairs).toHaveLength(1);
    expect(r.pairs[0]!.total).toEqual({ agree: 2, boundary: 2, label: 2, both: 2, missed: 1 });
    const y = r.pairs[0]!.perLabel.find((l) => l.label === "y")!.counts;
    expect(y).toEqual({ agree: 0, boundary: 0, label: 1, both: 1, missed: 1 });
    expect(r.documents[0]!.pairs[0]!.counts).toEqual(r.pairs[0]!.total);
  });

  it("an exact match wins over other overlaps; a declared rater with no spans misses everything", () => {
    const r = disagreementTypology([s("a", "x", 0, 10), s("b", "y", 0, 10), s("b", "x", 0, 10)], {
      raters: ["a", "b", "c"],
    });
    const ab = r.pairs.find((p) => p.raterA === "a" && p.raterB === "b")!;
    expect(ab.total.agree).toBe(2);
    expect(ab.total.label).toBe(1);
    const ac = r.pairs.find((p) => p.raterA === "a" && p.raterB === "c")!;
    expect(ac.total).toEqual({ agree: 0, boundary: 0, label: 0, both: 0, missed: 1 });
  });

  it("confusion: overlap lengths of different raters' spans, symmetric", () => {
    const r = disagreementTypology([s("a", "x", 0, 10), s("b", "y", 5, 20), s("b", "x", 0, 3), s("a", "x", 8, 9, "e")]);
    expect(r.labels).toEqual(["x", "y"]);
    // x-y: [5,10) = 5 each way; x-x: [0,3) = 3, counted from both sides.
    expect(r.confusion).toEqual([
      [6, 5],
      [5, 0],
    ]);
  });
});
