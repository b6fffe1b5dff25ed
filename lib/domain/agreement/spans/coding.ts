/**
 * Weighted accumulators for Krippendorff's nominal alpha and Fleiss' kappa.
 *
 * Local on purpose: the span measures feed *weighted* items (a run of w
 * identical code points is one item of weight w), which the record-based
 * item-level module (`../item`) cannot take without one record per code
 * point. The formulas are the same as there:
 *
 * Krippendorff's alpha, nominal (Krippendorff 2011, "Computing Krippendorff's
 * Alpha-Reliability"), over items u with m_u >= 2 values, n_uc values of
 * category c in u, n_c = sum_u n_uc, n = sum_c n_c:
 *   D_o = (1/n) sum_u (m_u^2 - sum_c n_uc^2) / (m_u - 1)
 *   D_e = (n^2 - sum_c n_c^2) / (n (n - 1))
 *   alpha = 1 - D_o / D_e   (undefined when D_e = 0: one category only)
 *
 * Fleiss' kappa (Fleiss 1971), classic form — as in `../item`, undefined when
 * the number of ratings per item varies:
 *   P_u = (sum_c n_uc^2 - m) / (m (m - 1)),  P-bar = mean_u P_u,
 *   P_e = sum_c (n_c / n)^2,  kappa = (P-bar - P_e) / (1 - P_e).
 *
 * An item of weight w counts as w identical items. Everything is O(1) per
 * item plus O(distinct categories in the item).
 */
import { alphaDefined, alphaUndefined, kappaDefined, kappaUndefined } from "./results";
import type { AlphaResult, CodingPair, KappaResult } from "./types";

export type CategoryKey = number | string;

/** Accumulates set-valued (multi-category) nominal items. */
export class NominalAccumulator {
  /** Sum of weights of items with m >= 2. */
  items = 0;
  /** n: pairable values, sum of w * m. */
  values = 0;
  /** sum_u w * (m^2 - sum_c n_uc^2) / (m - 1). */
  observedNumerator = 0;
  /** sum_u w * P_u (Fleiss). */
  agreementSum = 0;
  minRatings = Infinity;
  maxRatings = 0;
  /** n_c per category. */
  readonly categories = new Map<CategoryKey, number>();

  /**
   * Add an item with `m` values whose category counts have sum of squares
   * `sumSquares`; the caller adds the category totals with {@link addCategory}.
   */
  addItem(m: number, sumSquares: number, weight: number): void {
    if (m < 1 || weight <= 0) return;
    // A single-rated item is not pairable, but (as in ../item) it still makes
    // the number of ratings per item unequal for classic Fleiss' kappa.
    if (m < this.minRatings) this.minRatings = m;
    if (m > this.maxRatings) this.maxRatings = m;
    if (m < 2) return;
    this.items += weight;
    this.values += weight * m;
    this.observedNumerator += (weight * (m * m - sumSquares)) / (m - 1);
    this.agreementSum += (weight * (sumSquares - m)) / (m * (m - 1));
  }

  /** Add `count` values (already multiplied by the item weight) of category `key`. */
  addCategory(key: CategoryKey, count: number): void {
    this.categories.set(key, (this.categories.get(key) ?? 0) + count);
  }

  /** Add a whole item given as its values (null/undefined = missing). Convenience, O(m). */
  addValues(values: readonly (CategoryKey | null | undefined)[], weight = 1): void {
    const counts = new Map<CategoryKey, number>();
    for (const v of values) if (v !== null && v !== undefined) counts.set(v, (counts.get(v) ?? 0) + 1);
    let m = 0;
    let s2 = 0;
    for (const c of counts.values()) {
      m += c;
      s2 += c * c;
    }
    this.addItem(m, s2, weight);
    if (m < 2) return;
    for (const [k, c] of counts) this.addCategory(k, c * weight);
  }

