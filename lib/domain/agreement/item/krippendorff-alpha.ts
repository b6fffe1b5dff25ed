/**
 * Krippendorff's alpha (Krippendorff, "Computing Krippendorff's Alpha-Reliability", 2011).
 *
 *   alpha = 1 - D_o / D_e,
 *   D_o = (1/n) sum_u 1/(m_u - 1) sum_{c,k} n_uc n_uk delta^2(c,k)   (= (1/n) sum_ck o_ck delta^2)
 *   D_e = 1/(n(n-1)) sum_{c,k} n_c n_k delta^2(c,k)
 *
 * over the units (items) u with m_u >= 2 values (units with fewer are not
 * pairable and are dropped); n_uc counts value c in unit u, n_c = sum_u n_uc and
 * n = sum_c n_c are the pairable values. This is the coincidence-matrix form
 * (o_ck = sum_u n_uc n_uk / (m_u - 1) off the diagonal), which is what lets
 * alpha use every pairable value when data are missing. Self-pairs never
 * matter because delta^2(c,c) = 0 for every metric.
 *
 * The coincidence matrix is never materialised:
 *  - nominal: sum_{c,k} n_uc n_uk [c != k] = m_u^2 - sum_c n_uc^2. O(values).
 *  - interval: sum_{c,k} n_uc n_uk (c - k)^2 = 2 m_u sum (x - mean_u)^2. O(values).
 *  - ordinal: Krippendorff's delta_ck = sum_{g=c..k} n_g - (n_c + n_k)/2 equals
 *    H(k) - H(c) with the mid-rank H(c) = sum_{g<c} n_g + n_c/2, so ordinal
 *    alpha is interval alpha on mid-ranks. O(values + K log K).
 *  - ratio: delta^2 = ((c - k)/(c + k))^2 has no such decomposition: per unit
 *    over its distinct values, O(sum_u d_u^2) with d_u <= min(m_u, K), and
 *    O(K^2) for D_e. Values must be >= 0 (0 vs 0 counts as no difference).
 */
import { type PreparedRatings, type RatingsInput, toPrepared } from "./prepare";
import { ItemCounter, Marker, definedResult, plural, undefinedResult, type ResultBase } from "./result";
import { scaled, unscale } from "./scale";
import type { CoefficientResult, MeasurementLevel } from "./types";

export interface KrippendorffOptions {
  /** Level of measurement; ordinal, interval and ratio need numeric values. Default `nominal`. */
  readonly level?: MeasurementLevel;
}

export function krippendorffAlpha(input: RatingsInput, options: KrippendorffOptions = {}): CoefficientResult {
  const data = toPrepared(input);
  const level = options.level ?? "nominal";
  const K = data.categories.length;

  // Pairable units and the marginal counts n_c over their values.
  const pairable: number[] = [];
  const nc = new Float64Array(K);
  const raters = new Marker(data.raterIds.length);
  let n = 0;
  for (let u = 0; u < data.items.length; u++) {
    const item = data.items[u];
    if (item === undefined || item.values.length < 2) continue;
    pairable.push(u);
    n += item.values.length;
    for (const c of item.values) nc[c] = (nc[c] ?? 0) + 1;
    raters.mark(item.raters);
  }

  const base: ResultBase = {
    name: "krippendorffAlpha",
    label: `Krippendorff's alpha (${level})`,
    level,
    items: pairable.length,
    itemsExcluded: data.items.length - pairable.length,
    raters: raters.size,
    pairableValues: n,
    basis: "disagreement",
  };

  if (level !== "nominal" && data.numeric === null) {
    return undefinedResult(
      base,
      "non-numeric-values",
      `The ${level} level needs numeric values; some values are strings.`,
    );
  }
  if (data.raterIds.length < 2) {
    return undefinedResult(
      base,
      "too-few-raters",
      `Alpha needs at least two raters; the data has ${data.raterIds.length}.`,
    );
  }
  if (n === 0) {
    return undefinedResult(
      base,
      "no-pairable-items",
      "No item has values from two or more raters, so there are no pairable values.",
    );
  }
  const x = data.numeric;
  if (level === "ratio" && x !== null) {
    for (let c = 0; c < K; c++) {
      if ((nc[c] ?? 0) > 0 && (x[c] ?? 0) < 0) {
        return undefinedResult(
          base,
          "negative-values",
          `The ratio level needs non-negative values; found ${String(x[c])}.`,
        );
      }
    }
  }

  let sums: { observed: number; expected: number };
  // Interval sums are in squared units of the values: computed on power-of-two-scaled values (scale.ts).
  let squareFactor = 1;
  switch (level) {
    case "nominal":
      sums = nominalSums(data, pairable, nc, n);
      break;
    case "interval": {
      const s = scaled(x as Float64Array, "spread", usedCategories(nc));
      squareFactor = s.squareFactor;
      sums = intervalSums(data, pairable, s.scores, nc, n);
      break;
    }
    case "ordinal":
      sums = intervalSums(data, pairable, midRanks(x as Float64Array, nc), nc, n);
      break;
    case "ratio":
      sums = ratioSums(data, pairable, scaled(x as Float64Array, "magnitude", usedCategories(nc)).scores, nc);
      break;
  }
  const observedScaled = sums.observed / n;
  const expectedScaled = sums.expected / (n * (n - 1));
  const observed = unscale(observedScaled, squareFactor);
  const expected = unscale(expectedScaled, squareFactor);
  if (sums.expected === 0) {
    return undefinedResult(
      base,
      "no-variation",
      `All ${plural(n, "pairable value")} are the same, so expected disagreement is 0 and alpha is 0/0.`,
      observed,
      expected,
    );
  }
  return definedResult(base, 1 - observedScaled / expectedScaled, observed, expected);
}

