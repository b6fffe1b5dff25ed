/** Property tests (fast-check) for the item-level coefficients. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { computeItemAgreement } from "./compute";
import { fleissKappa } from "./fleiss-kappa";
import { krippendorffAlpha } from "./krippendorff-alpha";
import { percentAgreement } from "./percent-agreement";
import { naiveAlpha } from "./test-fixtures";
import { cohenKappa, scottPi } from "./two-rater";
import type { CoefficientResult, MeasurementLevel, RatingRecord } from "./types";

const LEVELS: readonly MeasurementLevel[] = ["nominal", "ordinal", "interval", "ratio"];

/** A raters x items grid: grid[item][rater] is a value index or null (missing). */
type Grid = (number | null)[][];

function gridArb(options: {
  minRaters: number;
  maxRaters: number;
  missing: boolean;
  maxValue?: number;
}): fc.Arbitrary<Grid> {
  const cell = fc.integer({ min: 0, max: options.maxValue ?? 4 });
  return fc
    .tuple(fc.integer({ min: 1, max: 20 }), fc.integer({ min: options.minRaters, max: options.maxRaters }))
    .chain(([items, raters]) =>
      fc.array(
        fc.array(options.missing ? fc.option(cell, { nil: null, freq: 3 }) : cell, {
          minLength: raters,
          maxLength: raters,
        }),
        { minLength: items, maxLength: items },
      ),
    );
}

function toRecords(grid: Grid, value: (v: number) => string | number = (v) => v): RatingRecord[] {
  const records: RatingRecord[] = [];
  for (const [i, row] of grid.entries()) {
    for (const [j, v] of row.entries()) {
      if (v !== null) records.push({ item: `i${i}`, rater: `r${j}`, value: value(v) });
    }
  }
  return records;
}

function expectSameValue(a: CoefficientResult, b: CoefficientResult, digits = 9): void {
  if (a.value === null || b.value === null) {
    expect(b.value, b.label).toBe(a.value);
    expect(b.undefinedCode, b.label).toBe(a.undefinedCode);
  } else {
    expect(b.value, b.label).toBeCloseTo(a.value, digits);
  }
}

function allCoefficients(records: readonly RatingRecord[]): CoefficientResult[] {
  return [...computeItemAgreement(records, { cohenWeights: "linear" }).coefficients];
}

