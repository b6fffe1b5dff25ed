/**
 * Test-only brute-force reference implementations (not exported from
 * index.ts). Deliberately naive and written independently of the fast code:
 * literal ports of DKPro's loops, per-code-point items, all-pairs F1 credit.
 */
import fc from "fast-check";
import type { Span } from "./types";

export type Interval = readonly [number, number];

/**
 * Literal port of DKPro Statistics' `calculateObservedCategoryDisagreement`
 * loop (one category; units per rater sorted and non-overlapping), including
 * its early exit once both raters have no further unit. Returns D_o.
 */
export function dkproObserved(L: number, perRater: readonly (readonly Interval[])[]): number {
  const R = perRater.length;
  let result = 0;
  for (let r1 = 0; r1 < R; r1++) {
    for (let r2 = r1 + 1; r2 < R; r2++) {
      const u1 = perRater[r1]!;
      const u2 = perRater[r2]!;
      let i1 = 0;
      let i2 = 0;
      let offset1 = 0,
        length1 = 0,
        offset2 = 0,
        length2 = 0;
      let cat1 = false,
        cat2 = false;
      let pos = 0;
      while (pos < L && (i1 < u1.length || i2 < u2.length)) {
        if (pos === offset1 + length1) {
          const next = u1[i1];
          if (next && pos === next[0]) {
            length1 = next[1] - next[0];
            cat1 = true;
            i1++;
          } else {
            length1 = (next ? next[0] : L) - pos;
            cat1 = false;
          }
          offset1 = pos;
        }
        if (pos === offset2 + length2) {
          const next = u2[i2];
          if (next && pos === next[0]) {
            length2 = next[1] - next[0];
            cat2 = true;
            i2++;
          } else {
            length2 = (next ? next[0] : L) - pos;
            cat2 = false;
          }
          offset2 = pos;
        }
        result += dkproDistance(offset1, length1, cat1, offset2, length2, cat2);
        pos = Math.min(offset1 + length1, offset2 + length2);
      }
    }
  }
  return (2 * result) / (R * (R - 1) * L * L);
}

function dkproDistance(o1: number, l1: number, c1: boolean, o2: number, l2: number, c2: boolean): number {
  const bd = o1 - o2;
  const ld = l1 - l2;
  if (c1 && c2 && -l1 < bd && bd < l2) return bd * bd + (bd + ld) * (bd + ld);
  if (c1 && !c2 && -ld >= bd && bd >= 0) return l1 * l1;
  if (!c1 && c2 && -ld <= bd && bd <= 0) return l2 * l2;
  return 0;
}

/** Literal port of DKPro's `calculateExpectedCategoryDisagreement` (O(N * G)). */
export function dkproExpected(L: number, perRater: readonly (readonly Interval[])[]): number {
  const R = perRater.length;
  const units = perRater.flat();
  const N = units.length;
  let squared = 0;
  for (const [s, e] of units) squared += (e - s) * (e - s - 1);
  const gaps: number[] = [];
  for (const list of perRater) {
    let prev = 0;
    for (const [s, e] of list) {
      if (s > prev) gaps.push(s - prev);
      prev = e;
    }
    if (L > prev) gaps.push(L - prev);
  }
  gaps.sort((a, b) => b - a);
  let result = 0;
  for (const [s, e] of units) {
    const l = e - s;
    const sum1 = ((N - 1) * (2 * l * l * l - 3 * l * l + l)) / 3;
    let sum2 = 0;
    for (const g of gaps) {
      if (g >= l) sum2 += g - l + 1;
      else break;
    }
    result += sum1 + sum2 * l * l;
  }
  return (result * (2 / L)) / (R * L * (R * L - 1) - squared);
}

