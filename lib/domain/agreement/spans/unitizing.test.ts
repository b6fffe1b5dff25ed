import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { dkproExpected, dkproObserved, intervalsArb, union, type Interval } from "./reference.testutil";
import {
  continuumParts,
  observedPairSum,
  unitizingAlpha,
  unitizingSectionDistance,
  type UnitizingUnit,
} from "./unitizing";

/*
 * Reference values — where they come from (be precise about provenance):
 *
 * - "Krippendorff (1995)": the four two-coder examples A-D on a continuum of
 *   24 positions (Krippendorff 1995, Sociological Methodology 25, p. 57), as
 *   transcribed in DKPro Statistics' unit test `Krippendorff1995Test`
 *   (org.dkpro.statistics.agreement.unitizing). The published alphas
 *   0.553 / -0.926 / 0.679 / 0.066 are what that test asserts, with tolerance
 *   0.02, after stretching the continuum (x50,000) because the paper's formula
 *   treats the continuum as continuous while the implementation counts
 *   discrete positions; DKPro notes a probable error in the paper's D_e
 *   (category C differs by ~0.014). The D_o values (0.03125, 2.26736, 0.02777,
 *   0.38715) and the D_e values at stretch 0.5 are asserted by DKPro to 1e-5.
 *   We did not check the paper itself: these are "published figures as
 *   encoded in DKPro's tests".
 * - "Krippendorff (2004)": the example of Content Analysis 2nd ed. p. 254
 *   (section 12.4) as encoded in DKPro's `Krippendorff2004Test`: continuum
 *   [150, 450), two observers, categories c and k; asserted there:
 *   D_o(c) = 0.0144, D_e(c) = 0.0532, alpha(c) = 0.7286, alpha(k) = 1,
 *   pooled alpha = 0.8591 (+-0.0005), and the delta^2 distances 40, 26, 16,
 *   10, 8, 2, 0, 50, 850, 400 from the book's illustrations.
 * - Hand-derived: the 10-position example below (also DKPro's
 *   `UnitizingAgreementTest`, which asserts 0.9100 / 0.5351 / -0.7003),
 *   computed step by step in the comment from Krippendorff's formulas.
 * - Values pinned to more digits than the published ones are OUR output
 *   (same formula as DKPro), kept as regression guards, not references.
 */

function example1995(stretch: number): { length: number; raters: string[]; units: UnitizingUnit[] } {
  const st = (x: number): number => Math.trunc(x * stretch);
  const units: UnitizingUnit[] = [];
  // DKPro addUnit(offset, length, rater, category)
  const add = (o: number, l: number, r: number, c: string): void => {
    units.push({ rater: String(r), label: c, start: st(o), end: st(o) + st(l) });
  };
  // A Bertha:  0 0|1 1 1 1 1 1 1 1|0 0 0 0|1 1 1 1 1 1|0 0 0 0
  //   Bill:    0 0 0 0|1 1 1 1|0 0 0 0 0 0 0|1 1|0 0 0 0 0 0 0
  add(2, 8, 0, "A");
  add(14, 6, 0, "A");
  add(4, 4, 1, "A");
  add(15, 2, 1, "A");
  // B John:    1 x 18 | 0 x 6 ;  Jill: 1 1|1|1|1|1|1 1 1|1|0 ...
  add(0, 18, 0, "B");
  add(0, 2, 1, "B");
  add(2, 1, 1, "B");
  add(3, 1, 1, "B");
  add(4, 1, 1, "B");
  add(5, 1, 1, "B");
  add(6, 3, 1, "B");
  add(9, 1, 1, "B");
  // C Gerret:  0 0|1 1 1 1 1 1|0 0|1 1|0 0|1 1 1 1|0 0|1 1|0 0
  //   Gill:    1 1|0 0|1 1 1 1|0 0|1 1 1 1|0 0|1 1|0 0|1 1|0 0
  add(2, 6, 0, "C");
  add(10, 2, 0, "C");
  add(14, 4, 0, "C");
  add(20, 2, 0, "C");
  add(0, 2, 1, "C");
  add(4, 4, 1, "C");
  add(10, 4, 1, "C");
  add(16, 2, 1, "C");
  add(20, 2, 1, "C");
  // D Heather: 1 1|1 1 1 1 1 1 1 1|1 1 1 1|1 1 1 1 1 1|1 1 1 1
  //   Hill:    1 1 1 1|1 1 1 1|1 1 1 1 1 1 1|1 1|1 1 1 1 1 1 1
  add(0, 2, 0, "D");
  add(2, 8, 0, "D");
  add(10, 4, 0, "D");
  add(14, 6, 0, "D");
  add(20, 4, 0, "D");
  add(0, 4, 1, "D");
  add(4, 4, 1, "D");
  add(8, 7, 1, "D");
  add(15, 2, 1, "D");
  add(17, 7, 1, "D");
  return { length: st(24), raters: ["0", "1"], units };
}

