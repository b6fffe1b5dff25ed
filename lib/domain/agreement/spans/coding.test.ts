import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BinaryHistogram, NominalAccumulator, nominalCoefficients } from "./coding";
import { refFleissKappa, refNominalAlpha } from "./reference.testutil";

/*
 * Published reference values:
 * - Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability"
 *   (Annenberg School for Communication, departmental paper), reliability data
 *   of 4 observers x 12 units with missing values: nominal alpha = 0.743.
 * - Fleiss' kappa: the worked example of the Wikipedia article "Fleiss'
 *   kappa" (10 subjects, 14 raters, 5 categories): P-bar = 0.378,
 *   P_e = 0.213, kappa = 0.210 (rounded as published there).
 */

describe("NominalAccumulator: published values", () => {
  it("Krippendorff (2011) nominal example: alpha = 0.743", () => {
    const A = [1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null];
    const B = [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3];
    const C = [null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null];
    const D = [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null];
    const items = A.map((_, u) => [A[u]!, B[u]!, C[u]!, D[u]!]);
    const { alpha, kappa } = nominalCoefficients(items);
    expect(alpha.value).toBeCloseTo(0.743, 3);
    expect(alpha.units).toBe(11); // unit 12 has a single value and is not pairable
    expect(alpha.raters).toBe(4);
    // missing values -> unequal ratings per item -> classic Fleiss undefined
    expect(kappa.value).toBeNull();
    expect(kappa.undefinedCode).toBe("unequal-ratings-per-item");
  });

  it("Fleiss' kappa, Wikipedia worked example: kappa = 0.210", () => {
    const counts = [
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
    const items = counts.map((row) => row.flatMap((c, j) => Array.from({ length: c }, () => `cat${j + 1}`)));
    const { kappa } = nominalCoefficients(items);
    expect(kappa.observed).toBeCloseTo(0.378, 3);
    expect(kappa.expected).toBeCloseTo(0.213, 3);
    expect(kappa.value).toBeCloseTo(0.21, 3);
    expect(kappa.units).toBe(10);
  });
});

describe("undefined cases", () => {
  it("one category only: alpha and kappa null with no-variation", () => {
    const { alpha, kappa } = nominalCoefficients([
      ["a", "a"],
      ["a", "a", "a"],
    ]);
    expect(alpha.value).toBeNull();
    expect(alpha.undefinedCode).toBe("no-variation");
    expect(kappa.value).toBeNull();
  });
  it("no pairable items", () => {
    const { alpha } = nominalCoefficients([
      ["a", null],
      [null, "b"],
    ]);
    expect(alpha.value).toBeNull();
    expect(alpha.undefinedCode).toBe("no-pairable-items");
  });
  it("binary histogram: label never used / always used are undefined, not 0 or 1", () => {
    const h = new BinaryHistogram(3);
    h.add(3, 0, 10);
    expect(h.coefficients(3).alpha.undefinedCode).toBe("no-variation");
    const g = new BinaryHistogram(3);
    g.add(3, 3, 10);
    expect(g.coefficients(3).kappa.undefinedCode).toBe("no-variation");
  });
});

const itemsArb = fc.array(
  fc.array(fc.option(fc.constantFrom("a", "b", "c"), { nil: null }), { minLength: 3, maxLength: 3 }),
  {
    minLength: 1,
    maxLength: 25,
  },
);

describe("properties", () => {
  it("alpha equals the textbook coincidence-matrix computation", () => {
    fc.assert(
      fc.property(itemsArb, (items) => {
        const ref = refNominalAlpha(items);
        const got = nominalCoefficients(items).alpha.value;
        if (ref === null) expect(got).toBeNull();
        else expect(got).toBeCloseTo(ref, 10);
      }),
    );
  });

  it("kappa equals classic Fleiss on complete data, and alpha = 1 - (1 - kappa)(n - 1)/n", () => {
    const complete = fc.array(fc.array(fc.constantFrom("a", "b", "c"), { minLength: 4, maxLength: 4 }), {
      minLength: 1,
      maxLength: 25,
    });
    fc.assert(
      fc.property(complete, (items) => {
        const ref = refFleissKappa(items);
        const { alpha, kappa } = nominalCoefficients(items);
        if (ref === null) expect(kappa.value).toBeNull();
        else {
          expect(kappa.value).toBeCloseTo(ref, 10);
          const n = items.length * 4;
          expect(alpha.value).toBeCloseTo(1 - ((1 - ref) * (n - 1)) / n, 10);
        }
      }),
    );
  });

  it("an item of weight w equals w copies of the item", () => {
    fc.assert(
      fc.property(
        itemsArb,
        fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 25, maxLength: 25 }),
        (items, weights) => {
          const weighted = new NominalAccumulator();
          const copies = new NominalAccumulator();
          items.forEach((row, u) => {
            weighted.addValues(row, weights[u]!);
            for (let k = 0; k < weights[u]!; k++) copies.addValues(row);
          });
          const a = weighted.coefficients(3);
          const b = copies.coefficients(3);
          expect(a.alpha.value === null).toBe(b.alpha.value === null);
          if (a.alpha.value !== null) expect(a.alpha.value).toBeCloseTo(b.alpha.value!, 10);
          if (a.kappa.value !== null) expect(a.kappa.value).toBeCloseTo(b.kappa.value!, 10);
        },
      ),
    );
  });

  it("the binary histogram agrees with the accumulator on present/absent items", () => {
    const binItems = fc.array(fc.tuple(fc.integer({ min: 2, max: 4 }), fc.nat()), { minLength: 1, maxLength: 30 });
    fc.assert(
      fc.property(binItems, (rows) => {
        const h = new BinaryHistogram(4);
        const acc = new NominalAccumulator();
        for (const [m, seed] of rows) {
          const k = seed % (m + 1);
          h.add(m, k, 1);
          acc.addValues(Array.from({ length: m }, (_, i) => (i < k ? "yes" : "no")));
        }
        const a = h.coefficients(4);
        const b = acc.coefficients(4);
        expect(a.alpha.value === null).toBe(b.alpha.value === null);
        if (a.alpha.value !== null) expect(a.alpha.value).toBeCloseTo(b.alpha.value!, 10);
        expect(a.kappa.value === null).toBe(b.kappa.value === null);
        if (a.kappa.value !== null) expect(a.kappa.value).toBeCloseTo(b.kappa.value!, 10);
      }),
    );
  });
});