/** Union of intervals (overlapping merged, touching kept apart), sorted. */
export function union(intervals: readonly Interval[]): [number, number][] {
  const sorted = [...intervals].filter(([s, e]) => e > s).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: [number, number][] = [];
  for (const [s, e] of sorted) {
    const last = out[out.length - 1];
    if (last && s < last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

/** Textbook nominal alpha via the full coincidence matrix; null where undefined. */
export function refNominalAlpha(items: readonly (readonly (string | null)[])[]): number | null {
  const o = new Map<string, Map<string, number>>();
  let n = 0;
  for (const row of items) {
    const vals = row.filter((v): v is string => v !== null);
    const m = vals.length;
    if (m < 2) continue;
    n += m;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < m; j++) {
        if (i === j) continue;
        const c = vals[i]!;
        const k = vals[j]!;
        const rowMap = o.get(c) ?? new Map<string, number>();
        rowMap.set(k, (rowMap.get(k) ?? 0) + 1 / (m - 1));
        o.set(c, rowMap);
      }
    }
  }
  if (n < 2) return null;
  const nc = new Map<string, number>();
  let disagreeO = 0;
  for (const [c, row] of o) {
    for (const [k, v] of row) {
      nc.set(c, (nc.get(c) ?? 0) + v);
      if (c !== k) disagreeO += v;
    }
  }
  let disagreeE = 0;
  for (const [c, a] of nc) for (const [k, b] of nc) if (c !== k) disagreeE += a * b;
  if (disagreeE === 0) return null;
  return 1 - ((n - 1) * disagreeO) / disagreeE;
}

/** Classic Fleiss' kappa (every item must have the same number of ratings); null where undefined. */
export function refFleissKappa(items: readonly (readonly string[])[]): number | null {
  const N = items.length;
  if (N === 0) return null;
  const m = items[0]!.length;
  if (m < 2 || items.some((r) => r.length !== m)) return null;
  const totals = new Map<string, number>();
  let pSum = 0;
  for (const row of items) {
    const counts = new Map<string, number>();
    for (const v of row) counts.set(v, (counts.get(v) ?? 0) + 1);
    let s = 0;
    for (const c of counts.values()) s += c * (c - 1);
    pSum += s / (m * (m - 1));
    for (const [k, c] of counts) totals.set(k, (totals.get(k) ?? 0) + c);
  }
  const pBar = pSum / N;
  let pe = 0;
  for (const t of totals.values()) pe += (t / (N * m)) ** 2;
  if (pe === 1) return null;
  return (pBar - pe) / (1 - pe);
}

/** SemEval-2020 Task 11 credits over all pairs (no merging). */
export function refOverlapCredits(
  a: readonly { label: string; start: number; end: number }[],
  b: readonly { label: string; start: number; end: number }[],
): { creditA: number; creditB: number } {
  let creditA = 0;
  let creditB = 0;
  for (const s of a) {
    for (const t of b) {
      if (s.label !== t.label) continue;
      const inter = Math.max(0, Math.min(s.end, t.end) - Math.max(s.start, t.start));
      creditA += inter / (s.end - s.start);
      creditB += inter / (t.end - t.start);
    }
  }
  return { creditA, creditB };
}

/** Per code point (or per token range) label-set value of one rater: "A|B" or "none". */
export function labelSetValue(spans: readonly Span[], from: number, to: number): string {
  const set = new Set<string>();
  for (const s of spans) if (s.start < to && s.end > from) set.add(s.label);
  return set.size === 0 ? "none" : [...set].sort().join("|");
}

// ---- fast-check arbitraries ----

export const LABELS = ["A", "B", "C"] as const;

/** A random unit list for one continuum: [start, end) within [0, L], possibly overlapping. */
export function intervalsArb(L: number, maxCount = 6): fc.Arbitrary<[number, number][]> {
  return fc.array(
    fc
      .tuple(fc.integer({ min: 0, max: L - 1 }), fc.integer({ min: 1, max: L }))
      .map(([s, len]) => [s, Math.min(L, s + len)] as [number, number]),
    { maxLength: maxCount },
  );
}

/** A small corpus: documents with lengths and spans of 2-4 raters. */
export const corpusArb = fc
  .record({
    docs: fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 3 }),
    raters: fc.integer({ min: 2, max: 4 }),
    seedSpans: fc.array(
      fc.record({
        doc: fc.nat(),
        rater: fc.nat(),
        label: fc.constantFrom(...LABELS),
        start: fc.nat(),
        len: fc.integer({ min: 0, max: 15 }),
      }),
      { maxLength: 30 },
    ),
  })
  .map(({ docs, raters, seedSpans }) => {
    const lengths = new Map<string, number>();
    for (const [i, L] of docs.entries()) lengths.set(`d${i}`, L);
    const raterIds = Array.from({ length: raters }, (_, i) => `r${i}`);
    const spans: Span[] = seedSpans.map((x) => {
      const di = x.doc % docs.length;
      const L = docs[di]!;
      const start = x.start % L;
      return {
        document: `d${di}`,
        rater: raterIds[x.rater % raters]!,
        label: x.label,
        start,
        end: Math.min(L, start + x.len),
      };
    });
    return { lengths, raters: raterIds, spans };
  });