function usedCategories(nc: Float64Array): number[] {
  const used: number[] = [];
  for (let c = 0; c < nc.length; c++) if ((nc[c] ?? 0) > 0) used.push(c);
  return used;
}

/**
 * Returns sum_u (1/(m_u-1)) sum_ck n_uc n_uk delta^2 ("observed", before /n)
 * and sum_ck n_c n_k delta^2 ("expected", before /n(n-1)).
 */
function nominalSums(data: PreparedRatings, pairable: readonly number[], nc: Float64Array, n: number) {
  const counter = new ItemCounter(nc.length);
  let observed = 0;
  for (const u of pairable) {
    const values = data.items[u]?.values ?? [];
    const m = values.length;
    counter.load(values);
    observed += (m * m - counter.sumSquares()) / (m - 1);
  }
  let squares = 0;
  for (const c of nc) squares += c * c;
  return { observed, expected: n * n - squares };
}

/** Sum of squared deviations from the mean, exactly 0 when all values are equal. */
function squaredDeviations(values: readonly number[], score: Float64Array): number {
  const first = score[values[0] ?? 0] ?? 0;
  let shiftedSum = 0;
  let allEqual = true;
  for (const c of values) {
    const v = score[c] ?? 0;
    if (v !== first) allEqual = false;
    shiftedSum += v - first;
  }
  if (allEqual) return 0;
  const mean = shiftedSum / values.length;
  let ss = 0;
  for (const c of values) {
    const d = (score[c] ?? 0) - first - mean;
    ss += d * d;
  }
  return ss;
}

function intervalSums(
  data: PreparedRatings,
  pairable: readonly number[],
  score: Float64Array,
  nc: Float64Array,
  n: number,
) {
  let observed = 0;
  for (const u of pairable) {
    const values = data.items[u]?.values ?? [];
    const m = values.length;
    observed += (2 * m * squaredDeviations(values, score)) / (m - 1);
  }
  // Expected: the same identity over all pairable values, via the category counts.
  let first = NaN;
  let shiftedSum = 0;
  let allEqual = true;
  for (let c = 0; c < nc.length; c++) {
    const w = nc[c] ?? 0;
    if (w === 0) continue;
    const v = score[c] ?? 0;
    if (Number.isNaN(first)) first = v;
    else if (v !== first) allEqual = false;
    shiftedSum += w * (v - first);
  }
  if (allEqual) return { observed, expected: 0 };
  const mean = shiftedSum / n;
  let ss = 0;
  for (let c = 0; c < nc.length; c++) {
    const w = nc[c] ?? 0;
    if (w === 0) continue;
    const d = (score[c] ?? 0) - first - mean;
    ss += w * d * d;
  }
  return { observed, expected: 2 * n * ss };
}

/** Mid-rank H(c) = sum_{g < c} n_g + n_c / 2 over the ordered pairable values (0 for unused categories). */
function midRanks(x: Float64Array, nc: Float64Array): Float64Array {
  const used: number[] = [];
  for (let c = 0; c < nc.length; c++) if ((nc[c] ?? 0) > 0) used.push(c);
  used.sort((p, q) => (x[p] ?? 0) - (x[q] ?? 0));
  const h = new Float64Array(nc.length);
  let below = 0;
  for (const c of used) {
    const w = nc[c] ?? 0;
    h[c] = below + w / 2;
    below += w;
  }
  return h;
}

function ratioDelta2(a: number, b: number): number {
  const s = a + b;
  if (s === 0) return 0; // both 0 (values are non-negative)
  const r = (a - b) / s;
  return r * r;
}

function ratioSums(data: PreparedRatings, pairable: readonly number[], x: Float64Array, nc: Float64Array) {
  const counter = new ItemCounter(nc.length);
  let observed = 0;
  for (const u of pairable) {
    const values = data.items[u]?.values ?? [];
    const m = values.length;
    const d = counter.load(values);
    let s = 0;
    for (let i = 0; i < d; i++) {
      const c = counter.distinct[i] ?? 0;
      for (let j = i + 1; j < d; j++) {
        const k = counter.distinct[j] ?? 0;
        s += (counter.counts[c] ?? 0) * (counter.counts[k] ?? 0) * ratioDelta2(x[c] ?? 0, x[k] ?? 0);
      }
    }
    observed += (2 * s) / (m - 1);
  }
  const used: number[] = [];
  for (let c = 0; c < nc.length; c++) if ((nc[c] ?? 0) > 0) used.push(c);
  let expected = 0;
  for (let i = 0; i < used.length; i++) {
    const c = used[i] ?? 0;
    for (let j = i + 1; j < used.length; j++) {
      const k = used[j] ?? 0;
      expected += (nc[c] ?? 0) * (nc[k] ?? 0) * ratioDelta2(x[c] ?? 0, x[k] ?? 0);
    }
  }
  return { observed, expected: 2 * expected };
}
