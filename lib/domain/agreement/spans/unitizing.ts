/**
 * Krippendorff's unitizing alpha (u-alpha) for one continuum, per category,
 * following DKPro Statistics' `KrippendorffAlphaUnitizingAgreement`
 * (org.dkpro.statistics.agreement.unitizing; Meyer & Stab), which implements
 * Krippendorff (1995) "On the reliability of unitizing continuous data",
 * Sociological Methodology 25:47-76, with the expected disagreement of
 * Krippendorff (2004) Content Analysis, 2nd ed., section 12.4.
 *
 * ## Model
 * Each category c is a separate binary unitizing (DKPro's per-category
 * alpha): every rater i segments the continuum [0, L) into *units* of c and
 * *gaps* (maximal stretches not covered by a unit of c; units of other
 * categories count as gap). Units of one rater and category must not overlap —
 * callers merge overlapping spans first (union, see {@link mergeOverlapping});
 * touching units ([a,b) and [b,c)) stay two units, as in DKPro.
 *
 * Distance between two sections g (rater i) and h (rater j), begin b, length l
 * (DKPro `measureDistance`, Krippendorff 2004 delta^2):
 *   unit/unit, overlapping:        (b_g - b_h)^2 + (e_g - e_h)^2   (e = b + l)
 *   unit g inside gap h:           l_g^2   (symmetric for gap/unit)
 *   anything else (gap/gap, partly overlapping unit/gap, disjoint): 0
 *
 * Observed disagreement (R raters):
 *   D_o(c) = 2 / (R (R-1) L^2) * sum_{i<j} sum_{g of i, h of j} delta^2(g, h)
 * Only overlapping section pairs can be non-zero, so the double sum is a sweep
 * over the two sorted unit lists: sum over overlapping unit pairs of the
 * squared boundary differences, plus l^2 for every unit that overlaps no unit
 * of the other rater (such a unit lies inside exactly one gap). O(n_i + n_j).
 *
 * Expected disagreement (DKPro `calculateExpectedCategoryDisagreement`), with
 * N_c units of c (all raters) of lengths l, and all gaps of all raters:
 *   D_e(c) = (2/L) * sum_u [ (N_c - 1) l_u (2 l_u - 1)(l_u - 1) / 3
 *                            + l_u^2 * sum_{gaps g: l_g >= l_u} (l_g - l_u + 1) ]
 *            / ( R L (R L - 1) - sum_u l_u (l_u - 1) )
 * The inner gap sum is answered from sorted gaps with suffix sums
 * (sum l_g - (l_u - 1) * count), so D_e is O((N + G) log G) instead of DKPro's
 * O(N * G).
 *
 * alpha(c) = 1 - D_o(c) / D_e(c). Pooled over categories (DKPro
 * `calculateAgreement`): 1 - mean_c D_o(c) / mean_c D_e(c) over the categories
 * that have units (a category without units has D_o = D_e = 0, so which
 * empty categories are included does not change the ratio).
 *
 * Deviations from DKPro, all in undefined cases: DKPro returns 0 when
 * D_o == D_e (including 0/0) and NaN for an empty study; here D_e = 0 gives
 * `value: null` ("no-units" / "no-variation") and R < 2 gives "too-few-raters".
 * When D_o == D_e > 0 the value is a genuine 0, as in DKPro.
 */
import { alphaDefined, alphaUndefined } from "./results";
import type { AlphaResult } from "./types";

/**
 * DKPro's `measureDistance` (Krippendorff's delta^2 between two sections).
 * A section is a unit when `isUnit` is true, else a gap.
 */
export function unitizingSectionDistance(
  offset1: number,
  length1: number,
  isUnit1: boolean,
  offset2: number,
  length2: number,
  isUnit2: boolean,
): number {
  const beginDiff = offset1 - offset2;
  const lengthDiff = length1 - length2;
  if (isUnit1 && isUnit2 && -length1 < beginDiff && beginDiff < length2) {
    return beginDiff * beginDiff + (beginDiff + lengthDiff) * (beginDiff + lengthDiff);
  }
  if (isUnit1 && !isUnit2 && -lengthDiff >= beginDiff && beginDiff >= 0) return length1 * length1;
  if (!isUnit1 && isUnit2 && -lengthDiff <= beginDiff && beginDiff <= 0) return length2 * length2;
  return 0;
}

