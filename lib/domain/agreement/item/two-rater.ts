/**
 * Two-rater coefficients: Cohen's kappa (unweighted, linear or quadratic
 * weights) and Scott's pi, over the items that both raters rated.
 *
 * Scott's pi is defined for two raters. Its multi-rater generalisation is
 * Fleiss' kappa (see fleiss-kappa.ts), which equals Scott's pi for two raters
 * and complete data; this function does not generalise it itself.
 *
 * By default the data must contain exactly two raters; `raters` picks two of
 * several (e.g. for a pairwise matrix). O(records + categories) unweighted,
 * O(records + categories log categories) weighted.
 */
import { AgreementInputError, type PreparedRatings, type RatingsInput, toPrepared } from "./prepare";
import { definedResult, undefinedResult, type ResultBase } from "./result";
import { scaled, unscale } from "./scale";
import type { CoefficientResult, KappaWeights, UndefinedCode } from "./types";

export interface TwoRaterOptions {
  /** The two raters to compare. Default: the only two raters in the data. */
  readonly raters?: readonly [string, string];
}

export interface CohenKappaOptions extends TwoRaterOptions {
  /**
   * Disagreement weights: `linear` |x - y|, `quadratic` (x - y)^2 on the
   * numeric values themselves (not on category ranks). Default `unweighted`.
   */
  readonly weights?: KappaWeights;
}

interface Paired {
  readonly ok: true;
  /** Category index given by rater A / rater B, per paired item. */
  readonly a: number[];
  readonly b: number[];
  readonly itemsExcluded: number;
  readonly raters: number;
}

interface NotPaired {
  readonly ok: false;
  readonly code: UndefinedCode;
  readonly reason: string;
  readonly raters: number;
}

function pairRatings(data: PreparedRatings, options: TwoRaterOptions, what: string): Paired | NotPaired {
  let ra: number;
  let rb: number;
  if (options.raters) {
    const [nameA, nameB] = options.raters;
    if (nameA === nameB)
      throw new AgreementInputError(`${what}: the two raters must differ (got ${JSON.stringify(nameA)} twice)`);
    ra = data.raterIds.indexOf(nameA);
    rb = data.raterIds.indexOf(nameB);
    const missing = [ra < 0 ? nameA : null, rb < 0 ? nameB : null].filter((x): x is string => x !== null);
    if (missing.length > 0) {
      return {
        ok: false,
        code: "no-pairable-items",
        reason: `${what}: rater ${missing.map((x) => JSON.stringify(x)).join(" and ")} has no values, so no item was rated by both.`,
        raters: 2 - missing.length,
      };
    }
  } else {
    const R = data.raterIds.length;
    if (R < 2)
      return {
        ok: false,
        code: "too-few-raters",
        reason: `${what} needs exactly two raters; the data has ${R}.`,
        raters: R,
      };
    if (R > 2) {
      return {
        ok: false,
        code: "not-two-raters",
        reason: `${what} is defined for exactly two raters; the data has ${R}. Choose two raters, or use Fleiss' kappa / Krippendorff's alpha.`,
        raters: R,
      };
    }
    ra = 0;
    rb = 1;
  }
  const a: number[] = [];
  const b: number[] = [];
  for (const item of data.items) {
    let va = -1;
    let vb = -1;
    for (let i = 0; i < item.raters.length; i++) {
      const r = item.raters[i];
      if (r === ra) va = item.values[i] ?? -1;
      else if (r === rb) vb = item.values[i] ?? -1;
    }
    if (va >= 0 && vb >= 0) {
      a.push(va);
      b.push(vb);
    }
  }
  return { ok: true, a, b, itemsExcluded: data.items.length - a.length, raters: 2 };
}

function baseFor(
  name: "cohenKappa" | "scottPi",
  label: string,
  data: PreparedRatings,
  p: Paired | NotPaired,
): ResultBase {
  const items = p.ok ? p.a.length : 0;
  return {
    name,
    label,
    items,
    itemsExcluded: data.items.length - items,
    raters: items > 0 ? 2 : p.ok ? 0 : Math.min(p.raters, 2),
    pairableValues: 2 * items,
    basis: "agreement",
  };
}

function marginals(data: PreparedRatings, p: Paired): { ca: Float64Array; cb: Float64Array; agree: number } {
  const K = data.categories.length;
  const ca = new Float64Array(K);
  const cb = new Float64Array(K);
  let agree = 0;
  for (let i = 0; i < p.a.length; i++) {
    const x = p.a[i] ?? 0;
    const y = p.b[i] ?? 0;
    ca[x] = (ca[x] ?? 0) + 1;
    cb[y] = (cb[y] ?? 0) + 1;
    if (x === y) agree++;
  }
  return { ca, cb, agree };
}

