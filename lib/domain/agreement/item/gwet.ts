/**
 * Gwet's AC1 (nominal) and AC2 (weighted), multi-rater with missing ratings: Gwet, K.L. (2014),
 * Handbook of Inter-Rater Reliability, 4th ed., ch. 3 and 4 (Advanced Analytics), as implemented by the
 * irrCAC R package (`gwet.ac1.raw`, Gwet 2019) and its Python port. With n items (those having a rating),
 * r_ik ratings of item i in category k, r_i = sum_k r_ik, q categories and weights w_kl:
 *
 *   r*_ik = sum_l w_kl r_il
 *   p_a   = mean over items with r_i >= 2 of  sum_k r_ik (r*_ik - 1) / (r_i (r_i - 1))
 *   pi_k  = (1/n) sum_i r_ik / r_i                      (every item with a rating)
 *   p_e   = T_w / (q (q - 1)) * sum_k pi_k (1 - pi_k),   T_w = sum_kl w_kl
 *   AC    = (p_a - p_e) / (1 - p_e)
 *
 * AC1: identity weights (T_w = q). AC2 by level of measurement, Gwet's weights on the q observed values:
 * ordinal (from ranks: 1 - M_kl / max M, M_kl = C(|rank_k - rank_l| + 1, 2)), interval (quadratic:
 * 1 - ((x_k - x_l) / (x_max - x_min))^2), ratio (1 - ((x_k - x_l)/(x_k + x_l))^2 / ((x_max - x_min)/(x_max + x_min))^2).
 * Unlike irrCAC, one observed category (q = 1, p_e = 0/0) is undefined ("no-variation"), not 1.
 * Cost: O(records + sum_i d_i^2 + q log q), d_i = distinct values in item i (T_w in closed form for
 * ordinal and interval; O(q^2) for ratio, refused above MAX_RATIO_CATEGORIES).
 */
import { type RatingsInput, toPrepared } from "./prepare";
import { ItemCounter, Marker, definedResult, undefinedResult, type ResultBase } from "./result";
import { scaled } from "./scale";
import type { CoefficientResult, MeasurementLevel } from "./types";

/** The ratio weights' T_w has no closed form: O(q^2) is refused beyond this many distinct values. */
export const MAX_RATIO_CATEGORIES = 5000;

export interface GwetOptions {
  /** nominal: AC1; ordinal, interval, ratio: AC2 with Gwet's weights for that level. Default nominal. */
  readonly level?: MeasurementLevel;
}

/** Weight of categories (c, k) and T_w for the data's categories. */
interface Weights {
  w(c: number, k: number): number;
  total: number;
}

function weightsFor(level: MeasurementLevel, x: Float64Array | null, q: number): Weights | string {
  if (level === "nominal") return { w: (c, k) => (c === k ? 1 : 0), total: q };
  if (x === null) return `The ${level} weights need numeric values; some values are strings.`;
  const order = Array.from({ length: q }, (_, c) => c).sort((a, b) => x[a]! - x[b]!);
  if (level === "ordinal") {
    const rank = new Float64Array(q);
    for (const [i, c] of order.entries()) rank[c] = i;
    const maxM = (q * (q - 1)) / 2; // n = q: C(q, 2)
    // sum_kl M_kl over rank differences d: 2 (q - d) pairs with M = (d + 1) d / 2.
    let sumM = 0;
    for (let d = 1; d < q; d++) sumM += 2 * (q - d) * (((d + 1) * d) / 2);
    return {
      w: (c, k) => 1 - ((Math.abs(rank[c]! - rank[k]!) + 1) * Math.abs(rank[c]! - rank[k]!)) / 2 / maxM,
      total: q * q - sumM / maxM,
    };
  }
  // Power-of-two scaled values: differences and sums stay finite for values near the double range.
  const { scores } = scaled(x, level === "ratio" ? "magnitude" : "spread");
  const min = scores[order[0]!]!;
  const max = scores[order[q - 1]!]!;
  const range = max - min;
  if (level === "interval") {
    // T_w = q^2 - sum_kl ((y_k - y_l))^2 = q^2 - 2 q sum_k (y_k - mean)^2, y = (x - min) / range.
    let mean = 0;
    for (let c = 0; c < q; c++) mean += (scores[c]! - min) / range;
    mean /= q;
    let ss = 0;
    for (let c = 0; c < q; c++) ss += ((scores[c]! - min) / range - mean) ** 2;
    return { w: (c, k) => 1 - ((scores[c]! - scores[k]!) / range) ** 2, total: q * q - 2 * q * ss };
  }
  if (min < 0) return `The ratio weights need non-negative values; found ${String(x[order[0]!])}.`;
  if (q > MAX_RATIO_CATEGORIES)
    return `The ratio weights are computed for at most ${MAX_RATIO_CATEGORIES} distinct values; the data has ${q}.`;
  const norm = (range / (max + min)) ** 2;
  const w = (c: number, k: number) =>
    c === k ? 1 : 1 - ((scores[c]! - scores[k]!) / (scores[c]! + scores[k]!)) ** 2 / norm;
  let total = 0;
  for (let c = 0; c < q; c++) for (let k = 0; k < q; k++) total += w(c, k);
  return { w, total };
}