/**
 * Sum of delta^2 over all pairs of sections of two raters (one category).
 * Units are flat `[s0, e0, s1, e1, ...]` starting at `aFrom`/`bFrom`
 * (`aCount`/`bCount` units), sorted by start, non-overlapping within a rater.
 * Symmetric in (a, b). O(aCount + bCount).
 */
export function observedPairSum(
  a: ArrayLike<number>,
  aFrom: number,
  aCount: number,
  b: ArrayLike<number>,
  bFrom: number,
  bCount: number,
): number {
  let sum = 0;
  let i = 0;
  let j = 0;
  // Whether the current unit of a (of b) has overlapped a unit of the other rater.
  let touchedA = false;
  let touchedB = false;
  while (i < aCount && j < bCount) {
    const as = a[aFrom + 2 * i]!;
    const ae = a[aFrom + 2 * i + 1]!;
    const bs = b[bFrom + 2 * j]!;
    const be = b[bFrom + 2 * j + 1]!;
    if (ae <= bs) {
      if (!touchedA) sum += (ae - as) * (ae - as);
      i++;
      touchedA = false;
    } else if (be <= as) {
      if (!touchedB) sum += (be - bs) * (be - bs);
      j++;
      touchedB = false;
    } else {
      sum += (as - bs) * (as - bs) + (ae - be) * (ae - be);
      touchedA = true;
      touchedB = true;
      if (ae <= be) {
        i++;
        touchedA = false;
      }
      if (be <= ae) {
        j++;
        touchedB = false;
      }
    }
  }
  for (; i < aCount; i++, touchedA = false) {
    if (!touchedA) {
      const l = a[aFrom + 2 * i + 1]! - a[aFrom + 2 * i]!;
      sum += l * l;
    }
  }
  for (; j < bCount; j++, touchedB = false) {
    if (!touchedB) {
      const l = b[bFrom + 2 * j + 1]! - b[bFrom + 2 * j]!;
      sum += l * l;
    }
  }
  return sum;
}

/**
 * Append the gap lengths of one rater's segmentation of [0, length) to `out`
 * (maximal stretches without a unit; touching units leave no gap between them).
 */
export function pushGaps(units: ArrayLike<number>, from: number, count: number, length: number, out: number[]): void {
  let prev = 0;
  for (let k = 0; k < count; k++) {
    const s = units[from + 2 * k]!;
    if (s > prev) out.push(s - prev);
    prev = units[from + 2 * k + 1]!;
  }
  if (length > prev) out.push(length - prev);
}

// Reused by expectedDisagreement (synchronous, so sharing is safe).
let scratchGaps = new Float64Array(256);
let scratchSuffix = new Float64Array(256);

/**
 * Krippendorff's / DKPro's expected disagreement D_e for one category, from
 * the lengths of all units (all raters) and all gaps (all raters) of a
 * continuum of `length` with `raters` raters. Returns 0 when there are no
 * units. O((N + G) log G).
 */