export function cohenKappa(input: RatingsInput, options: CohenKappaOptions = {}): CoefficientResult {
  const data = toPrepared(input);
  const weights = options.weights ?? "unweighted";
  const label = weights === "unweighted" ? "Cohen's kappa" : `Cohen's kappa (${weights} weights)`;
  const p = pairRatings(data, options, "Cohen's kappa");
  const base: ResultBase = { ...baseFor("cohenKappa", label, data, p), weights };
  if (!p.ok) return undefinedResult(base, p.code, p.reason);
  const N = p.a.length;
  if (N === 0) return undefinedResult(base, "no-pairable-items", "No item was rated by both raters.");

  if (weights === "unweighted") {
    const { ca, cb, agree } = marginals(data, p);
    let chance = 0; // sum_c a_c b_c = N^2 * P_e
    for (let c = 0; c < ca.length; c++) chance += (ca[c] ?? 0) * (cb[c] ?? 0);
    const observed = agree / N;
    const expected = chance / (N * N);
    if (chance === N * N) {
      return undefinedResult(
        base,
        "no-variation",
        "Both raters used one and the same category for every item, so chance agreement is 1 and kappa is 0/0.",
        observed,
        expected,
      );
    }
    // (P_o - P_e) / (1 - P_e) in integer counts: exact for perfect agreement.
    return definedResult(base, (N * agree - chance) / (N * N - chance), observed, expected);
  }

  const raw = data.numeric;
  if (raw === null) {
    return undefinedResult(
      { ...base, basis: "disagreement" },
      "non-numeric-values",
      `Weighted kappa (${weights}) needs numeric values; some values are strings.`,
    );
  }
  const wbase: ResultBase = { ...base, basis: "disagreement" };
  const { ca, cb } = marginals(data, p);
  const used: number[] = [];
  for (let c = 0; c < raw.length; c++) if ((ca[c] ?? 0) > 0 || (cb[c] ?? 0) > 0) used.push(c);
  // Power-of-two scaled values (scale.ts): the ratio is unchanged, squares neither overflow nor underflow.
  const { scores: x, squareFactor } = scaled(raw, "spread", used);
  const factor = weights === "linear" ? Math.sqrt(squareFactor) : squareFactor;
  let observedSum = 0;
  for (let i = 0; i < N; i++) {
    const d = Math.abs((x[p.a[i] ?? 0] ?? 0) - (x[p.b[i] ?? 0] ?? 0));
    observedSum += weights === "linear" ? d : d * d;
  }
  const expectedSum = weights === "linear" ? crossAbsDiff(x, ca, cb) : crossSquaredDiff(x, ca, cb);
  const observed = unscale(observedSum / N, factor);
  const expected = unscale(expectedSum / (N * N), factor);
  if (expectedSum === 0) {
    return undefinedResult(
      wbase,
      "no-variation",
      "Both raters used one and the same value for every item, so expected disagreement is 0 and kappa is 0/0.",
      observed,
      expected,
    );
  }
  return definedResult(wbase, 1 - observedSum / N / (expectedSum / (N * N)), observed, expected);
}

/** sum_i sum_j a_i b_j |x_i - x_j| by a sorted sweep: O(K log K). */
function crossAbsDiff(x: Float64Array, a: Float64Array, b: Float64Array): number {
  const used: number[] = [];
  for (let c = 0; c < x.length; c++) if ((a[c] ?? 0) > 0 || (b[c] ?? 0) > 0) used.push(c);
  used.sort((p, q) => (x[p] ?? 0) - (x[q] ?? 0));
  const ref = used.length > 0 ? (x[used[0] ?? 0] ?? 0) : 0;
  let sa = 0;
  let sax = 0;
  let sb = 0;
  let sbx = 0;
  let total = 0;
  for (const c of used) {
    const v = (x[c] ?? 0) - ref; // shifted: differences are unchanged, magnitudes stay small
    const ac = a[c] ?? 0;
    const bc = b[c] ?? 0;
    total += bc * (v * sa - sax) + ac * (v * sb - sbx);
    sa += ac;
    sax += ac * v;
    sb += bc;
    sbx += bc * v;
  }
  return total;
}

/** sum_i sum_j a_i b_j (x_i - x_j)^2 in closed form around the pooled mean: O(K). */
function crossSquaredDiff(x: Float64Array, a: Float64Array, b: Float64Array): number {
  let A = 0;
  let B = 0;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let c = 0; c < x.length; c++) {
    const w = (a[c] ?? 0) + (b[c] ?? 0);
    if (w === 0) continue;
    const v = x[c] ?? 0;
    A += a[c] ?? 0;
    B += b[c] ?? 0;
    sum += w * v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (!(max > min)) return 0;
  const mean = sum / (A + B);
  let sa2 = 0;
  let sb2 = 0;
  let sa1 = 0;
  let sb1 = 0;
  for (let c = 0; c < x.length; c++) {
    const d = (x[c] ?? 0) - mean;
    const ac = a[c] ?? 0;
    const bc = b[c] ?? 0;
    sa2 += ac * d * d;
    sb2 += bc * d * d;
    sa1 += ac * d;
    sb1 += bc * d;
  }
  // sum_ij a_i b_j (d_i - d_j)^2 = B sum a d^2 + A sum b d^2 - 2 (sum a d)(sum b d)
  return Math.max(0, B * sa2 + A * sb2 - 2 * sa1 * sb1);
}

export function scottPi(input: RatingsInput, options: TwoRaterOptions = {}): CoefficientResult {
  const data = toPrepared(input);
  const p = pairRatings(data, options, "Scott's pi");
  const base = baseFor("scottPi", "Scott's pi", data, p);
  if (!p.ok) return undefinedResult(base, p.code, p.reason);
  const N = p.a.length;
  if (N === 0) return undefinedResult(base, "no-pairable-items", "No item was rated by both raters.");
  const { ca, cb, agree } = marginals(data, p);
  // Pooled marginals: P_e = sum_c ((a_c + b_c) / 2N)^2.
  let pooledSquares = 0;
  for (let c = 0; c < ca.length; c++) {
    const t = (ca[c] ?? 0) + (cb[c] ?? 0);
    pooledSquares += t * t;
  }
  const observed = agree / N;
  const expected = pooledSquares / (4 * N * N);
  if (pooledSquares === 4 * N * N) {
    return undefinedResult(
      base,
      "no-variation",
      "Both raters used one and the same category for every item, so chance agreement is 1 and pi is 0/0.",
      observed,
      expected,
    );
  }
  return definedResult(base, (4 * N * agree - pooledSquares) / (4 * N * N - pooledSquares), observed, expected);
}
