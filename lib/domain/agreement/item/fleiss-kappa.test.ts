import { describe, expect, it } from "vitest";
import { fleissKappa } from "./fleiss-kappa";
import { krippendorffAlpha } from "./krippendorff-alpha";
import { fromCountTable, fromRaterRows } from "./test-fixtures";
import type { RatingRecord } from "./types";

/**
 * Wikipedia, "Fleiss' kappa", worked example: 10 subjects, 14 raters,
 * 5 categories (counts per subject and category). Published: P-bar = 0.378,
 * P-bar_e = 0.213, kappa = 0.210.
 */
const WIKIPEDIA_TABLE = [
  [0, 0, 0, 0, 14],
  [0, 2, 6, 4, 2],
  [0, 0, 3, 5, 6],
  [0, 3, 9, 2, 0],
  [2, 2, 8, 1, 1],
  [7, 7, 0, 0, 0],
  [3, 2, 6, 3, 0],
  [2, 5, 3, 2, 2],
  [6, 5, 2, 1, 0],
  [0, 2, 2, 3, 7],
];

/**
 * Fleiss, J. L. (1971). Measuring nominal scale agreement among many raters.
 * Psychological Bulletin 76(5), 378-382, Table 1: 30 patients, 6 psychiatrists
 * each, 5 diagnoses (1 depression, 2 personality disorder, 3 schizophrenia,
 * 4 neurosis, 5 other). Published kappa = .430; R irr::kappam.fleiss(diagnoses)
 * gives 0.4302445. Rows as in irr's `diagnoses` data set (one diagnosis per rater).
 */
const FLEISS_1971 = [
  [4, 4, 4, 4, 4, 4],
  [2, 2, 2, 5, 5, 5],
  [2, 3, 3, 3, 3, 5],
  [5, 5, 5, 5, 5, 5],
  [2, 2, 2, 4, 4, 4],
  [1, 1, 3, 3, 3, 3],
  [3, 3, 3, 3, 5, 5],
  [1, 1, 3, 3, 3, 4],
  [1, 1, 4, 4, 4, 4],
  [5, 5, 5, 5, 5, 5],
  [1, 4, 4, 4, 4, 4],
  [1, 2, 4, 4, 4, 4],
  [2, 2, 2, 3, 3, 3],
  [1, 4, 4, 4, 4, 4],
  [2, 2, 4, 4, 4, 5],
  [3, 3, 3, 3, 3, 5],
  [1, 1, 1, 4, 5, 5],
  [1, 1, 1, 1, 1, 2],
  [2, 2, 4, 4, 4, 4],
  [1, 3, 3, 5, 5, 5],
  [5, 5, 5, 5, 5, 5],
  [2, 4, 4, 4, 4, 4],
  [2, 2, 4, 5, 5, 5],
  [1, 1, 4, 4, 4, 4],
  [1, 4, 4, 4, 4, 5],
  [2, 2, 2, 2, 2, 4],
  [1, 1, 1, 1, 5, 5],
  [2, 2, 4, 4, 4, 4],
  [1, 3, 3, 3, 3, 3],
  [5, 5, 5, 5, 5, 5],
];
const DIAGNOSES = ["depression", "personality disorder", "schizophrenia", "neurosis", "other"];

function fleiss1971Records(): RatingRecord[] {
  return FLEISS_1971.flatMap((row, i) =>
    row.map((d, j) => ({ item: `patient${i + 1}`, rater: `psychiatrist${j + 1}`, value: DIAGNOSES[d - 1] as string })),
  );
}

describe("Fleiss' kappa — published examples", () => {
  it("Wikipedia 10 x 14 example: kappa = 0.210, P-bar = 0.378, P_e = 0.213", () => {
    const r = fleissKappa(fromCountTable(WIKIPEDIA_TABLE));
    expect(r.value as number).toBeCloseTo(0.21, 3);
    expect(r.observed as number).toBeCloseTo(0.378, 3);
    expect(r.expected as number).toBeCloseTo(0.213, 3);
    expect(r.items).toBe(10);
    expect(r.ratingsPerItem).toBe(14);
    expect(r.pairableValues).toBe(140);
  });

  it("Fleiss (1971) Table 1, 30 patients x 6 raters: kappa = 0.430 (irr: 0.4302445)", () => {
    const records = fleiss1971Records();
    // Category totals as in Fleiss (1971): 26, 26, 30, 55, 43.
    const totals = DIAGNOSES.map((d) => records.filter((r) => r.value === d).length);
    expect(totals).toEqual([26, 26, 30, 55, 43]);
    const r = fleissKappa(records);
    expect(r.value as number).toBeCloseTo(0.43, 3);
    expect(r.value as number).toBeCloseTo(0.4302445, 7);
    expect(r.items).toBe(30);
    expect(r.raters).toBe(6);
  });

  it("complete data: Krippendorff's nominal alpha = 1 - (1 - kappa)(n - 1)/n, n = N m", () => {
    // D_o(alpha) = 1 - P-bar and D_e(alpha) = n/(n-1) (1 - P_e)  =>  alpha = 1 - (1 - kappa)(n-1)/n.
    const records = fleiss1971Records();
    const kappa = fleissKappa(records).value as number;
    const n = 30 * 6;
    expect(krippendorffAlpha(records).value as number).toBeCloseTo(1 - ((1 - kappa) * (n - 1)) / n, 12);
  });
});

describe("Fleiss' kappa — undefined cases (classic form)", () => {
  it("ratings per item vary: null with a reason pointing to Krippendorff's alpha", () => {
    const r = fleissKappa(fromRaterRows({ A: ["x", "y", "x"], B: ["x", "y", null], C: ["y", "y", "x"] }));
    expect(r.value).toBeNull();
    expect(r.undefinedCode).toBe("unequal-ratings-per-item");
    expect(r.undefinedReason).toMatch(/between 2 and 3/);
    expect(r.undefinedReason).toMatch(/Krippendorff/);
  });

  it("every rating in one category: null (P_e = 1)", () => {
    const r = fleissKappa(
      fromCountTable([
        [3, 0],
        [3, 0],
      ]),
    );
    expect(r.value).toBeNull();
    expect(r.undefinedCode).toBe("no-variation");
  });

  it("one rater, or one rating per item: null", () => {
    expect(fleissKappa(fromRaterRows({ A: ["x", "y"] })).undefinedCode).toBe("too-few-raters");
    expect(fleissKappa(fromRaterRows({ A: ["x", null], B: [null, "y"] })).undefinedCode).toBe("no-pairable-items");
    expect(fleissKappa([]).undefinedCode).toBe("too-few-raters");
  });

  it("different raters on different items is fine as long as m is constant", () => {
    const records: RatingRecord[] = [
      { item: "1", rater: "A", value: "x" },
      { item: "1", rater: "B", value: "x" },
      { item: "2", rater: "C", value: "y" },
      { item: "2", rater: "D", value: "y" },
      { item: "3", rater: "A", value: "x" },
      { item: "3", rater: "D", value: "y" },
    ];
    const r = fleissKappa(records);
    // P-bar = 2/3; p = (1/2, 1/2) -> P_e = 1/2; kappa = (2/3 - 1/2)/(1/2) = 1/3
    expect(r.value as number).toBeCloseTo(1 / 3, 12);
    expect(r.raters).toBe(4);
  });
});
