import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { pairwiseSpanF1, type LabeledInterval } from "./f1";
import { LABELS, refOverlapCredits, union } from "./reference.testutil";

describe("pairwiseSpanF1: hand-computed", () => {
  /*
   * A: P[0,10)  P[20,30)  Q[40,44)
   * B: P[0,10)  P[25,35)  Q[50,60)
   * Exact: one match (P[0,10)); |A| = |B| = 3: P = R = F1 = 1/3.
   * Overlap (SemEval-2020 Task 11), same-label intersections:
   *   P[0,10)  x P[0,10):  10 -> 10/10 for both sides
   *   P[20,30) x P[25,35):  5 -> 5/10 for A, 5/10 for B
   *   Q: no overlap.
   *   creditA = 1.5, P = 1.5/3 = 0.5; creditB = 1.5, R = 0.5; F1 = 0.5.
   * Per label: P: exact F1 = 2*1/(2+2) = 0.5, overlap P = R = 0.75 -> F1 0.75;
   *            Q: 0 and 0. Macro exact = 0.25, macro overlap = 0.375.
   */
  const A: LabeledInterval[] = [
    { label: "P", start: 0, end: 10 },
    { label: "P", start: 20, end: 30 },
    { label: "Q", start: 40, end: 44 },
  ];
  const B: LabeledInterval[] = [
    { label: "P", start: 0, end: 10 },
    { label: "P", start: 25, end: 35 },
    { label: "Q", start: 50, end: 60 },
  ];
  const r = pairwiseSpanF1(A, B);
  it("exact", () => {
    expect(r.exact.micro.f1).toBeCloseTo(1 / 3, 12);
    expect(r.exact.micro.precision).toBeCloseTo(1 / 3, 12);
    expect(r.exact.macro.f1).toBeCloseTo(0.25, 12);
    expect(r.exact.macro.labels).toBe(2);
  });
  it("overlap with partial credit", () => {
    expect(r.overlap.micro.precision).toBeCloseTo(0.5, 12);
    expect(r.overlap.micro.recall).toBeCloseTo(0.5, 12);
    expect(r.overlap.micro.f1).toBeCloseTo(0.5, 12);
    expect(r.overlap.perLabel.find((x) => x.label === "P")!.result.f1).toBeCloseTo(0.75, 12);
    expect(r.overlap.macro.f1).toBeCloseTo(0.375, 12);
  });
  it("asymmetric lengths: A [0,4) vs B [0,10): P = 1, R = 0.4", () => {
    const x = pairwiseSpanF1([{ label: "P", start: 0, end: 4 }], [{ label: "P", start: 0, end: 10 }]).overlap.micro;
    expect(x.precision).toBe(1);
    expect(x.recall).toBeCloseTo(0.4, 12);
    expect(x.f1).toBeCloseTo((2 * 0.4) / 1.4, 12);
  });
  it("different labels never match", () => {
    const x = pairwiseSpanF1([{ label: "P", start: 0, end: 4 }], [{ label: "Q", start: 0, end: 4 }]);
    expect(x.exact.micro.f1).toBe(0);
    expect(x.overlap.micro.f1).toBe(0);
  });
  it("undefined and one-sided cases", () => {
    const none = pairwiseSpanF1([], []);
    expect(none.exact.micro.f1).toBeNull();
    expect(none.exact.micro.undefinedCode).toBe("no-spans");
    expect(none.overlap.macro.f1).toBeNull();
    const oneSided = pairwiseSpanF1([], [{ label: "P", start: 0, end: 4 }]).overlap.micro;
    expect(oneSided.precision).toBeNull(); // 0/0
    expect(oneSided.recall).toBe(0);
    expect(oneSided.f1).toBe(0); // genuine total disagreement
  });
  it("a rater's overlapping spans are merged for overlap F1 (credit <= 1), exact duplicates count once", () => {
    const x = pairwiseSpanF1(
      [
        { label: "P", start: 0, end: 6 },
        { label: "P", start: 4, end: 10 },
      ],
      [
        { label: "P", start: 0, end: 10 },
        { label: "P", start: 0, end: 10 },
      ],
    );
    expect(x.overlap.micro.f1).toBe(1);
    expect(x.overlap.micro.unitsA).toBe(1); // [0,6) and [4,10) merged into [0,10)
    // exact match uses the raw spans: [0,6), [4,10) vs [0,10) (duplicate counted once) -> no match
    expect(x.exact.micro.unitsA).toBe(2);
    expect(x.exact.micro.unitsB).toBe(1);
    expect(x.exact.micro.f1).toBe(0);
    const dup = pairwiseSpanF1(
      [
        { label: "P", start: 0, end: 10 },
        { label: "P", start: 0, end: 10 },
      ],
      [{ label: "P", start: 0, end: 10 }],
    );
    expect(dup.exact.micro.f1).toBe(1);
  });
});

const spansArb = fc.array(
  fc
    .record({
      label: fc.constantFrom(...LABELS),
      start: fc.integer({ min: 0, max: 40 }),
      len: fc.integer({ min: 1, max: 12 }),
    })
    .map(({ label, start, len }) => ({ label, start, end: start + len })),
  { maxLength: 10 },
);

function mergedPerLabel(spans: readonly LabeledInterval[]): LabeledInterval[] {
  return LABELS.flatMap((label) =>
    union(spans.filter((s) => s.label === label).map((s) => [s.start, s.end] as const)).map(([start, end]) => ({
      label,
      start,
      end,
    })),
  );
}

describe("properties", () => {
  it("overlap credits equal the all-pairs SemEval formula on merged spans", () => {
    fc.assert(
      fc.property(spansArb, spansArb, (a, b) => {
        const r = pairwiseSpanF1(a, b).overlap.micro;
        const ref = refOverlapCredits(mergedPerLabel(a), mergedPerLabel(b));
        expect(r.creditA).toBeCloseTo(ref.creditA, 10);
        expect(r.creditB).toBeCloseTo(ref.creditB, 10);
      }),
    );
  });
  it("F1 is symmetric; P and R swap; all within [0, 1]", () => {
    fc.assert(
      fc.property(spansArb, spansArb, (a, b) => {
        const ab = pairwiseSpanF1(a, b);
        const ba = pairwiseSpanF1(b, a);
        for (const kind of ["exact", "overlap"] as const) {
          const x = ab[kind].micro;
          const y = ba[kind].micro;
          expect(x.f1 === null).toBe(y.f1 === null);
          if (x.f1 !== null) expect(x.f1).toBeCloseTo(y.f1!, 12);
          expect(x.precision === null).toBe(y.recall === null);
          if (x.precision !== null) expect(x.precision).toBeCloseTo(y.recall!, 12);
          for (const v of [x.precision, x.recall, x.f1]) {
            if (v === null) continue;
            expect(v).toBeGreaterThanOrEqual(0);
            expect(v).toBeLessThanOrEqual(1 + 1e-12);
          }
          if (ab[kind].macro.f1 !== null) expect(ab[kind].macro.f1).toBeCloseTo(ba[kind].macro.f1!, 12);
        }
      }),
    );
  });
  it("identical span sets give F1 = 1 for both variants", () => {
    fc.assert(
      fc.property(
        spansArb.filter((a) => a.length > 0),
        (a) => {
          const r = pairwiseSpanF1(a, [...a].reverse());
          expect(r.exact.micro.f1).toBe(1);
          expect(r.overlap.micro.f1).toBeCloseTo(1, 12);
        },
      ),
    );
  });
});