function example2004(): { length: number; raters: string[]; units: UnitizingUnit[] } {
  // DKPro: UnitizingAnnotationStudy(2, begin 150, length 300); shifted by -150 (alpha is translation-invariant).
  const raw: [number, number, number, string][] = [
    [225, 70, 0, "c"],
    [370, 30, 0, "c"],
    [220, 80, 1, "c"],
    [355, 20, 1, "c"],
    [400, 20, 1, "c"],
    [180, 60, 0, "k"],
    [300, 50, 0, "k"],
    [180, 60, 1, "k"],
    [300, 50, 1, "k"],
  ];
  return {
    length: 300,
    raters: ["i", "j"],
    units: raw.map(([o, l, r, c]) => ({ rater: r === 0 ? "i" : "j", label: c, start: o - 150, end: o - 150 + l })),
  };
}

function label(report: ReturnType<typeof unitizingAlpha>, name: string) {
  const x = report.perLabel.find((p) => p.label === name);
  if (!x) throw new Error(`no label ${name}`);
  return x.alpha;
}

describe("unitizingSectionDistance (DKPro measureDistance)", () => {
  it("reproduces the Krippendorff (2004) distances asserted by DKPro", () => {
    // (offset, length, isUnit) pairs as in DKPro's Krippendorff2004Test
    expect(unitizingSectionDistance(2, 3, false, 2, 2, true) + unitizingSectionDistance(5, 6, true, 4, 7, false)).toBe(
      40,
    );
    expect(unitizingSectionDistance(3, 2, false, 3, 2, true) + unitizingSectionDistance(5, 6, true, 5, 6, false)).toBe(
      40,
    );
    expect(unitizingSectionDistance(5, 6, true, 4, 2, true)).toBe(26);
    expect(unitizingSectionDistance(5, 6, true, 5, 2, true)).toBe(16);
    expect(unitizingSectionDistance(5, 6, true, 6, 2, true)).toBe(10);
    expect(unitizingSectionDistance(5, 6, true, 7, 2, true)).toBe(8);
    expect(unitizingSectionDistance(5, 6, true, 6, 4, true)).toBe(2);
    expect(unitizingSectionDistance(5, 6, true, 5, 6, true)).toBe(0);
    expect(unitizingSectionDistance(225, 70, true, 220, 80, true)).toBe(50);
    expect(unitizingSectionDistance(370, 30, true, 355, 20, true)).toBe(850);
    expect(unitizingSectionDistance(400, 50, false, 400, 20, true)).toBe(400);
  });

  it("reproduces DKPro UnitizingAgreementTest.testDistanceMetric", () => {
    expect(unitizingSectionDistance(0, 1, false, 0, 2, false)).toBe(0);
    expect(unitizingSectionDistance(1, 8, true, 0, 2, false)).toBe(0);
    expect(unitizingSectionDistance(1, 8, true, 2, 1, true)).toBe(37);
    expect(unitizingSectionDistance(1, 8, true, 3, 1, false)).toBe(0);
    expect(unitizingSectionDistance(1, 8, true, 4, 1, true)).toBe(25);
    expect(unitizingSectionDistance(1, 8, true, 5, 1, false)).toBe(0);
    expect(unitizingSectionDistance(1, 8, true, 6, 1, true)).toBe(29);
    expect(unitizingSectionDistance(1, 8, true, 7, 4, false)).toBe(0);
    expect(unitizingSectionDistance(9, 2, false, 7, 4, false)).toBe(0);
  });
});