export function expectedDisagreement(
  unitLengths: ArrayLike<number>,
  gapLengths: ArrayLike<number>,
  length: number,
  raters: number,
): number {
  const N = unitLengths.length;
  if (N === 0) return 0;
  const G = gapLengths.length;
  if (scratchGaps.length < G + 1) {
    scratchGaps = new Float64Array(2 * G + 2);
    scratchSuffix = new Float64Array(2 * G + 2);
  }
  const gaps = scratchGaps.subarray(0, G);
  if (G <= 48) {
    // insertion sort: much cheaper than TypedArray#sort for the many tiny per-document gap lists
    for (let k = 0; k < G; k++) {
      const x = gapLengths[k]!;
      let j = k - 1;
      while (j >= 0 && gaps[j]! > x) {
        gaps[j + 1] = gaps[j]!;
        j--;
      }
      gaps[j + 1] = x;
    }
  } else {
    for (let k = 0; k < G; k++) gaps[k] = gapLengths[k]!;
    gaps.sort();
  }
  // suffix[k] = sum of gaps[k..G-1]
  const suffix = scratchSuffix;
  suffix[G] = 0;
  for (let k = G - 1; k >= 0; k--) suffix[k] = suffix[k + 1]! + gaps[k]!;
  let total = 0;
  let squaredLengths = 0;
  for (let u = 0; u < N; u++) {
    const l = unitLengths[u]!;
    squaredLengths += l * (l - 1);
    // lower bound: first gap >= l
    let lo = 0;
    let hi = G;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (gaps[mid]! < l) lo = mid + 1;
      else hi = mid;
    }
    const count = G - lo;
    const gapSum = suffix[lo]! - (l - 1) * count; // sum_{g >= l} (g - l + 1)
    total += ((N - 1) * l * (2 * l - 1) * (l - 1)) / 3 + l * l * gapSum;
  }
  const RL = raters * length;
  return ((2 / length) * total) / (RL * (RL - 1) - squaredLengths);
}

/** D_o from the summed delta^2 of all rater pairs (i < j). */
export function observedDisagreement(pairSum: number, length: number, raters: number): number {
  return (2 * pairSum) / (raters * (raters - 1) * length * length);
}

/** Observed/expected disagreement of one category of one continuum (or of a concatenation). */
export interface UnitizingParts {
  readonly observed: number;
  readonly expected: number;
  readonly units: number;
}

/** Alpha of one category from its parts; handles the undefined cases. */
export function unitizingAlphaFromParts(parts: UnitizingParts, raters: number): AlphaResult {
  if (raters < 2) {
    return alphaUndefined(
      "too-few-raters",
      `Unitizing alpha needs at least two raters; there ${raters === 1 ? "is 1" : `are ${raters}`}.`,
      raters,
      parts.units,
    );
  }
  if (parts.units === 0) {
    return alphaUndefined(
      "no-units",
      "No rater marked a unit of this label, so there is nothing to agree on (D_e = 0).",
      raters,
      0,
      0,
      0,
    );
  }
  if (!(parts.expected > 0)) {
    return alphaUndefined(
      "no-variation",
      "Expected disagreement is 0 (every possible unitization is identical), so alpha is 0/0.",
      raters,
      parts.units,
      parts.observed,
      parts.expected,
    );
  }
  return alphaDefined(1 - parts.observed / parts.expected, parts.observed, parts.expected, raters, parts.units);
}

/** DKPro's pooled alpha: 1 - mean D_o / mean D_e over the categories with units. */
export function pooledUnitizingAlpha(parts: readonly UnitizingParts[], raters: number): AlphaResult {
  let observed = 0;
  let expected = 0;
  let units = 0;
  let categories = 0;
  for (const p of parts) {
    if (p.units === 0) continue;
    observed += p.observed;
    expected += p.expected;
    units += p.units;
    categories++;
  }
  if (categories === 0) return unitizingAlphaFromParts({ observed: 0, expected: 0, units: 0 }, raters);
  return unitizingAlphaFromParts({ observed: observed / categories, expected: expected / categories, units }, raters);
}

/**
 * Merge a rater's overlapping units of one category (union). Input: flat
 * `[s, e, ...]` sorted by (start, end); output written to `out` from `outFrom`.
 * Units that merely touch (end === next start) are kept apart. Returns the
 * number of merged units.
 */
export function mergeOverlapping(
  src: ArrayLike<number>,
  from: number,
  count: number,
  out: { [k: number]: number },
  outFrom: number,
): number {
  let n = 0;
  let ce = -1;
  for (let k = 0; k < count; k++) {
    const s = src[from + 2 * k]!;
    const e = src[from + 2 * k + 1]!;
    if (n > 0 && s < ce) {
      if (e > ce) ce = e;
      out[outFrom + 2 * (n - 1) + 1] = ce;
      continue;
    }
    ce = e;
    out[outFrom + 2 * n] = s;
    out[outFrom + 2 * n + 1] = ce;
    n++;
  }
  return n;
}

