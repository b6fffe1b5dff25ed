import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { computeSpanAgreement } from "./compute";
import { corpusArb } from "./reference.testutil";
import type { Span } from "./types";
import { unitizingAlpha, type UnitizingUnit } from "./unitizing";

const close = (got: number | null, want: number | null, digits = 12): void => {
  expect(got === null).toBe(want === null);
  if (got !== null && want !== null) expect(got).toBeCloseTo(want, digits);
};

/*
 * Hand-derived (Krippendorff 2004 sec. 12.4 formulas, as in unitizing.ts): one label, raters a and b,
 * documents d1 and d2 of length 10.
 *   d1: a [0,4), b [0,5)      d2: a [2,6), b [3,6)
 * Units 4, 4 (a) and 5, 3 (b): N = 4, L = 20, R = 2.
 * D_o: (0-0)^2 + (4-5)^2 = 1 in d1, (2-3)^2 + (6-6)^2 = 1 in d2: D_o = 2 * 2 / (2 * 1 * 20^2) = 1/200.
 * D_e denominator: RL (RL - 1) - sum l (l - 1) = 40 * 39 - (12 + 12 + 20 + 6) = 1510.
 * First term sum_u (N - 1) l (2l - 1)(l - 1) / 3 = 84 + 84 + 180 + 30 = 378.
 * Per-document gaps: a {6 | 2, 4}, b {5 | 3, 4}. Cross term sum_u l^2 sum_{g >= l} (g - l + 1):
 *   l=4: 16 * (3+1+2+1) = 112 (twice), l=5: 25 * (2+1) = 75, l=3: 9 * (4+2+3+1+2) = 108; total 407.
 *   D_e = (2/20) * 785 / 1510 = 78.5 / 1510, alpha = 1 - 7.55 / 78.5 = 1 - 151/1570 = 0.903821...
 * Concatenated (a's 6 + 2 and b's 5 + 3 join at the boundary): gaps a {8, 4}, b {8, 4}:
 *   l=4: 16 * 12 = 192 (twice), l=5: 25 * 8 = 200, l=3: 9 * 16 = 144; total 728.
 *   D_e = (2/20) * 1106 / 1510 = 110.6 / 1510, alpha = 1 - 7.55 / 110.6 = 1 - 151/2212 = 0.931735...
 */
const handSpans: Span[] = [
  { document: "d1", rater: "a", label: "x", start: 0, end: 4 },
  { document: "d1", rater: "b", label: "x", start: 0, end: 5 },
  { document: "d2", rater: "a", label: "x", start: 2, end: 6 },
  { document: "d2", rater: "b", label: "x", start: 3, end: 6 },
];
const handLengths = new Map([
  ["d1", 10],
  ["d2", 10],
]);

describe("corpus unitizing alpha: the two continuum conventions", () => {
  it("per-document gaps and concatenated documents give the hand-derived values", () => {
    const per = computeSpanAgreement(handSpans, handLengths);
    const cat = computeSpanAgreement(handSpans, handLengths, { continuum: "concatenated" });
    close(per.corpus.unitizingAlpha.value, 1 - 151 / 1570);
    close(cat.corpus.unitizingAlpha.value, 1 - 151 / 2212);
    close(per.perLabel[0]!.unitizingAlpha.observed, 1 / 200);
    close(cat.perLabel[0]!.unitizingAlpha.observed, 1 / 200);
    close(per.perLabel[0]!.unitizingAlpha.expected, 78.5 / 1510);
    close(cat.perLabel[0]!.unitizingAlpha.expected, 110.6 / 1510);
    // Only the corpus unitizing alpha depends on the convention.
    expect(cat.documents).toEqual(per.documents);
    expect(cat.corpus.character).toEqual(per.corpus.character);
    expect(cat.perPair).toEqual(per.perPair);
  });

  it("a document without the label in between extends the open gap", () => {
    // d1 ends with gaps 6 (a) and 5 (b); m (length 7) has no unit of x; d2 starts with gaps 2 and 3.
    const spans: Span[] = [...handSpans, { document: "m", rater: "a", label: "y", start: 0, end: 7 }];
    const lengths = new Map([...handLengths, ["m", 7]]);
    const cat = computeSpanAgreement(spans, lengths, { continuum: "concatenated", raters: ["a", "b"] });
    // Documents in name order d1, d2, m: the last gaps of d2 (4, 4) run on through m (7) to the end.
    const reference = unitizingAlpha({
      length: 27,
      raters: ["a", "b"],
      units: [
        ...handSpans.map((s) => ({
          ...s,
          start: s.start + (s.document === "d2" ? 10 : 0),
          end: s.end + (s.document === "d2" ? 10 : 0),
        })),
        { rater: "a", label: "y", start: 20, end: 27 },
      ],
    });
    close(cat.corpus.unitizingAlpha.value, reference.pooled.value);
    close(cat.perLabel.find((l) => l.label === "x")!.unitizingAlpha.value, reference.perLabel[0]!.alpha.value);
  });

  it("concatenated equals unitizing alpha on the explicitly concatenated continuum (documents in name order)", () => {
    fc.assert(
      fc.property(corpusArb, ({ lengths, raters, spans }) => {
        const report = computeSpanAgreement(spans, lengths, { raters, continuum: "concatenated" });
        const docs = [...lengths.keys()].sort();
        const offset = new Map<string, number>();
        let total = 0;
        for (const d of docs) {
          offset.set(d, total);
          total += lengths.get(d)!;
        }
        const units: UnitizingUnit[] = spans.map((s) => ({
          rater: s.rater,
          label: s.label,
          start: s.start + offset.get(s.document)!,
          end: s.end + offset.get(s.document)!,
        }));
        const reference = unitizingAlpha({ length: total, raters, units });
        close(report.corpus.unitizingAlpha.value, reference.pooled.value, 10);
        for (const { label, alpha } of reference.perLabel) {
          const got = report.perLabel.find((l) => l.label === label)!.unitizingAlpha;
          close(got.value, alpha.value, 10);
          close(got.expected ?? null, alpha.expected ?? null, 12);
        }
      }),
      { numRuns: 200 },
    );
  });
});