describe("Krippendorff (1995) example, via DKPro Krippendorff1995Test", () => {
  it("observed disagreement D_o per category (DKPro asserts to 1e-5)", () => {
    const r = unitizingAlpha(example1995(1));
    expect(label(r, "A").observed).toBeCloseTo(0.03125, 5);
    expect(label(r, "B").observed).toBeCloseTo(2.26736, 5);
    expect(label(r, "C").observed).toBeCloseTo(0.02777, 4); // 0.027777...; DKPro: 0.02777 +- 1e-5
    expect(Math.abs(label(r, "C").observed! - 0.02777)).toBeLessThan(1e-5);
    expect(label(r, "D").observed).toBeCloseTo(0.38715, 5);
  });

  it("expected disagreement and alpha in the continuous limit (stretch 50,000; published alphas +-0.02)", () => {
    const r = unitizingAlpha(example1995(1_200_000 / 24));
    expect(r.length).toBe(1_200_000);
    const tol = (x: number | null, want: number, t: number): void => expect(Math.abs(x! - want)).toBeLessThanOrEqual(t);
    tol(label(r, "A").expected, 0.0699, 0.005);
    tol(label(r, "B").expected, 1.17731, 0.005);
    tol(label(r, "C").expected, 0.08642, 0.005);
    tol(label(r, "D").expected, 0.41445, 0.005);
    tol(label(r, "A").value, 0.553, 0.02);
    tol(label(r, "B").value, -0.926, 0.02);
    tol(label(r, "C").value, 0.679, 0.02);
    tol(label(r, "D").value, 0.066, 0.02);
    for (const c of ["A", "B", "C", "D"])
      expect(Math.abs(label(r, c).observed! - label(unitizingAlpha(example1995(1)), c).observed!)).toBeLessThan(1e-9);
    // Our own output (regression guard, not a published figure):
    expect(label(r, "A").value).toBeCloseTo(0.5529, 4);
    expect(label(r, "B").value).toBeCloseTo(-0.92838, 4);
    expect(label(r, "C").value).toBeCloseTo(0.69306, 4);
    expect(label(r, "D").value).toBeCloseTo(0.06587, 4);
  });

  it("category C for growing stretch factors (DKPro's testVaryingLengths)", () => {
    const cases: [number, number, number, number, number][] = [
      // stretch, D_e, tol, alpha, tol
      [12 / 24, 0.05494, 0.00001, 0.494, 0.02],
      [120 / 24, 0.08234, 0.005, 0.663, 0.02],
      [1200 / 24, 0.086, 0.005, 0.677, 0.02],
      [12000 / 24, 0.08638, 0.005, 0.678, 0.02],
      [120000 / 24, 0.08642, 0.005, 0.679, 0.02],
    ];
    for (const [stretch, de, deTol, a, aTol] of cases) {
      const c = label(unitizingAlpha(example1995(stretch)), "C");
      expect(Math.abs(c.observed! - 0.02777)).toBeLessThan(1e-5);
      expect(Math.abs(c.expected! - de)).toBeLessThanOrEqual(deTol);
      expect(Math.abs(c.value! - a)).toBeLessThanOrEqual(aTol);
    }
  });
});

