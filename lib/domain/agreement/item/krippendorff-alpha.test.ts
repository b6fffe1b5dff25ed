import { describe, expect, it } from "vitest";
import { krippendorffAlpha } from "./krippendorff-alpha";
import { prepareRatings } from "./prepare";
import { fromPairs, fromRaterRows, naiveAlpha } from "./test-fixtures";
import type { MeasurementLevel } from "./types";

/**
 * Krippendorff, K. (2011). "Computing Krippendorff's Alpha-Reliability",
 * Annenberg School for Communication, University of Pennsylvania
 * (repository.upenn.edu/asc_papers/43), section E: 4 observers x 12 units with
 * missing values ('.' = null). Published: nominal .743, ordinal .815,
 * interval .849, ratio .797. Unit 12 has a single value and is not pairable.
 */
const KRIPPENDORFF_2011 = fromRaterRows({
  A: [1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null],
  B: [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3],
  C: [null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null],
  D: [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null],
});

describe("Krippendorff's alpha — Krippendorff (2011) reliability data, 4 observers x 12 units", () => {
  const published: Record<MeasurementLevel, number> = { nominal: 0.743, ordinal: 0.815, interval: 0.849, ratio: 0.797 };
  for (const [level, expected] of Object.entries(published) as [MeasurementLevel, number][]) {
    it(`${level} alpha = ${expected}`, () => {
      const r = krippendorffAlpha(KRIPPENDORFF_2011, { level });
      expect(r.value).not.toBeNull();
      expect(r.value as number).toBeCloseTo(expected, 3);
      expect(r.undefinedReason).toBeUndefined();
      // 11 pairable units with n = 40 pairable values; unit 12 (one value) dropped.
      expect(r.items).toBe(11);
      expect(r.itemsExcluded).toBe(1);
      expect(r.pairableValues).toBe(40);
      expect(r.raters).toBe(4);
    });
  }

  it("nominal D_o and D_e match the paper's coincidence-matrix arithmetic", () => {
    // Krippendorff (2011) sec. E, nominal: alpha = 1 - (n-1) * sum_{c!=k} o_ck / sum_{c!=k} n_c n_k
    // with n = 40, sum_{c!=k} o_ck = 8 (8 disagreeing coincidences) and
    // n_c = (9, 13, 10, 5, 3): sum_{c!=k} n_c n_k = 40^2 - (81+169+100+25+9) = 1216.
    // alpha = 1 - 39 * 8 / 1216 = 0.74342...
    const r = krippendorffAlpha(KRIPPENDORFF_2011);
    expect(r.observed as number).toBeCloseTo(8 / 40, 12);
    expect(r.expected as number).toBeCloseTo(1216 / (40 * 39), 12);
    expect(r.value as number).toBeCloseTo(1 - (39 * 8) / 1216, 12);
  });

  it("agrees with a brute-force coincidence-matrix implementation at every level", () => {
    for (const level of ["nominal", "ordinal", "interval", "ratio"] as const) {
      expect(krippendorffAlpha(KRIPPENDORFF_2011, { level }).value as number).toBeCloseTo(
        naiveAlpha(KRIPPENDORFF_2011, level) as number,
        12,
      );
    }
  });

  it("accepts prepared data and gives the same result", () => {
    const prepared = prepareRatings(KRIPPENDORFF_2011);
    expect(krippendorffAlpha(prepared, { level: "interval" })).toEqual(
      krippendorffAlpha(KRIPPENDORFF_2011, { level: "interval" }),
    );
  });
});

describe("Krippendorff's alpha — two-observer examples", () => {
  it("binary, two observers, 10 units: alpha = 0.095", () => {
    // Krippendorff (2011) sec. A; also Krippendorff (2004) "Content Analysis", 2nd ed., sec. 11.3.1.
    // Coincidences o_00 = 10, o_01 = o_10 = 4, o_11 = 2; n_0 = 14, n_1 = 6, n = 20:
    // alpha = 1 - (n-1) o_01 / (n_0 n_1) = 1 - 19*4/84 = 2/21 = 0.0952...
    const r = krippendorffAlpha(fromPairs([0, 1, 0, 0, 0, 0, 0, 0, 1, 0], [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]));
    expect(r.value as number).toBeCloseTo(0.095, 3);
    expect(r.value as number).toBeCloseTo(2 / 21, 12);
  });

  it("nominal, two observers, 12 units, no missing data: alpha = 0.692", () => {
    // Krippendorff (2011) sec. B. By hand: 3 disagreeing units -> D_o = 6/24;
    // n_c = a 4, b 6, c 6, d 6, e 2 -> D_e = (24^2 - 128)/(24*23) = 448/552;
    // alpha = 1 - (6/24)(552/448) = 310/448 = 0.6920 (published .692).
    const r = krippendorffAlpha(fromPairs("a a b b d c c c e d d a".split(" "), "b a b b b c c c e d d d".split(" ")));
    expect(r.value as number).toBeCloseTo(0.692, 3);
    expect(r.value as number).toBeCloseTo(310 / 448, 12);
  });
});