/** The weights as a q x q table (the same numbers, looked up instead of computed per pair), when q is small. */
const MAX_TABLE_CATEGORIES = 1024;
function weightTable(weights: Weights, q: number): Float64Array | null {
  if (q > MAX_TABLE_CATEGORIES) return null;
  const table = new Float64Array(q * q);
  for (let c = 0; c < q; c++) for (let k = 0; k < q; k++) table[c * q + k] = weights.w(c, k);
  return table;
}

export function gwetAC(input: RatingsInput, options: GwetOptions = {}): CoefficientResult {
  const data = toPrepared(input);
  const level = options.level ?? "nominal";
  const q = data.categories.length;
  const raters = new Marker(data.raterIds.length);
  let pairable = 0;
  let values = 0;
  for (const item of data.items) {
    if (item.values.length >= 2) {
      pairable++;
      values += item.values.length;
      raters.mark(item.raters);
    }
  }
  const nominal = level === "nominal";
  const base: ResultBase = {
    name: nominal ? "gwetAC1" : "gwetAC2",
    label: nominal ? "Gwet's AC1" : `Gwet's AC2 (${level === "interval" ? "quadratic" : level} weights)`,
    level,
    items: pairable,
    itemsExcluded: data.items.length - pairable,
    raters: raters.size,
    pairableValues: values,
    basis: "agreement",
  };
  if (data.raterIds.length < 2) {
    return undefinedResult(
      base,
      "too-few-raters",
      `AC${nominal ? 1 : 2} needs at least two raters; the data has ${data.raterIds.length}.`,
    );
  }
  if (pairable === 0) return undefinedResult(base, "no-pairable-items", "No item has values from two or more raters.");
  if (q < 2) {
    return undefinedResult(
      base,
      "no-variation",
      "Every rating has the same value (one category), so chance agreement is 0/0.",
    );
  }
  const weights = weightsFor(level, data.numeric, q);
  if (typeof weights === "string") {
    const code = /negative/.test(weights)
      ? "negative-values"
      : /strings/.test(weights)
        ? "non-numeric-values"
        : "too-many-categories";
    return undefinedResult(base, code, weights);
  }
  const table = weightTable(weights, q);
  const counter = new ItemCounter(q);
  const pi = new Float64Array(q);
  let paSum = 0;
  const n = data.items.length;
  for (const item of data.items) {
    const r = item.values.length;
    if (r === 0) continue;
    const d = counter.load(item.values);
    for (let a = 0; a < d; a++) {
      const c = counter.distinct[a]!;
      pi[c]! += counter.counts[c]! / r;
    }
    if (r < 2) continue;
    let s = 0;
    for (let a = 0; a < d; a++) {
      const c = counter.distinct[a]!;
      let star = 0;
      if (table) {
        const row = c * q;
        for (let b = 0; b < d; b++) {
          const k = counter.distinct[b]!;
          star += table[row + k]! * counter.counts[k]!;
        }
      } else {
        for (let b = 0; b < d; b++) {
          const k = counter.distinct[b]!;
          star += weights.w(c, k) * counter.counts[k]!;
        }
      }
      s += counter.counts[c]! * (star - 1);
    }
    paSum += s / (r * (r - 1));
  }
  let spread = 0;
  for (let c = 0; c < q; c++) {
    const p = pi[c]! / n;
    spread += p * (1 - p);
  }
  const pa = paSum / pairable;
  const pe = (weights.total * spread) / (q * (q - 1));
  if (!(pe < 1)) return undefinedResult(base, "no-variation", "Chance agreement is 1, so AC is 0/0.", pa, pe);
  return definedResult(base, (pa - pe) / (1 - pe), pa, pe);
}