describe("Krippendorff (2004, p. 254) example, via DKPro Krippendorff2004Test", () => {
  const r = unitizingAlpha(example2004());
  it("category c", () => {
    const c = label(r, "c");
    expect(Math.abs(c.observed! - 0.0144)).toBeLessThan(1e-4);
    expect(Math.abs(c.expected! - 0.0532)).toBeLessThan(1e-4);
    expect(Math.abs(c.value! - 0.7286)).toBeLessThan(1e-4);
    expect(c.units).toBe(5);
    expect(c.raters).toBe(2);
  });
  it("category k: identical unitizations give alpha = 1", () => {
    const k = label(r, "k");
    expect(k.observed).toBe(0);
    expect(Math.abs(k.expected! - 0.049)).toBeLessThan(1e-4);
    expect(k.value).toBe(1);
  });
  it("pooled over categories: 1 - mean D_o / mean D_e", () => {
    expect(Math.abs(r.pooled.value! - 0.8591)).toBeLessThanOrEqual(0.0005);
    // our exact output: 1 - 0.0072222 / 0.0511002
    expect(r.pooled.value).toBeCloseTo(0.858665, 5);
  });
});

describe("hand-derived example (L = 10, two raters)", () => {
  /*
   * r0: -11111111-   one unit [1,9)
   * r1: --1-1-1---   units [2,3) [4,5) [6,7)
   *
   * Sections: r0 = gap[0,1) unit[1,9) gap[9,10);
   *           r1 = gap[0,2) unit[2,3) gap[3,4) unit[4,5) gap[5,6) unit[6,7) gap[7,10).
   * delta^2 of overlapping section pairs (unit/unit: (b-b')^2 + (e-e')^2;
   * unit inside a gap: l^2; else 0):
   *   [1,9) vs [2,3): 1 + 36 = 37;  vs [4,5): 9 + 16 = 25;  vs [6,7): 25 + 4 = 29;
   *   gaps of r1 lie inside r0's unit (a gap inside a unit scores 0), r0's unit
   *   is inside no gap of r1; all gap/gap pairs 0.      Sum = 91.
   *   D_o = 2 * 91 / (R(R-1) L^2) = 182 / (2 * 100) = 0.91
   *
   * Expected: N = 4 units, lengths 8, 1, 1, 1; sum l(l-1) = 56.
   *   gaps: r0 {1, 1}, r1 {2, 1, 1, 3}  -> all gaps {1, 1, 2, 1, 1, 3}
   *   l = 8: (N-1) l(2l-1)(l-1)/3 = 3 * 8 * 15 * 7 / 3 = 840; no gap >= 8 -> 840
   *   l = 1: first term 0; l^2 * sum_{g >= 1} (g - 1 + 1) = 9 -> 9 each, 27 for three
   *   total 867;  D_e = (2/L) * 867 / (R L (R L - 1) - 56) = 173.4 / (380 - 56)
   *       = 173.4 / 324 = 0.535185...
   *   alpha = 1 - 0.91 / 0.535185 = -0.700346...
   * (DKPro's UnitizingAgreementTest asserts 0.9100, 0.5351, -0.7003.)
   */
  const study = {
    length: 10,
    raters: ["r0", "r1"],
    units: [
      { rater: "r0", label: "A", start: 1, end: 9 },
      { rater: "r1", label: "A", start: 2, end: 3 },
      { rater: "r1", label: "A", start: 4, end: 5 },
      { rater: "r1", label: "A", start: 6, end: 7 },
    ],
  };
  it("matches the step-by-step computation", () => {
    const a = unitizingAlpha(study).pooled;
    expect(a.observed).toBeCloseTo(0.91, 12);
    expect(a.expected).toBeCloseTo(173.4 / 324, 12);
    expect(a.value).toBeCloseTo(1 - 0.91 / (173.4 / 324), 12);
    expect(a.value).toBeCloseTo(-0.7003, 4);
    expect(a.units).toBe(4);
  });
  it("observed pair sum is 91 in both orders", () => {
    expect(observedPairSum([1, 9], 0, 1, [2, 3, 4, 5, 6, 7], 0, 3)).toBe(91);
    expect(observedPairSum([2, 3, 4, 5, 6, 7], 0, 3, [1, 9], 0, 1)).toBe(91);
  });
});

