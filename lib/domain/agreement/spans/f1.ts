/**
 * Pairwise span F1 between two raters.
 *
 * Exact match: a span of A matches a span of B when label, start and end are
 * equal. A rater's exact duplicates count once. With M matches,
 * P = M/|A|, R = M/|B|, F1 = 2M / (|A| + |B|) — symmetric in (A, B).
 *
 * Overlap with partial credit, SemEval-2020 Task 11 (Da San Martino et al.
 * 2020, span identification / technique classification scorer): with A as
 * prediction S and B as gold T,
 *   C(s, t, h) = |s ∩ t| / h * [label(s) = label(t)]
 *   P(S, T) = 1/|S| sum_{s in S, t in T} C(s, t, |s|)
 *   R(S, T) = 1/|T| sum_{s in S, t in T} C(s, t, |t|)
 *   F1 = 2 P R / (P + R).
 * Before scoring, a rater's overlapping spans of one label are merged (union,
 * the same units as unitizing alpha), so every code point is credited at most
 * once and P, R <= 1. Swapping the roles (B as prediction) swaps P and R —
 * P(B, A) = R(A, B) because |s ∩ t| is symmetric — so F1 is already symmetric
 * and "averaging both directions" gives the same F1; P and R are reported with
 * A (the rater sorting first) as prediction.
 */
import { f1FromCredits, macroF1 } from "./results";
import type { F1Result, MacroF1 } from "./types";

/**
 * Number of equal [s, e) pairs in two flat lists sorted by (start, end),
 * each free of duplicates. O(aCount + bCount).
 */
export function exactMatches(
  a: ArrayLike<number>,
  aFrom: number,
  aCount: number,
  b: ArrayLike<number>,
  bFrom: number,
  bCount: number,
): number {
  let i = 0;
  let j = 0;
  let m = 0;
  while (i < aCount && j < bCount) {
    const as = a[aFrom + 2 * i]!;
    const bs = b[bFrom + 2 * j]!;
    if (as < bs) i++;
    else if (bs < as) j++;
    else {
      const ae = a[aFrom + 2 * i + 1]!;
      const be = b[bFrom + 2 * j + 1]!;
      if (ae < be) i++;
      else if (be < ae) j++;
      else {
        m++;
        i++;
        j++;
      }
    }
  }
  return m;
}

/** Overlap credits of two merged (sorted, non-overlapping) flat unit lists. */
export interface OverlapCredits {
  /** sum_{a,b} |a ∩ b| / |a| */
  creditA: number;
  /** sum_{a,b} |a ∩ b| / |b| */
  creditB: number;
}

/** Interval-intersection sweep, O(aCount + bCount). Adds into `out`. */
export function addOverlapCredits(
  a: ArrayLike<number>,
  aFrom: number,
  aCount: number,
  b: ArrayLike<number>,
  bFrom: number,
  bCount: number,
  out: OverlapCredits,
): void {
  let i = 0;
  let j = 0;
  while (i < aCount && j < bCount) {
    const as = a[aFrom + 2 * i]!;
    const ae = a[aFrom + 2 * i + 1]!;
    const bs = b[bFrom + 2 * j]!;
    const be = b[bFrom + 2 * j + 1]!;
    const inter = Math.min(ae, be) - Math.max(as, bs);
    if (inter > 0) {
      out.creditA += inter / (ae - as);
      out.creditB += inter / (be - bs);
    }
    if (ae <= be) i++;
    else j++;
  }
}

/** A span without document/rater, for {@link pairwiseSpanF1}. */
export interface LabeledInterval {
  readonly label: string;
  readonly start: number;
  readonly end: number;
}

export interface F1Summary {
  readonly micro: F1Result;
  readonly macro: MacroF1;
  readonly perLabel: readonly { readonly label: string; readonly result: F1Result }[];
}

export interface PairF1 {
  readonly exact: F1Summary;
  readonly overlap: F1Summary;
}

function groupByLabel(spans: readonly LabeledInterval[]): Map<string, [number, number][]> {
  const m = new Map<string, [number, number][]>();
  for (const s of spans) {
    if (!Number.isSafeInteger(s.start) || !Number.isSafeInteger(s.end) || s.start < 0 || s.end < s.start) {
      throw new RangeError(`span [${String(s.start)}, ${String(s.end)}) is not a valid half-open interval`);
    }
    if (s.end === s.start) continue;
    let l = m.get(s.label);
    if (!l) m.set(s.label, (l = []));
    l.push([s.start, s.end]);
  }
  for (const l of m.values()) l.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  return m;
}

function dedupFlat(pairs: readonly [number, number][]): number[] {
  const out: number[] = [];
  for (const [s, e] of pairs) {
    const n = out.length;
    if (n > 0 && out[n - 2] === s && out[n - 1] === e) continue;
    out.push(s, e);
  }
  return out;
}

function mergeFlat(pairs: readonly [number, number][]): number[] {
  const out: number[] = [];
  for (const [s, e] of pairs) {
    const n = out.length;
    if (n > 0 && s < out[n - 1]!) {
      if (e > out[n - 1]!) out[n - 1] = e;
    } else out.push(s, e);
  }
  return out;
}

/**
 * Exact and overlap F1 of rater A against rater B (one document, or any one
 * continuum), per label, micro (pooled credits) and macro (mean of the
 * defined per-label F1). Zero-length spans are ignored.
 */
export function pairwiseSpanF1(spansA: readonly LabeledInterval[], spansB: readonly LabeledInterval[]): PairF1 {
  const ga = groupByLabel(spansA);
  const gb = groupByLabel(spansB);
  const labels = [...new Set([...ga.keys(), ...gb.keys()])].sort();
  const exactPer: { label: string; result: F1Result }[] = [];
  const overlapPer: { label: string; result: F1Result }[] = [];
  let eA = 0,
    eB = 0,
    eM = 0,
    oA = 0,
    oB = 0,
    oCA = 0,
    oCB = 0;
  for (const label of labels) {
    const pa = ga.get(label) ?? [];
    const pb = gb.get(label) ?? [];
    const da = dedupFlat(pa);
    const db = dedupFlat(pb);
    const m = exactMatches(da, 0, da.length / 2, db, 0, db.length / 2);
    exactPer.push({ label, result: f1FromCredits(da.length / 2, db.length / 2, m, m) });
    eA += da.length / 2;
    eB += db.length / 2;
    eM += m;
    const ma = mergeFlat(pa);
    const mb = mergeFlat(pb);
    const c: OverlapCredits = { creditA: 0, creditB: 0 };
    addOverlapCredits(ma, 0, ma.length / 2, mb, 0, mb.length / 2, c);
    overlapPer.push({ label, result: f1FromCredits(ma.length / 2, mb.length / 2, c.creditA, c.creditB) });
    oA += ma.length / 2;
    oB += mb.length / 2;
    oCA += c.creditA;
    oCB += c.creditB;
  }
  return {
    exact: { micro: f1FromCredits(eA, eB, eM, eM), macro: macroF1(exactPer.map((x) => x.result)), perLabel: exactPer },
    overlap: {
      micro: f1FromCredits(oA, oB, oCA, oCB),
      macro: macroF1(overlapPer.map((x) => x.result)),
      perLabel: overlapPer,
    },
  };
}
