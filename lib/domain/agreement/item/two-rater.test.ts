import { describe, expect, it } from "vitest";
import { krippendorffAlpha } from "./krippendorff-alpha";
import { AgreementInputError } from "./prepare";
import { fromCrossTable, fromPairs, fromRaterRows } from "./test-fixtures";
import { cohenKappa, scottPi } from "./two-rater";

/**
 * Wikipedia, "Cohen's kappa", simple example: 50 proposals, both yes 20,
 * A yes / B no 5, A no / B yes 10, both no 15. p_o = 0.7, p_e = 0.5, kappa = 0.4.
 */
const WIKI_2X2 = fromCrossTable(
  [
    [20, 5],
    [10, 15],
  ],
  ["yes", "no"],
);

describe("Cohen's kappa — published tables", () => {
  it("Wikipedia simple example: kappa = 0.4 (p_o 0.7, p_e 0.5)", () => {
    const r = cohenKappa(WIKI_2X2);
    expect(r.value as number).toBeCloseTo(0.4, 12);
    expect(r.observed as number).toBeCloseTo(0.7, 12);
    expect(r.expected as number).toBeCloseTo(0.5, 12);
    expect(r.items).toBe(50);
    expect(r.raters).toBe(2);
    expect(r.pairableValues).toBe(100);
  });

  it("Wikipedia 'same percentages but different numbers' tables: 0.1304 and 0.2593", () => {
    // Wikipedia, "Cohen's kappa", both tables have p_o = 0.60 over 100 items.
    // [[45,15],[25,15]]: p_e = .6*.7 + .4*.3 = .54 -> kappa = .06/.46 = 0.1304
    // [[25,35],[5,35]]:  p_e = .6*.3 + .4*.7 = .46 -> kappa = .14/.54 = 0.2593
    const k1 = cohenKappa(
      fromCrossTable(
        [
          [45, 15],
          [25, 15],
        ],
        ["yes", "no"],
      ),
    );
    const k2 = cohenKappa(
      fromCrossTable(
        [
          [25, 35],
          [5, 35],
        ],
        ["yes", "no"],
      ),
    );
    expect(k1.value as number).toBeCloseTo(0.1304, 4);
    expect(k2.value as number).toBeCloseTo(0.2593, 4);
  });

  it("SAS PROC FREQ example 3x3 table: simple kappa 0.4842, weighted (scores 0,1,2, linear) 0.4701", () => {
    // SAS/STAT PROC FREQ AGREE output for table [[0,4,1],[0,8,0],[0,1,5]], as reproduced in
    // statsmodels' test_inter_rater.py (res10_sas, res10w_sas). By hand, N = 19, agree = 13,
    // rows (5,8,6), cols (0,13,6): kappa = (19*13 - 140)/(361 - 140) = 107/221 = 0.48416;
    // linear: D_o = 7/19, D_e = 251/361 -> 1 - 133/251 = 118/251 = 0.47012.
    const t = fromCrossTable(
      [
        [0, 4, 1],
        [0, 8, 0],
        [0, 1, 5],
      ],
      [0, 1, 2],
    );
    expect(cohenKappa(t).value as number).toBeCloseTo(0.4842, 4);
    expect(cohenKappa(t).value as number).toBeCloseTo(107 / 221, 12);
    const w = cohenKappa(t, { weights: "linear" });
    expect(w.value as number).toBeCloseTo(0.4701, 4);
    expect(w.value as number).toBeCloseTo(118 / 251, 12);
    expect(w.weights).toBe("linear");
    expect(w.basis).toBe("disagreement");
  });

  it("R irr::kappa2 on the `anxiety` data, raters 2 and 3: -0.006289308 / equal 0.1459075 / squared 0.2520325", () => {
    // irr (Gamer et al.) data `anxiety` (20 subjects, 3 raters, scores 1-6); values of
    // kappa2(anxiety[,2:3]) with weights "unweighted", "equal", "squared" as recorded in
    // statsmodels' test_inter_rater.py. irr weights by factor-level rank and level 5 is
    // unused there, so score 6 has rank 5: our value-based weights get the ranks.
    const r2 = [3, 6, 4, 6, 2, 4, 2, 4, 3, 3, 2, 3, 3, 3, 2, 2, 1, 3, 3, 4];
    const r3 = [2, 1, 4, 4, 3, 2, 1, 6, 1, 1, 1, 2, 3, 3, 1, 1, 3, 3, 2, 2];
    const rank = (v: number): number => (v === 6 ? 5 : v);
    const data = fromPairs(r2.map(rank), r3.map(rank));
    expect(cohenKappa(data).value as number).toBeCloseTo(-0.006289308, 8);
    expect(cohenKappa(data, { weights: "linear" }).value as number).toBeCloseTo(0.1459075, 7);
    expect(cohenKappa(data, { weights: "quadratic" }).value as number).toBeCloseTo(0.2520325, 7);
    // Unweighted kappa does not depend on the coding of the categories.
    expect(cohenKappa(fromPairs(r2, r3)).value as number).toBeCloseTo(-0.006289308, 8);
  });
});

