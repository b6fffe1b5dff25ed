/**
 * Bootstrap confidence intervals, percentile method (Efron, B. & Tibshirani, R.J. (1993), An Introduction to
 * the Bootstrap, ch. 13): resample the units of analysis with replacement B times, recompute the coefficient
 * on each resample, and take the (1 - L)/2 and (1 + L)/2 quantiles of the B values (linear interpolation
 * between order statistics, R's type 7). For Krippendorff's alpha the share of resamples below a minimum
 * acceptable alpha is reported as `q`, as Hayes & Krippendorff's KALPHA macro does (Hayes, A.F. &
 * Krippendorff, K. (2007), Answering the call for a standard reliability measure for coding data,
 * Communication Methods and Measures 1(1):77-89); KALPHA resamples pairable values, here whole units are
 * resampled (items; for span measures, documents), so that within-unit dependence is kept.
 * Resamples on which the coefficient is undefined (e.g. no variation left) are left out and counted.
 */

export interface BootstrapOptions {
  /** Number of resamples B (>= 1). */
  readonly resamples: number;
  /** Seed of the generator: the same seed gives the same intervals. */
  readonly seed: number;
  /** Confidence level L, 0 < L < 1 (0.95). */
  readonly level: number;
  /** Minimum acceptable alpha for `q` (0.667). */
  readonly alphaMin: number;
}

export const DEFAULT_BOOTSTRAP: BootstrapOptions = { resamples: 1000, seed: 1, level: 0.95, alphaMin: 0.667 };

export interface ConfidenceInterval {
  readonly level: number;
  readonly low: number;
  readonly high: number;
  readonly method: "percentile";
  /** Resamples drawn. */
  readonly resamples: number;
  /** Resamples on which the coefficient was undefined (left out of the quantiles). */
  readonly undefinedResamples: number;
  /** Alpha only: share of the defined resamples below `alphaMin`. */
  readonly q?: number;
  readonly alphaMin?: number;
}

/** An interval, or why there is none. */
export type IntervalResult =
  | { readonly ci: ConfidenceInterval; readonly reason: null }
  | { readonly ci: null; readonly reason: string };

/** Multiplicities of one resample of n units with replacement, into `out` (length n). */
export function drawMultiplicities(rng: () => number, n: number, out: Int32Array): Int32Array {
  out.fill(0);
  for (let i = 0; i < n; i++) out[Math.floor(rng() * n)]!++;
  return out;
}

/** Type-7 quantile of sorted values. */
function quantile(sorted: Float64Array, p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/** The percentile interval of the resampled values (NaN = undefined on that resample). */
export function percentileInterval(values: Float64Array, opts: BootstrapOptions, isAlpha: boolean): IntervalResult {
  const defined = values.filter((v) => !Number.isNaN(v)).sort();
  const undefinedResamples = values.length - defined.length;
  if (defined.length < 2) {
    return {
      ci: null,
      reason: `Undefined on ${undefinedResamples} of ${values.length} resamples: too few defined values for an interval.`,
    };
  }
  const ci: ConfidenceInterval = {
    level: opts.level,
    low: quantile(defined, (1 - opts.level) / 2),
    high: quantile(defined, (1 + opts.level) / 2),
    method: "percentile",
    resamples: values.length,
    undefinedResamples,
  };
  if (!isAlpha) return { ci, reason: null };
  let below = 0;
  for (const v of defined) if (v < opts.alphaMin) below++;
  return { ci: { ...ci, q: below / defined.length, alphaMin: opts.alphaMin }, reason: null };
}