  /** Adds `other`'s items; `mapKey` renames its categories (distinct keys must stay distinct). */
  merge(other: NominalAccumulator, mapKey?: (key: CategoryKey) => CategoryKey): void {
    if (other.minRatings < this.minRatings) this.minRatings = other.minRatings;
    if (other.maxRatings > this.maxRatings) this.maxRatings = other.maxRatings;
    if (other.items === 0) return;
    this.items += other.items;
    this.values += other.values;
    this.observedNumerator += other.observedNumerator;
    this.agreementSum += other.agreementSum;
    for (const [k, c] of other.categories) this.addCategory(mapKey ? mapKey(k) : k, c);
  }

  private sumSquaredTotals(): number {
    let s = 0;
    for (const c of this.categories.values()) s += c * c;
    return s;
  }

  alpha(raters: number): AlphaResult {
    const n = this.values;
    if (raters < 2)
      return alphaUndefined(
        "too-few-raters",
        `Alpha needs at least two raters; there ${raters === 1 ? "is 1" : `are ${raters}`}.`,
        raters,
        0,
      );
    if (n < 2 || this.items === 0)
      return alphaUndefined("no-pairable-items", "No item carries two or more values.", raters, 0);
    const observed = this.observedNumerator / n;
    const spread = n * n - this.sumSquaredTotals();
    const expected = spread / (n * (n - 1));
    if (!(spread > 0)) {
      return alphaUndefined(
        "no-variation",
        "Every value falls in the same category, so D_e = 0 and alpha is 0/0.",
        raters,
        this.items,
        observed,
        0,
      );
    }
    return alphaDefined(1 - observed / expected, observed, expected, raters, this.items);
  }

  kappa(raters: number): KappaResult {
    const n = this.values;
    if (raters < 2)
      return kappaUndefined(
        "too-few-raters",
        `Fleiss' kappa needs at least two raters; there ${raters === 1 ? "is 1" : `are ${raters}`}.`,
        raters,
        0,
      );
    if (n < 2 || this.items === 0)
      return kappaUndefined("no-pairable-items", "No item carries two or more ratings.", raters, 0);
    if (this.minRatings !== this.maxRatings) {
      return kappaUndefined(
        "unequal-ratings-per-item",
        `Classic Fleiss' kappa needs the same number of ratings on every item; items here have between ${this.minRatings} and ${this.maxRatings} (documents with different rater sets). Use Krippendorff's alpha.`,
        raters,
        this.items,
      );
    }
    const observed = this.agreementSum / this.items;
    const expected = this.sumSquaredTotals() / (n * n);
    if (!(expected < 1)) {
      return kappaUndefined(
        "no-variation",
        "Every rating falls in the same category, so P_e = 1 and kappa is 0/0.",
        raters,
        this.items,
        observed,
        expected,
      );
    }
    return kappaDefined((observed - expected) / (1 - expected), observed, expected, raters, this.items);
  }

  coefficients(raters: number): CodingPair {
    return { alpha: this.alpha(raters), kappa: this.kappa(raters) };
  }
}

/**
 * Binary (label present / absent) items summarized as a histogram over
 * (m, k): weight of items with m ratings of which k say "present".
 * `h[m * stride + k]`, stride = maxRatings + 1. The k = 0 cells may be left
 * empty and derived from per-m item totals with {@link fillAbsent}.
 */
export class BinaryHistogram {
  readonly stride: number;
  readonly h: Float64Array;

  constructor(readonly maxRatings: number) {
    this.stride = maxRatings + 1;
    this.h = new Float64Array(this.stride * this.stride);
  }

  add(m: number, k: number, weight: number): void {
    this.h[m * this.stride + k]! += weight;
  }

  /** Set the k = 0 cells so that row m sums to `totals[m]` (total item weight with m ratings). */
  fillAbsent(totals: ArrayLike<number>): void {
    for (let m = 0; m <= this.maxRatings; m++) {
      let present = 0;
      for (let k = 1; k <= m; k++) present += this.h[m * this.stride + k]!;
      this.h[m * this.stride] = Math.max(0, (totals[m] ?? 0) - present);
    }
  }