/** A unit in the continuum-level API. */
export interface UnitizingUnit {
  readonly rater: string;
  readonly label: string;
  readonly start: number;
  readonly end: number;
}

/** One continuum [0, length) unitized by `raters` (raters without units count: all gap). */
export interface UnitizingStudy {
  readonly length: number;
  readonly raters: readonly string[];
  readonly units: readonly UnitizingUnit[];
}

export interface UnitizingReport {
  readonly raters: number;
  readonly length: number;
  /** 1 - mean D_o / mean D_e over the labels that have units. */
  readonly pooled: AlphaResult;
  /** One binary unitizing per label, labels sorted. */
  readonly perLabel: readonly { readonly label: string; readonly alpha: AlphaResult }[];
}

/**
 * Unitizing alpha of one continuum, per label and pooled. Overlapping units
 * of one rater and label are merged (union) first; zero-length units are
 * ignored. Throws RangeError for a unit outside [0, length] or with end <
 * start, or for a unit by a rater not listed in `raters`.
 */
export function unitizingAlpha(study: UnitizingStudy): UnitizingReport {
  const L = study.length;
  if (!Number.isSafeInteger(L) || L <= 0)
    throw new RangeError(`continuum length must be a positive integer, got ${String(L)}`);
  const raterIds = [...new Set(study.raters)];
  const raterIndex = new Map(raterIds.map((r, i) => [r, i] as const));
  const R = raterIds.length;
  const byLabel = new Map<string, number[][]>();
  for (const u of study.units) {
    const r = raterIndex.get(u.rater);
    if (r === undefined) throw new RangeError(`unit by rater "${u.rater}" who is not in study.raters`);
    if (!Number.isSafeInteger(u.start) || !Number.isSafeInteger(u.end) || u.start < 0 || u.end > L || u.end < u.start) {
      throw new RangeError(`unit [${String(u.start)}, ${String(u.end)}) is not inside [0, ${L}]`);
    }
    if (u.end === u.start) continue;
    let lists = byLabel.get(u.label);
    if (!lists) {
      lists = raterIds.map(() => []);
      byLabel.set(u.label, lists);
    }
    lists[r]!.push(u.start, u.end);
  }
  const labels = [...byLabel.keys()].sort();
  const parts: UnitizingParts[] = [];
  const perLabel = labels.map((label) => {
    const merged = byLabel.get(label)!.map((flat) => {
      const pairs: [number, number][] = [];
      for (let k = 0; k < flat.length; k += 2) pairs.push([flat[k]!, flat[k + 1]!]);
      pairs.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
      const sorted = pairs.flat();
      const out: number[] = [];
      mergeOverlapping(sorted, 0, pairs.length, out, 0);
      return out;
    });
    const p = continuumParts(merged, L);
    parts.push(p);
    return { label, alpha: unitizingAlphaFromParts(p, R) };
  });
  return { raters: R, length: L, pooled: pooledUnitizingAlpha(parts, R), perLabel };
}

/** D_o and D_e of one category from each rater's merged flat unit list. */
export function continuumParts(perRater: readonly (readonly number[])[], length: number): UnitizingParts {
  const R = perRater.length;
  let pairSum = 0;
  const unitLengths: number[] = [];
  const gapLengths: number[] = [];
  for (let i = 0; i < R; i++) {
    const a = perRater[i]!;
    for (let k = 0; k < a.length; k += 2) unitLengths.push(a[k + 1]! - a[k]!);
    pushGaps(a, 0, a.length / 2, length, gapLengths);
    for (let j = i + 1; j < R; j++) {
      const b = perRater[j]!;
      pairSum += observedPairSum(a, 0, a.length / 2, b, 0, b.length / 2);
    }
  }
  return {
    observed: R >= 2 ? observedDisagreement(pairSum, length, R) : 0,
    expected: R >= 1 ? expectedDisagreement(unitLengths, gapLengths, length, R) : 0,
    units: unitLengths.length,
  };
}
