import { describe, expect, it } from "vitest";
import { computeItemAgreement } from "./compute";
import { gwetAC } from "./gwet";
import { fromRaterRows } from "./test-fixtures";
import type { MeasurementLevel } from "./types";

/**
 * Reference values: the irrCAC package's worked examples (Gwet, K.L. (2019), irrCAC: Computing
 * Chance-Corrected Agreement Coefficients, R package; its bundled data sets come from Gwet (2014),
 * Handbook of Inter-Rater Reliability, 4th ed.). The published results are those of the package's own
 * tests as ported to Python (github.com/afergadis/irrCAC, test/unit/irrCAC/raw/test_gwet.py), to 3
 * decimals: coefficient, p_a and p_e.
 */

/** cac.raw4raters (Handbook p. 120): 4 raters, 12 subjects, categories 1-5, missing ratings. */
const RAW_4RATERS = fromRaterRows({
  Rater1: [1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null],
  Rater2: [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, null],
  Rater3: [null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, 3],
  Rater4: [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null],
});

/** cac.raw5obser: 5 observers, 15 units, scores 0-3. */
const RAW_5OBSERVERS = fromRaterRows({
  Observer1: [1, 1, 2, null, 0, 0, 1, 1, 2, 2, null, 0, 1, 3, 1],
  Observer2: [1, 1, 3, 0, 0, 0, 0, null, 2, 1, 1, 0, 2, 3, 1],
  Observer3: [2, 0, 3, 0, 0, 0, 2, 2, 2, 1, 0, 0, 2, 2, 1],
  Observer4: [null, 1, 3, null, null, null, null, 0, null, 1, 0, 0, 2, 2, null],
  Observer5: [2, null, null, 0, 0, 0, 1, null, 2, null, null, null, null, 3, 1],
});

/** cac.raw.g1g2: 4 raters, 14 subjects, categories a-e. */
const RAW_G1G2 = fromRaterRows({
  Rater1: ["a", "b", "c", "c", "b", "a", "d", "a", "b", null, null, null, "b", "b"],
  Rater2: ["a", "b", "c", "c", "b", "b", "d", "a", "b", "e", null, null, "b", "a"],
  Rater3: [null, "c", "c", "c", "b", "c", "d", "b", "b", "e", "a", "c", "c", "c"],
  Rater4: ["a", "b", "c", "c", "b", "d", "d", "a", "b", "e", "a", null, "b", "b"],
});

/** cac.raw.gender: 4 raters, 15 subjects, categories a-c, complete. */
const RAW_GENDER = fromRaterRows({
  Rater1: "a a a a a b b b c a a a a a b".split(" "),
  Rater2: "a a a a b a b c c a a a a b a".split(" "),
  Rater3: "a b b c a a b b c a b b c a a".split(" "),
  Rater4: "c c c c a a b b c c c c c a a".split(" "),
});

/** cac.ben.gerry: 2 raters, 12 units, one missing rating. */
const BEN_GERRY = fromRaterRows({
  Ben: ["a", "a", "b", "b", "d", "c", "c", "c", "e", "d", "d", "a"],
  Gerry: ["b", "a", "b", "b", "b", "c", "c", "c", "e", null, "d", "d"],
});

const check = (r: ReturnType<typeof gwetAC>, value: number, pa: number, pe: number) => {
  expect(r.undefinedReason).toBeUndefined();
  expect(r.value as number).toBeCloseTo(value, 3);
  expect(r.observed as number).toBeCloseTo(pa, 3);
  expect(r.expected as number).toBeCloseTo(pe, 3);
};

describe("Gwet's AC1 — irrCAC worked examples", () => {
  it("cac.raw4raters: AC1 0.775 (p_a 0.818, p_e 0.190)", () => check(gwetAC(RAW_4RATERS), 0.775, 0.818, 0.19));
  it("cac.raw5obser: AC1 0.497 (p_a 0.616, p_e 0.236)", () => check(gwetAC(RAW_5OBSERVERS), 0.497, 0.616, 0.236));
  it("cac.raw.g1g2: AC1 0.685 (p_a 0.744, p_e 0.187)", () => check(gwetAC(RAW_G1G2), 0.685, 0.744, 0.187));
  // p_e is exactly 0.3125, which numpy rounds half-to-even to the published 0.312.
  it("cac.raw.gender: AC1 0.208 (p_a 0.456, p_e 0.312)", () => check(gwetAC(RAW_GENDER), 0.208, 0.456, 0.3125));
  it("cac.ben.gerry: AC1 0.661 (p_a 0.727, p_e 0.194)", () => check(gwetAC(BEN_GERRY), 0.661, 0.727, 0.194));
});

describe("Gwet's AC2 — irrCAC worked examples on cac.raw4raters", () => {
  const published: [MeasurementLevel, string, number, number, number][] = [
    ["ordinal", "ordinal weights", 0.899, 0.968, 0.685],
    ["interval", "quadratic weights", 0.914, 0.975, 0.714],
    ["ratio", "ratio weights", 0.857, 0.954, 0.678],
  ];
  for (const [level, weights, value, pa, pe] of published) {
    it(`${level} (${weights}): AC2 ${value} (p_a ${pa}, p_e ${pe})`, () => {
      const r = gwetAC(RAW_4RATERS, { level });
      expect(r.name).toBe("gwetAC2");
      check(r, value, pa, pe);
    });
  }
});

describe("Gwet's AC — conventions", () => {
  it("is reported by computeItemAgreement after alpha, at the same levels", () => {
    const names = computeItemAgreement(RAW_4RATERS).coefficients.map((c) => `${c.name}:${c.level ?? ""}`);
    expect(names.slice(-4)).toEqual(["gwetAC1:nominal", "gwetAC2:ordinal", "gwetAC2:interval", "gwetAC2:ratio"]);
    expect(
      computeItemAgreement(RAW_G1G2)
        .coefficients.filter((c) => c.name.startsWith("gwet"))
        .map((c) => c.name),
    ).toEqual(["gwetAC1"]);
  });

  it("one observed category: undefined (no-variation), never 1 by a vanished denominator", () => {
    const r = gwetAC(fromRaterRows({ A: ["x", "x"], B: ["x", "x"] }));
    expect(r.value).toBeNull();
    expect(r.undefinedCode).toBe("no-variation");
  });

  it("stays high where kappa collapses: one dominant category (the 'paradox' Gwet's AC1 resists)", () => {
    const a = [...Array(48).fill("no"), "yes", "no"];
    const b = [...Array(48).fill("no"), "no", "yes"];
    const r = computeItemAgreement(fromRaterRows({ A: a, B: b }));
    const ac1 = r.coefficients.find((c) => c.name === "gwetAC1")!.value as number;
    const kappa = r.coefficients.find((c) => c.name === "cohenKappa")!.value as number;
    expect(ac1).toBeGreaterThan(0.95);
    expect(kappa).toBeLessThan(0);
  });

  it("AC2 is scale-invariant (values around 1e200 and 1e-170)", () => {
    const scaled = (f: number) => RAW_4RATERS.map((r) => ({ ...r, value: (r.value as number) * f }));
    for (const level of ["interval", "ratio"] as const) {
      for (const f of [1e200, 1e-170])
        expect(gwetAC(scaled(f), { level }).value as number).toBeCloseTo(
          gwetAC(RAW_4RATERS, { level }).value as number,
          10,
        );
    }
  });
});