describe("Scott's pi", () => {
  it("Wikipedia 2x2 table, computed by hand: pi = 13/33", () => {
    // Same 50 items as above. p_o = 35/50 = 0.7. Pooled marginals over 100 ratings:
    // yes = (25 + 30)/100 = 0.55, no = (25 + 20)/100 = 0.45,
    // p_e = 0.55^2 + 0.45^2 = 0.3025 + 0.2025 = 0.505,
    // pi = (0.7 - 0.505)/(1 - 0.505) = 0.195/0.495 = 13/33 = 0.393939...
    const r = scottPi(WIKI_2X2);
    expect(r.value as number).toBeCloseTo(13 / 33, 12);
    expect(r.observed as number).toBeCloseTo(0.7, 12);
    expect(r.expected as number).toBeCloseTo(0.505, 12);
  });

  it("Krippendorff's nominal alpha = pi + (1 - pi)/(2N) on the same table (= 0.4 here)", () => {
    // Two raters, no missing data, N items, n = 2N: D_o = 1 - p_o and D_e = n/(n-1) (1 - p_e(Scott)),
    // so alpha = 1 - (1 - pi)(n - 1)/n = pi + (1 - pi)/(2N) = 13/33 + (20/33)/100 = 0.4.
    expect(krippendorffAlpha(WIKI_2X2).value as number).toBeCloseTo(0.4, 12);
  });
});

describe("two-rater coefficients — rater selection and undefined cases", () => {
  it("needs exactly two raters unless two are chosen", () => {
    const three = fromRaterRows({ A: ["x", "y", "x"], B: ["x", "y", "y"], C: ["y", "y", "x"] });
    for (const f of [cohenKappa, scottPi]) {
      const r = f(three);
      expect(r.value).toBeNull();
      expect(r.undefinedCode).toBe("not-two-raters");
      expect(r.undefinedReason).toMatch(/exactly two raters; the data has 3/);
    }
    // A vs B: agree on 2 of 3; marginals A (x2, y1), B (x1, y2): p_e = 4/9 -> kappa = (2/3 - 4/9)/(5/9) = 0.4
    expect(cohenKappa(three, { raters: ["A", "B"] }).value as number).toBeCloseTo(0.4, 12);
    expect(cohenKappa(three, { raters: ["B", "A"] }).value as number).toBeCloseTo(0.4, 12);
    expect(() => cohenKappa(three, { raters: ["A", "A"] })).toThrow(AgreementInputError);
    const unknown = scottPi(three, { raters: ["A", "Z"] });
    expect(unknown.value).toBeNull();
    expect(unknown.undefinedCode).toBe("no-pairable-items");
    expect(unknown.undefinedReason).toMatch(/"Z"/);
  });

  it("one rater: too-few-raters", () => {
    const r = cohenKappa(fromRaterRows({ A: ["x", "y"] }));
    expect(r.value).toBeNull();
    expect(r.undefinedCode).toBe("too-few-raters");
  });

  it("uses only items rated by both; none shared -> no-pairable-items", () => {
    const partial = fromRaterRows({ A: ["x", "y", "x", null], B: ["x", "y", null, "y"] });
    const r = cohenKappa(partial);
    expect(r.items).toBe(2);
    expect(r.itemsExcluded).toBe(2);
    expect(r.value).toBe(1);
    const disjoint = fromRaterRows({ A: ["x", null], B: [null, "y"] });
    for (const f of [cohenKappa, scottPi]) {
      const d = f(disjoint);
      expect(d.value).toBeNull();
      expect(d.undefinedCode).toBe("no-pairable-items");
    }
  });

  it("both raters constant on the same category: null (p_e = 1), not 1 or 0", () => {
    const same = fromPairs(["x", "x", "x"], ["x", "x", "x"]);
    for (const r of [cohenKappa(same), scottPi(same)]) {
      expect(r.value).toBeNull();
      expect(r.undefinedCode).toBe("no-variation");
      expect(r.observed).toBe(1);
      expect(r.expected).toBe(1);
    }
    const w = cohenKappa(fromPairs([2, 2], [2, 2]), { weights: "quadratic" });
    expect(w.value).toBeNull();
    expect(w.undefinedCode).toBe("no-variation");
  });

  it("one rater constant, the other not: kappa is defined and 0 (p_o = p_e)", () => {
    const r = cohenKappa(fromPairs(["x", "x", "x", "x"], ["x", "y", "x", "x"]));
    expect(r.value).toBe(0);
  });

  it("weighted kappa on string values: non-numeric-values", () => {
    const r = cohenKappa(fromPairs(["a", "b"], ["a", "a"]), { weights: "linear" });
    expect(r.value).toBeNull();
    expect(r.undefinedCode).toBe("non-numeric-values");
  });
});

describe("weighted Cohen's kappa — scale invariance", () => {
  it("quadratic and linear kappa of values around 1e200 and 1e-170 equal those around 1", () => {
    const a = [1, 2, 3, 4, 2, 3, 1, 4];
    const b = [1, 3, 3, 4, 1, 3, 2, 4];
    const records = (f: number) =>
      a.flatMap((x, i) => [
        { item: `i${i}`, rater: "A", value: x * f },
        { item: `i${i}`, rater: "B", value: b[i]! * f },
      ]);
    for (const weights of ["quadratic", "linear"] as const) {
      const ref = cohenKappa(records(1), { weights }).value as number;
      for (const f of [1e200, 1e-170]) expect(cohenKappa(records(f), { weights }).value as number).toBeCloseTo(ref, 10);
    }
  });
});
