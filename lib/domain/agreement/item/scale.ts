/**
 * Scale invariance for the metric coefficients (interval and ratio alpha, weighted kappa, AC2).
 *
 * They depend on value differences only through ratios of sums of squares, so multiplying every value by
 * a power of two changes no result bit (power-of-two scaling is exact in binary floating point) while it
 * keeps squares of ~1e200 from overflowing and squares of ~1e-170 from underflowing to 0. `scaled` brings
 * the spread (or magnitude) of the values to about 1.
 */
export interface ScaledScores {
  readonly scores: Float64Array;
  /** 2^(-2k): sums of squared differences of `scores` equal the original ones times this. */
  readonly squareFactor: number;
}

/** 2^e as a double, also for |e| > 1023 in two steps (each within range). */
function pow2(e: number): number {
  const h = Math.trunc(e / 2);
  return 2 ** h * 2 ** (e - h);
}

/**
 * `by: "spread"` (differences matter: interval, quadratic/linear weights) or `"magnitude"` (ratio, where
 * (c - k)/(c + k) needs the sum in range). Leaves the values alone (same array) when that size is already
 * between 2^-100 and 2^100, which is every everyday data set.
 */
export function scaled(x: Float64Array, by: "spread" | "magnitude", used?: ArrayLike<number>): ScaledScores {
  let min = Infinity;
  let max = -Infinity;
  const n = used ? used.length : x.length;
  for (let i = 0; i < n; i++) {
    const v = x[used ? used[i]! : i]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  // max - min overflows to Infinity for values near +-1.8e308 of opposite signs: then 2^1024 is the size.
  const size = by === "spread" ? max - min : Math.max(Math.abs(max), Math.abs(min));
  if (!(size > 0) || (size >= 2 ** -100 && size <= 2 ** 100)) return { scores: x, squareFactor: 1 };
  const e = Number.isFinite(size) ? Math.floor(Math.log2(size)) : 1024;
  const f = pow2(-e);
  const scores = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) scores[i] = x[i]! * f;
  return { scores, squareFactor: f * f };
}

/** A sum of squares computed on scaled scores, back in the data's units; null when that is not a finite double. */
export function unscale(sum: number, squareFactor: number): number | null {
  if (squareFactor === 1) return sum;
  const v = sum / squareFactor;
  return Number.isFinite(v) && (v !== 0 || sum === 0) ? v : null;
}