describe("undefined and degenerate cases", () => {
  it("single unit of one of three raters: D_o = D_e, alpha = 0 (DKPro testSingleAnnotationUnit)", () => {
    // D_o = 2 * (1 + 1) / (3 * 2 * 400) = 1/600; D_e = (2/20) * (19 + 20 + 20) / (60 * 59) = 1/600.
    const a = unitizingAlpha({
      length: 20,
      raters: ["0", "1", "2"],
      units: [{ rater: "0", label: "X", start: 0, end: 1 }],
    }).pooled;
    expect(a.observed).toBeCloseTo(1 / 600, 15);
    expect(a.expected).toBeCloseTo(1 / 600, 15);
    expect(a.value).toBeCloseTo(0, 12);
  });
  it("no units at all: null with no-units (DKPro: NaN)", () => {
    const a = unitizingAlpha({ length: 20, raters: ["0", "1", "2"], units: [] }).pooled;
    expect(a.value).toBeNull();
    expect(a.undefinedCode).toBe("no-units");
  });
  it("one rater: null with too-few-raters", () => {
    const a = unitizingAlpha({
      length: 20,
      raters: ["0"],
      units: [{ rater: "0", label: "X", start: 2, end: 5 }],
    }).pooled;
    expect(a.value).toBeNull();
    expect(a.undefinedCode).toBe("too-few-raters");
  });
  it("no possible variation (L = 1, both raters mark the one position): null with no-variation", () => {
    const a = unitizingAlpha({
      length: 1,
      raters: ["0", "1"],
      units: [
        { rater: "0", label: "X", start: 0, end: 1 },
        { rater: "1", label: "X", start: 0, end: 1 },
      ],
    }).pooled;
    expect(a.value).toBeNull();
    expect(a.undefinedCode).toBe("no-variation");
  });
  it("a rater's overlapping units are merged (union) before scoring; touching ones are not", () => {
    const merged = unitizingAlpha({
      length: 30,
      raters: ["a", "b"],
      units: [
        { rater: "a", label: "X", start: 2, end: 8 },
        { rater: "a", label: "X", start: 5, end: 12 },
        { rater: "b", label: "X", start: 2, end: 12 },
      ],
    });
    expect(merged.pooled.value).toBe(1);
    expect(merged.pooled.units).toBe(2);
    const touching = unitizingAlpha({
      length: 30,
      raters: ["a", "b"],
      units: [
        { rater: "a", label: "X", start: 2, end: 8 },
        { rater: "a", label: "X", start: 8, end: 12 },
        { rater: "b", label: "X", start: 2, end: 12 },
      ],
    });
    expect(touching.pooled.units).toBe(3);
    expect(touching.pooled.value).toBeLessThan(1);
  });
  it("rejects units outside the continuum and unknown raters", () => {
    expect(() =>
      unitizingAlpha({ length: 5, raters: ["a"], units: [{ rater: "a", label: "X", start: 2, end: 6 }] }),
    ).toThrow(RangeError);
    expect(() =>
      unitizingAlpha({ length: 5, raters: ["a"], units: [{ rater: "b", label: "X", start: 2, end: 3 }] }),
    ).toThrow(RangeError);
  });
});

const studyArb = fc
  .integer({ min: 1, max: 30 })
  .chain((L) => fc.tuple(fc.constant(L), fc.array(intervalsArb(L), { minLength: 2, maxLength: 4 })));

function flat(list: readonly Interval[]): number[] {
  return list.flat();
}

