import { describe, expect, it } from "vitest";
import { computeItemAgreement } from "./compute";
import { AgreementInputError, prepareRatings } from "./prepare";
import { fromPairs, fromRaterRows, pick } from "./test-fixtures";
import type { RatingRecord } from "./types";

describe("computeItemAgreement", () => {
  it("two raters, numeric: percent, Cohen, Scott, Fleiss, alpha and Gwet's AC at all four levels", () => {
    const report = computeItemAgreement(fromPairs([1, 2, 3, 4, 5], [1, 2, 3, 5, 5]));
    expect(report.coefficients.map((c) => (c.level ? `${c.name}:${c.level}` : c.name))).toEqual([
      "percentAgreement",
      "cohenKappa",
      "scottPi",
      "fleissKappa",
      "krippendorffAlpha:nominal",
      "krippendorffAlpha:ordinal",
      "krippendorffAlpha:interval",
      "krippendorffAlpha:ratio",
      "gwetAC1:nominal",
      "gwetAC2:ordinal",
      "gwetAC2:interval",
      "gwetAC2:ratio",
    ]);
    expect(report).toMatchObject({ records: 10, items: 5, raters: 2, categories: 5, allNumeric: true });
    // Two raters, complete data: Fleiss' kappa is Scott's pi.
    expect(pick(report.coefficients, "fleissKappa")?.value as number).toBeCloseTo(
      pick(report.coefficients, "scottPi")?.value as number,
      12,
    );
  });

  it("three raters, strings: no Cohen/Scott; alpha and AC1 nominal only", () => {
    const report = computeItemAgreement(fromRaterRows({ A: ["a", "b", "c"], B: ["a", "b", "b"], C: ["a", null, "c"] }));
    expect(report.coefficients.map((c) => c.name)).toEqual([
      "percentAgreement",
      "fleissKappa",
      "krippendorffAlpha",
      "gwetAC1",
    ]);
    expect(pick(report.coefficients, "krippendorffAlpha")?.level).toBe("nominal");
    expect(pick(report.coefficients, "fleissKappa")?.undefinedCode).toBe("unequal-ratings-per-item");
    expect(report.allNumeric).toBe(false);
  });

  it("explicit level: nominal plus the requested level, reported even when inapplicable", () => {
    const strings = computeItemAgreement(fromPairs(["a", "b"], ["a", "b"]), { level: "interval" });
    const alphas = strings.coefficients.filter((c) => c.name === "krippendorffAlpha");
    expect(alphas.map((c) => c.level)).toEqual(["nominal", "interval"]);
    expect(alphas[1]?.value).toBeNull();
    expect(alphas[1]?.undefinedCode).toBe("non-numeric-values");

    const numbers = computeItemAgreement(fromPairs([1, 2, 3], [1, 2, 4]), { level: ["ratio", "ordinal"] });
    expect(numbers.coefficients.filter((c) => c.name === "krippendorffAlpha").map((c) => c.level)).toEqual([
      "nominal",
      "ordinal",
      "ratio",
    ]);
  });

  it("auto levels leave out ratio when a value is negative", () => {
    const report = computeItemAgreement(fromPairs([-1, 0, 1], [-1, 0, 2]));
    expect(report.coefficients.filter((c) => c.name === "krippendorffAlpha").map((c) => c.level)).toEqual([
      "nominal",
      "ordinal",
      "interval",
    ]);
  });

  it("optionally adds a weighted Cohen's kappa", () => {
    const report = computeItemAgreement(fromPairs([1, 2, 3], [1, 3, 3]), { cohenWeights: "quadratic" });
    const kappas = report.coefficients.filter((c) => c.name === "cohenKappa");
    expect(kappas.map((c) => c.weights)).toEqual(["unweighted", "quadratic"]);
  });

  it("one rater: every coefficient is null with a reason", () => {
    const report = computeItemAgreement(fromRaterRows({ A: [1, 2, 3] }));
    expect(report.coefficients.length).toBeGreaterThan(0);
    for (const c of report.coefficients) {
      expect(c.value, c.label).toBeNull();
      expect(c.undefinedCode, c.label).toBe("too-few-raters");
      expect(c.undefinedReason, c.label).toBeTruthy();
    }
  });

  it("no records at all: nulls, not zeros", () => {
    const report = computeItemAgreement([]);
    expect(report).toMatchObject({ records: 0, items: 0, raters: 0, allNumeric: false });
    for (const c of report.coefficients) expect(c.value).toBeNull();
  });

  it("accepts prepared data", () => {
    const records = fromPairs([1, 2, 3], [1, 2, 2]);
    expect(computeItemAgreement(prepareRatings(records))).toEqual(computeItemAgreement(records));
  });
});

describe("input validation", () => {
  it("rejects two values from one rater for one item", () => {
    const records: RatingRecord[] = [
      { item: "i", rater: "A", value: 1 },
      { item: "i", rater: "A", value: 1 },
    ];
    expect(() => computeItemAgreement(records)).toThrow(AgreementInputError);
    expect(() => computeItemAgreement(records)).toThrow(/more than one value/);
  });

  it("rejects non-finite numbers and non-string/number values", () => {
    expect(() => prepareRatings([{ item: "i", rater: "A", value: Number.NaN }])).toThrow(AgreementInputError);
    expect(() => prepareRatings([{ item: "i", rater: "A", value: Infinity }])).toThrow(AgreementInputError);
    const bad = [{ item: "i", rater: "A", value: null }] as unknown as RatingRecord[];
    expect(() => prepareRatings(bad)).toThrow(/omit the record/);
    const badId = [{ item: 1, rater: "A", value: 1 }] as unknown as RatingRecord[];
    expect(() => prepareRatings(badId)).toThrow(/item must be a string/);
  });

  it("keeps 1 and '1' apart, and treats -0 as 0", () => {
    const mixed = prepareRatings([
      { item: "i", rater: "A", value: 1 },
      { item: "i", rater: "B", value: "1" },
    ]);
    expect(mixed.categories).toEqual([1, "1"]);
    expect(mixed.numeric).toBeNull();
    const zeros = prepareRatings([
      { item: "i", rater: "A", value: -0 },
      { item: "i", rater: "B", value: 0 },
    ]);
    expect(zeros.categories.length).toBe(1);
    expect(Object.is(zeros.categories[0], 0)).toBe(true);
  });
});

describe("performance", () => {
  it("handles 300k records (30k items x 10 raters, with gaps) in linear time", () => {
    const records: RatingRecord[] = [];
    let seed = 12345;
    const rand = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (let i = 0; i < 30_000; i++) {
      const truth = Math.floor(rand() * 7);
      for (let r = 0; r < 10; r++) {
        if (rand() < 0.1) continue;
        records.push({ item: `item${i}`, rater: `rater${r}`, value: rand() < 0.8 ? truth : Math.floor(rand() * 7) });
      }
    }
    const report = computeItemAgreement(records);
    expect(pick(report.coefficients, "krippendorffAlpha", "ratio")?.value).not.toBeNull();
  });
});