  coefficients(raters: number): CodingPair {
    return binaryCoefficients(this.h, this.stride, this.maxRatings, raters);
  }
}

/**
 * Binary alpha / kappa from a (m, k) histogram `h[m * stride + k]` (k = 0
 * cells filled), m = 2..maxRatings. With n = sum w m, n_p = sum w k, n_a = n - n_p:
 *   D_o = (1/n) sum w 2k(m-k)/(m-1),  D_e = 2 n_p n_a / (n (n-1)),
 *   P_u = (k^2 + (m-k)^2 - m) / (m (m-1)),  P_e = p^2 + (1-p)^2, p = n_p / n.
 */
export function binaryCoefficients(h: Float64Array, stride: number, maxRatings: number, raters: number): CodingPair {
  let items = 0;
  let n = 0;
  let np = 0;
  let observedNumerator = 0;
  let agreementSum = 0;
  let minM = Infinity;
  let maxM = 0;
  for (let m = 2; m <= maxRatings; m++) {
    for (let k = 0; k <= m; k++) {
      const w = h[m * stride + k]!;
      if (w === 0) continue;
      if (m < minM) minM = m;
      if (m > maxM) maxM = m;
      items += w;
      n += w * m;
      np += w * k;
      observedNumerator += (w * 2 * k * (m - k)) / (m - 1);
      agreementSum += (w * (k * k + (m - k) * (m - k) - m)) / (m * (m - 1));
    }
  }
  const na = n - np;
  if (raters < 2) {
    const reason = `Needs at least two raters; there ${raters === 1 ? "is 1" : `are ${raters}`}.`;
    return {
      alpha: alphaUndefined("too-few-raters", reason, raters, 0),
      kappa: kappaUndefined("too-few-raters", reason, raters, 0),
    };
  }
  if (items === 0) {
    const reason = "No item carries two or more ratings.";
    return {
      alpha: alphaUndefined("no-pairable-items", reason, raters, 0),
      kappa: kappaUndefined("no-pairable-items", reason, raters, 0),
    };
  }
  const observedD = observedNumerator / n;
  const pBar = agreementSum / items;
  const p = np / n;
  const pe = p * p + (1 - p) * (1 - p);
  if (np === 0 || na === 0) {
    const reason =
      np === 0
        ? "No rater marked the label on any item (no variation)."
        : "Every rater marked the label on every item (no variation).";
    return {
      alpha: alphaUndefined("no-variation", reason, raters, items, observedD, 0),
      kappa: kappaUndefined("no-variation", reason, raters, items, pBar, pe),
    };
  }
  const expectedD = (2 * np * na) / (n * (n - 1));
  const alpha = alphaDefined(1 - observedD / expectedD, observedD, expectedD, raters, items);
  const kappa =
    minM !== maxM
      ? kappaUndefined(
          "unequal-ratings-per-item",
          `Classic Fleiss' kappa needs the same number of ratings on every item; items here have between ${minM} and ${maxM}.`,
          raters,
          items,
        )
      : kappaDefined((pBar - pe) / (1 - pe), pBar, pe, raters, items);
  return { alpha, kappa };
}

/**
 * Krippendorff's nominal alpha and Fleiss' kappa for a plain items x raters
 * matrix (`null`/`undefined` = missing). Convenience for small data and tests.
 */
export function nominalCoefficients(items: readonly (readonly (CategoryKey | null | undefined)[])[]): CodingPair {
  const acc = new NominalAccumulator();
  let raters = 0;
  const seen = new Set<number>();
  for (const row of items) {
    row.forEach((v, r) => {
      if (v !== null && v !== undefined) seen.add(r);
    });
    acc.addValues(row);
  }
  raters = seen.size;
  return acc.coefficients(raters);
}