describe("properties", () => {
  it("perfect agreement with variation gives exactly 1 (complete data, every coefficient)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 2, maxLength: 20 }).filter((t) => new Set(t).size >= 2),
        fc.integer({ min: 2, max: 6 }),
        (truth, raters) => {
          const grid = truth.map((t) => Array.from({ length: raters }, () => t));
          for (const c of allCoefficients(toRecords(grid))) expect(c.value, c.label).toBe(1);
        },
      ),
    );
  });

  it("perfect agreement with missing values: alpha (all levels) and percent agreement are 1", () => {
    fc.assert(
      fc.property(gridArb({ minRaters: 2, maxRaters: 6, missing: true }), (grid) => {
        // Every rater gives item i the value i % 3; need two pairable items with different values.
        const agreed = grid.map((row, i) => row.map((v) => (v === null ? null : i % 3)));
        const records = toRecords(agreed);
        const pairableValues = new Set(
          agreed.flatMap((row, i) => (row.filter((v) => v !== null).length >= 2 ? [i % 3] : [])),
        );
        fc.pre(pairableValues.size >= 2);
        expect(percentAgreement(records).value).toBe(1);
        for (const level of LEVELS) expect(krippendorffAlpha(records, { level }).value, level).toBe(1);
      }),
    );
  });

  it("is invariant to renaming/permuting raters, renaming items and record order", () => {
    fc.assert(
      fc.property(
        gridArb({ minRaters: 2, maxRaters: 5, missing: true }),
        fc.boolean(),
        fc.infiniteStream(fc.double({ min: 0, max: 1, noNaN: true })),
        (grid, asStrings, noise) => {
          const records = toRecords(grid, asStrings ? (v) => `cat${v}` : (v) => v);
          const raterIds = [...new Set(records.map((r) => r.rater))];
          const permuted = [...raterIds].sort(() => (noise.next().value as number) - 0.5);
          const raterMap = new Map(raterIds.map((r, k) => [r, `person-${permuted[k] ?? ""}`]));
          const transformed = records
            .map((r) => ({
              item: `renamed/${r.item}`,
              rater: raterMap.get(r.rater) ?? r.rater,
              value: r.value,
              key: noise.next().value as number,
            }))
            .sort((a, b) => a.key - b.key)
            .map(({ item, rater, value }) => ({ item, rater, value }));
          const before = allCoefficients(records);
          const after = allCoefficients(transformed);
          expect(after.length).toBe(before.length);
          before.forEach((b, k) => {
            const a = after[k] as CoefficientResult;
            expect(a.name).toBe(b.name);
            expect([a.items, a.raters, a.pairableValues, a.itemsExcluded]).toEqual([
              b.items,
              b.raters,
              b.pairableValues,
              b.itemsExcluded,
            ]);
            expectSameValue(b, a, 10);
          });
        },
      ),
    );
  });

  it("matches a brute-force coincidence-matrix alpha at every level (random data, missing values)", () => {
    fc.assert(
      fc.property(
        gridArb({ minRaters: 2, maxRaters: 6, missing: true, maxValue: 6 }),
        fc.constantFrom(
          (v: number) => v,
          (v: number) => v * 0.75 + 0.1,
          (v: number) => v * v,
        ),
        (grid, scale) => {
          const records = toRecords(grid, scale);
          fc.pre(new Set(records.map((r) => r.rater)).size >= 2);
          for (const level of LEVELS) {
            const fast = krippendorffAlpha(records, { level }).value;
            const naive = naiveAlpha(records, level);
            if (naive === null) expect(fast, level).toBeNull();
            else expect(fast, level).toBeCloseTo(naive, 9);
          }
        },
      ),
    );
  });

  it("two raters, complete data: nominal alpha = pi + (1 - pi)/(2N); Fleiss = Scott; percent = Cohen's p_o", () => {
    fc.assert(
      fc.property(gridArb({ minRaters: 2, maxRaters: 2, missing: false }), (grid) => {
        const records = toRecords(grid);
        const N = grid.length;
        const pi = scottPi(records);
        const alpha = krippendorffAlpha(records);
        if (pi.value === null) {
          expect(alpha.value).toBeNull();
        } else {
          expect(alpha.value as number).toBeCloseTo(pi.value + (1 - pi.value) / (2 * N), 12);
        }
        expectSameValue(pi, fleissKappa(records), 12);
        expect(percentAgreement(records).value as number).toBeCloseTo(cohenKappa(records).observed as number, 12);
      }),
    );
  });

  it("complete data, m raters: nominal alpha = 1 - (1 - Fleiss kappa)(Nm - 1)/(Nm)", () => {
    fc.assert(
      fc.property(gridArb({ minRaters: 2, maxRaters: 7, missing: false }), (grid) => {
        const records = toRecords(grid);
        const kappa = fleissKappa(records).value;
        const alpha = krippendorffAlpha(records).value;
        const n = records.length;
        if (kappa === null) expect(alpha).toBeNull();
        else expect(alpha as number).toBeCloseTo(1 - ((1 - kappa) * (n - 1)) / n, 12);
      }),
    );
  });

  it("alpha respects its level's admissible transformations", () => {
    fc.assert(
      fc.property(
        gridArb({ minRaters: 2, maxRaters: 5, missing: true }),
        fc.double({ min: 0.1, max: 100, noNaN: true }),
        fc.integer({ min: -50, max: 50 }),
        fc.boolean(),
        (grid, a, b, flip) => {
          const records = toRecords(grid, (v) => v + 1);
          fc.pre(new Set(records.map((r) => r.rater)).size >= 2);
          const map = (f: (x: number) => number | string): RatingRecord[] =>
            records.map((r) => ({ ...r, value: f(r.value as number) }));
          // nominal: any relabelling of categories
          expectSameValue(krippendorffAlpha(records), krippendorffAlpha(map((x) => `label-${x * 7}`)));
          // interval: affine maps, including reflections
          expectSameValue(
            krippendorffAlpha(records, { level: "interval" }),
            krippendorffAlpha(
              map((x) => (flip ? -a : a) * x + b),
              { level: "interval" },
            ),
          );
          // ordinal: strictly increasing maps
          expectSameValue(
            krippendorffAlpha(records, { level: "ordinal" }),
            krippendorffAlpha(
              map((x) => x ** 3 + a * x),
              { level: "ordinal" },
            ),
          );
          // ratio: multiplication by a positive constant
          expectSameValue(
            krippendorffAlpha(records, { level: "ratio" }),
            krippendorffAlpha(
              map((x) => a * x),
              { level: "ratio" },
            ),
          );
        },
      ),
    );
  });

  it("weighted kappa equals unweighted kappa for binary numeric data", () => {
    fc.assert(
      fc.property(gridArb({ minRaters: 2, maxRaters: 2, missing: true, maxValue: 1 }), (grid) => {
        const records = toRecords(grid, (v) => v * 3 + 2);
        const plain = cohenKappa(records);
        expectSameValue(plain, cohenKappa(records, { weights: "linear" }), 12);
        expectSameValue(plain, cohenKappa(records, { weights: "quadratic" }), 12);
      }),
    );
  });

  it("every result is well formed: null value <=> code and reason; otherwise finite and <= 1", () => {
    fc.assert(
      fc.property(
        gridArb({ minRaters: 1, maxRaters: 4, missing: true, maxValue: 3 }),
        fc.boolean(),
        (grid, asStrings) => {
          const records = toRecords(grid, asStrings ? (v) => `v${v}` : (v) => v);
          for (const c of computeItemAgreement(records, { level: ["ordinal", "interval", "ratio"] }).coefficients) {
            if (c.value === null) {
              expect(c.undefinedCode, c.label).toBeDefined();
              expect(c.undefinedReason ?? "", c.label).not.toBe("");
            } else {
              expect(Number.isFinite(c.value), c.label).toBe(true);
              expect(c.value, c.label).toBeLessThanOrEqual(1 + 1e-12);
              expect(c.undefinedCode, c.label).toBeUndefined();
              expect(c.undefinedReason, c.label).toBeUndefined();
            }
          }
        },
      ),
    );
  });
});