describe("Krippendorff's alpha — undefined and edge cases", () => {
  it("one rater: null, too-few-raters", () => {
    const r = krippendorffAlpha(fromRaterRows({ A: [1, 2, 3] }));
    expect(r.value).toBeNull();
    expect(r.undefinedCode).toBe("too-few-raters");
    expect(r.undefinedReason).toMatch(/two raters/);
  });

  it("no unit with two values: null, no-pairable-items", () => {
    const r = krippendorffAlpha(fromRaterRows({ A: [1, null], B: [null, 2] }));
    expect(r.value).toBeNull();
    expect(r.undefinedCode).toBe("no-pairable-items");
    expect(r.items).toBe(0);
    expect(r.itemsExcluded).toBe(2);
  });

  it("all pairable values identical: null (D_e = 0), not 1", () => {
    for (const level of ["nominal", "ordinal", "interval", "ratio"] as const) {
      // Five pairable values of 0.1 (their floating-point mean is not exactly 0.1): D_e must be exactly 0.
      const r = krippendorffAlpha(fromRaterRows({ A: [0.1, 0.1, 7], B: [0.1, 0.1, null], C: [0.1, null, null] }), {
        level,
      });
      expect(r.value, level).toBeNull();
      expect(r.undefinedCode, level).toBe("no-variation");
      expect(r.observed, level).toBe(0);
      expect(r.expected, level).toBe(0);
    }
  });

  it("variation only in a dropped unit still counts as no variation", () => {
    const r = krippendorffAlpha(fromRaterRows({ A: ["x", "x", "y"], B: ["x", "x", null] }));
    expect(r.value).toBeNull();
    expect(r.undefinedCode).toBe("no-variation");
  });

  it("ordinal/interval/ratio on string values: null, non-numeric-values", () => {
    for (const level of ["ordinal", "interval", "ratio"] as const) {
      const r = krippendorffAlpha(fromPairs(["a", "b"], ["a", "a"]), { level });
      expect(r.value).toBeNull();
      expect(r.undefinedCode).toBe("non-numeric-values");
    }
  });

  it("ratio with a negative value: null, negative-values", () => {
    const r = krippendorffAlpha(fromPairs([-1, 2, 3], [-1, 2, 4]), { level: "ratio" });
    expect(r.value).toBeNull();
    expect(r.undefinedCode).toBe("negative-values");
  });

  it("ratio treats 0 vs 0 as agreement", () => {
    const r = krippendorffAlpha(fromPairs([0, 0, 5], [0, 0, 5]), { level: "ratio" });
    expect(r.value).toBe(1);
  });

  it("systematic disagreement gives a negative alpha", () => {
    const r = krippendorffAlpha(fromPairs(["a", "b", "a", "b"], ["b", "a", "b", "a"]));
    // D_o = 1, D_e = (64 - 32)/(8*7) = 4/7 -> alpha = 1 - 7/4 = -0.75
    expect(r.value as number).toBeCloseTo(-0.75, 12);
  });
});

describe("Krippendorff's alpha — scale invariance at the extremes of double precision", () => {
  const scaledBy = (f: number) => KRIPPENDORFF_2011.map((r) => ({ ...r, value: (r.value as number) * f }));
  for (const f of [1e200, 1e-170, 2 ** -1070 * 2 ** 50, 1e300]) {
    it(`interval and ratio alpha of the values x ${f} equal those of the values themselves`, () => {
      for (const level of ["interval", "ratio"] as const) {
        const r = krippendorffAlpha(scaledBy(f), { level });
        expect(r.undefinedCode, `${level} x ${f}`).toBeUndefined();
        expect(r.value as number).toBeCloseTo(krippendorffAlpha(KRIPPENDORFF_2011, { level }).value as number, 10);
      }
    });
  }

  it("scaling by a power of two changes no bit, and D_o / D_e are reported in the data's units", () => {
    const a = krippendorffAlpha(KRIPPENDORFF_2011, { level: "interval" });
    const b = krippendorffAlpha(scaledBy(2 ** 400), { level: "interval" });
    expect(b.value).toBe(a.value);
    expect(b.observed).toBe((a.observed as number) * 2 ** 800);
  });
});