describe("properties", () => {
  it("D_o and D_e equal a literal port of DKPro's loops", () => {
    fc.assert(
      fc.property(studyArb, ([L, raw]) => {
        const perRater = raw.map(union);
        const parts = continuumParts(perRater.map(flat), L);
        expect(parts.observed).toBeCloseTo(dkproObserved(L, perRater), 12);
        if (parts.units > 0) expect(parts.expected).toBeCloseTo(dkproExpected(L, perRater), 12);
      }),
      { numRuns: 500 },
    );
  });

  it("perfect agreement gives 1 (or no-variation when D_e = 0)", () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 30 })
          .chain((L) => fc.tuple(fc.constant(L), intervalsArb(L), fc.integer({ min: 2, max: 5 }))),
        ([L, list, R]) => {
          const raters = Array.from({ length: R }, (_, i) => `r${i}`);
          const units = raters.flatMap((rater) => list.map(([start, end]) => ({ rater, label: "X", start, end })));
          const a = unitizingAlpha({ length: L, raters, units }).pooled;
          if (list.length === 0) expect(a.undefinedCode).toBe("no-units");
          else if (a.value === null) expect(a.undefinedCode).toBe("no-variation");
          else expect(a.value).toBe(1);
        },
      ),
    );
  });

  it("alpha <= 1, and invariant to rater order and rater names", () => {
    fc.assert(
      fc.property(studyArb, fc.integer({ min: 0, max: 1000 }), ([L, raw], seed) => {
        const raters = raw.map((_, i) => `r${i}`);
        const units = raw.flatMap((list, i) =>
          list.map(([start, end]) => ({ rater: raters[i]!, label: "X", start, end })),
        );
        const a = unitizingAlpha({ length: L, raters, units }).pooled;
        if (a.value !== null) expect(a.value).toBeLessThanOrEqual(1 + 1e-12);
        // rotate the rater order and rename
        const k = seed % raters.length;
        const rotated = [...raters.slice(k), ...raters.slice(0, k)];
        const rename = (r: string): string => `z-${r}`;
        const b = unitizingAlpha({
          length: L,
          raters: rotated.map(rename),
          units: units.map((u) => ({ ...u, rater: rename(u.rater) })),
        }).pooled;
        expect(b.value === null).toBe(a.value === null);
        if (a.value !== null) expect(b.value).toBeCloseTo(a.value, 10);
      }),
    );
  });

  it("the pairwise observed sum is symmetric", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }).chain((L) => fc.tuple(intervalsArb(L, 8), intervalsArb(L, 8))),
        ([x, y]) => {
          const a = flat(union(x));
          const b = flat(union(y));
          expect(observedPairSum(a, 0, a.length / 2, b, 0, b.length / 2)).toBe(
            observedPairSum(b, 0, b.length / 2, a, 0, a.length / 2),
          );
        },
      ),
    );
  });

  it("D_o is invariant to stretching the continuum (delta^2 and L^2 scale alike)", () => {
    fc.assert(
      fc.property(studyArb, fc.integer({ min: 2, max: 7 }), ([L, raw], k) => {
        const perRater = raw.map(union);
        const stretched = perRater.map((list) => list.map(([s, e]) => [s * k, e * k] as [number, number]));
        const a = continuumParts(perRater.map(flat), L).observed;
        const b = continuumParts(stretched.map(flat), L * k).observed;
        expect(b).toBeCloseTo(a, 12);
      }),
    );
  });

  it("pooled alpha of a single label equals that label's alpha", () => {
    fc.assert(
      fc.property(studyArb, ([L, raw]) => {
        const raters = raw.map((_, i) => `r${i}`);
        const units = raw.flatMap((list, i) =>
          list.map(([start, end]) => ({ rater: raters[i]!, label: "X", start, end })),
        );
        const r = unitizingAlpha({ length: L, raters, units });
        if (r.perLabel.length === 1) expect(r.pooled.value).toBe(r.perLabel[0]!.alpha.value);
      }),
    );
  });
});
