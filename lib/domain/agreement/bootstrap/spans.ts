/**
 * Bootstrap intervals for the span measures: the compared documents (those entering the corpus figures)
 * are resampled with replacement. A resample is a weighted pooling of the per-document sufficient
 * statistics that `aggregateSpanAgreement` pools (weight = how often the document was drawn), never a
 * recomputation of a document; the test checks it against `aggregateSpanAgreement` on the resample's
 * partials (a document drawn twice entered twice under two names).
 *
 * Per resample, with U units, G gaps and D documents: unitizing alpha O(U + G + D*K + distinct lengths) by a
 * weighted histogram of each label's unit and gap lengths and one sweep over its sorted distinct lengths (the
 * D_e cross term sum_{u, g: l_g >= l_u} l_u^2 (l_g - l_u + 1) = sum_g w_g (l_g A - B), A and B running
 * weighted sums of l_u^2 and l_u^2 (l_u - 1) over the shorter units); token and character alpha and kappa O(D * c) with c
 * category sets per document; binary per label O(D * K * R); F1 O(D * R^2 * K).
 */
import { mulberry32 } from "../../random";
import { binaryCoefficients, type CategoryKey } from "../spans/coding";
import { translateKey } from "../spans/aggregate";
import {
  F_EXACT_A,
  F_EXACT_B,
  F_EXACT_M,
  F_FIELDS,
  F_OV_A,
  F_OV_B,
  F_OV_CA,
  F_OV_CB,
  type SpanDocumentPartial,
} from "../spans/partial";
import { f1FromCredits, macroF1 } from "../spans/results";
import type { F1Result, SpanAgreementReport } from "../spans/types";
import { type BootstrapOptions, drawMultiplicities, type IntervalResult, percentileInterval } from "./interval";

/** Figures by key: `corpus:<name>`, `label:<label>:<name>`, `pair:<a>\u0000<b>:<name>` (names as in the CLI JSON). */
export type SpanIntervals = Map<string, IntervalResult>;

const ALPHAS = new Set(["unitizingAlpha", "tokenAlpha", "characterAlpha"]);

interface Coding {
  items: Float64Array;
  values: Float64Array;
  observed: Float64Array;
  agreement: Float64Array;
  minR: Float64Array;
  maxR: Float64Array;
  /** Per document: [category index, count, ...]. */
  cats: Float64Array[];
  categories: number;
  /** Per document: [index into the corpus (label, m, k) histogram, weight, ...] (k >= 1), and total item weight. */
  hist: Float64Array[];
  total: Float64Array;
  has: Uint8Array;
}

function codingOf(
  docs: readonly SpanDocumentPartial[],
  which: "character" | "token",
  gLabels: number[][],
  W: number,
  RT: number,
): Coding {
  const D = docs.length;
  const c: Coding = {
    items: new Float64Array(D),
    values: new Float64Array(D),
    observed: new Float64Array(D),
    agreement: new Float64Array(D),
    minR: new Float64Array(D).fill(Infinity),
    maxR: new Float64Array(D),
    cats: [],
    categories: 0,
    hist: [],
    total: new Float64Array(D),
    has: new Uint8Array(D),
  };
  const catIndex = new Map<CategoryKey, number>();
  docs.forEach((p, d) => {
    const s = p[which];
    const R = p.raters.length;
    if (!s) {
      c.cats.push(new Float64Array(0));
      c.hist.push(new Float64Array(0));
      return;
    }
    c.has[d] = 1;
    const acc = s.acc;
    c.items[d] = acc.items;
    c.values[d] = acc.values;
    c.observed[d] = acc.observedNumerator;
    c.agreement[d] = acc.agreementSum;
    c.minR[d] = acc.minRatings;
    c.maxR[d] = acc.maxRatings;
    const flat: number[] = [];
    if (acc.items > 0) {
      for (const [k, n] of acc.categories) {
        const g = translateKey(k, gLabels[d]!, W);
        let i = catIndex.get(g);
        if (i === undefined) catIndex.set(g, (i = catIndex.size));
        flat.push(i, n);
      }
    }
    c.cats.push(Float64Array.from(flat));
    // [index into the corpus (label, m = R, k) histogram, weight] for k >= 1.
    const rows: number[] = [];
    const stride = RT + 1;
    gLabels[d]!.forEach((l, li) => {
      for (let k = 1; k <= R; k++) {
        const v = s.hist[li * (R + 1) + k]!;
        if (v !== 0) rows.push(l * stride * stride + R * stride + k, v);
      }
    });
    c.hist.push(Float64Array.from(rows));
    c.total[d] = s.totalWeight;
  });
  c.categories = catIndex.size;
  return c;
}

/**
 * One label's units and gaps as a histogram over its distinct lengths, filled per resample from each drawn
 * document's entries (`code` = rank of the length * 2 + [is a gap], grouped by document: `from[d]..from[d+1]`).
 * A document without the label contributes R gaps of its length. Reading 4 bytes per entry keeps a
 * resample within the caches' reach; the sweep over the sorted distinct lengths then gives the D_e cross term.
 */
interface LabelHistogram {
  readonly lengths: Float64Array;
  readonly from: Int32Array;
  readonly code: Int32Array;
  readonly h: Float64Array;
}

function histogramOf(docs: readonly SpanDocumentPartial[], l: number, gLabels: number[][]): LabelHistogram {
  const li = docs.map((_, d) => gLabels[d]!.indexOf(l));
  const entries = (p: SpanDocumentPartial, i: number, f: (len: number, gap: number) => void) => {
    if (i < 0) {
      for (let r = 0; r < p.raters.length; r++) f(p.report.length, 1);
      return;
    }
    for (let u = p.unitFrom![i]!; u < p.unitFrom![i + 1]!; u++) f(p.unitLens![u]!, 0);
    for (let g = p.gapFrom![i]!; g < p.gapFrom![i + 1]!; g++) f(p.gapLens![g]!, 1);
  };
  const distinct = new Set<number>();
  let n = 0;
  docs.forEach((p, d) => {
    entries(p, li[d]!, (len) => {
      distinct.add(len);
      n++;
    });
  });
  const lengths = Float64Array.from(distinct).sort();
  const rank = new Map(Array.from(lengths, (x, i) => [x, i] as const));
  const from = new Int32Array(docs.length + 1);
  const code = new Int32Array(n);
  let k = 0;
  docs.forEach((p, d) => {
    entries(p, li[d]!, (len, gap) => (code[k++] = rank.get(len)! * 2 + gap));
    from[d + 1] = k;
  });
  return { lengths, from, code, h: new Float64Array(2 * lengths.length) };
}

function f1Value(acc: Float64Array, at: number, exact: boolean): F1Result {
  return exact
    ? f1FromCredits(acc[at + F_EXACT_A]!, acc[at + F_EXACT_B]!, acc[at + F_EXACT_M]!, acc[at + F_EXACT_M]!)
    : f1FromCredits(acc[at + F_OV_A]!, acc[at + F_OV_B]!, acc[at + F_OV_CA]!, acc[at + F_OV_CB]!);
}

const val = (x: number | null | undefined): number => (x === null || x === undefined ? Number.NaN : x);

/**
 * Percentile intervals of every figure of `report` (computed from `partials`), resampling its compared
 * documents. Figures that need one rater set (unitizing alpha, Fleiss' kappa) get no interval when sets differ.
 */
export function bootstrapSpanAgreement(
  partials: readonly SpanDocumentPartial[],
  report: SpanAgreementReport,
  opts: BootstrapOptions,
): SpanIntervals {
  const { series, documents } = spanResampleSeries(partials, report, opts);
  const out: SpanIntervals = new Map();
  for (const [key, values] of series) {
    const name = key.slice(key.lastIndexOf(":") + 1);
    const few = { ci: null, reason: "Needs at least two compared documents to resample." } as const;
    out.set(key, documents < 2 ? few : percentileInterval(values, opts, ALPHAS.has(name)));
  }
  return out;
}

/**
 * The figures on each resample (NaN where undefined), by key as in {@link SpanIntervals}. The resamples are
 * drawn from `mulberry32(opts.seed)` by {@link drawMultiplicities} over the compared documents in `partials` order.
 */
export function spanResampleSeries(
  partials: readonly SpanDocumentPartial[],
  report: SpanAgreementReport,
  opts: BootstrapOptions,
) {
  const docs = partials.filter((p) => p.compared);
  const D = docs.length;
  const labels = report.labels;
  const raters = report.raters;
  const NL = labels.length;
  const RT = raters.length;
  const W = Math.max(1, Math.ceil(NL / 32));
  const labelIndex = new Map(labels.map((l, i) => [l, i] as const));
  const raterIndex = new Map(raters.map((r, i) => [r, i] as const));
  const gLabels = docs.map((p) => p.labels.map((l) => labelIndex.get(l)!));
  const gRaters = docs.map((p) => p.raters.map((r) => raterIndex.get(r)!));
  const sameRaters = report.corpus.raterSetsAgree;
  const R = report.corpus.raters;

  // Unitizing: per document and label the observed pair sums; per label the length histogram entries.
  const lenD = Float64Array.from(docs, (p) => p.report.length);
  const pairSum = new Float64Array(D * NL);
  docs.forEach((p, d) => {
    for (let li = 0; li < p.labels.length; li++) pairSum[d * NL + gLabels[d]![li]!] = p.pairSums![li]!;
  });
  const hists = sameRaters && D > 0 ? labels.map((_, l) => histogramOf(docs, l, gLabels)) : [];
  const char = codingOf(docs, "character", gLabels, W, RT);
  const tok = codingOf(docs, "token", gLabels, W, RT);
  // F1 credits per document: [pair index, label, 7 fields] rows.
  const pairOf = (a: number, b: number) => a * RT + b;
  const pairKeys = report.perPair.map((p) => pairOf(raterIndex.get(p.raterA)!, raterIndex.get(p.raterB)!));
  const pairSlot = new Map(pairKeys.map((k, i) => [k, i] as const));
  const NP = pairKeys.length;
  // F1 credits per document, already summed as the figures need them: per pair over labels (micro),
  // per label over pairs; [pair or label slot, 7 fields] rows, so a resample reads few numbers per document.
  const NLs = Math.max(1, NL);
  const credits = docs.map((p, d) => {
    const sums = new Float64Array((NP + NLs) * F_FIELDS);
    if (!p.pairCredits) return sums;
    const Rd = p.raters.length;
    const NDL = p.labels.length;
    const stride = Math.max(1, NDL) * F_FIELDS;
    let pi = 0;
    for (let r1 = 0; r1 < Rd; r1++) {
      for (let r2 = r1 + 1; r2 < Rd; r2++, pi++) {
        const slot = pairSlot.get(pairOf(gRaters[d]![r1]!, gRaters[d]![r2]!))!;
        for (let li = 0; li < NDL; li++) {
          const lab = NP + gLabels[d]![li]!;
          for (let f = 0; f < F_FIELDS; f++) {
            const v = p.pairCredits[pi * stride + li * F_FIELDS + f]!;
            sums[slot * F_FIELDS + f]! += v;
            sums[lab * F_FIELDS + f]! += v;
          }
        }
      }
    }
    return sums;
  });

  const B = opts.resamples;
  const series = new Map<string, Float64Array>();
  const put = (key: string, b: number, v: number) => {
    let s = series.get(key);
    if (!s) series.set(key, (s = new Float64Array(B).fill(Number.NaN)));
    s[b] = v;
  };
  const rng = mulberry32(opts.seed);
  const w = new Int32Array(D);
  const catChar = new Float64Array(char.categories);
  const catTok = new Float64Array(tok.categories);
  const stride = RT + 1;
  const histChar = new Float64Array(NL * stride * stride);
  const histTok = new Float64Array(NL * stride * stride);
  const totChar = new Float64Array(stride);
  const totTok = new Float64Array(stride);
  const f1acc = new Float64Array((NP + NLs) * F_FIELDS);
  const all = new Float64Array(F_FIELDS);

  const wf = new Float64Array(D);
  const ratersOf = Int32Array.from(docs, (p) => p.raters.length);
  for (let b = 0; b < B; b++) {
    drawMultiplicities(rng, D, w);
    for (let d = 0; d < D; d++) wf[d] = w[d]!;
    // ---- unitizing alpha, per label and pooled ----
    if (hists.length) {
      let Lt = 0;
      for (let d = 0; d < D; d++) Lt += wf[d]! * lenD[d]!;
      let oSum = 0;
      let eSum = 0;
      let withUnits = 0;
      for (let l = 0; l < NL; l++) {
        let P = 0;
        for (let d = 0; d < D; d++) P += wf[d]! * pairSum[d * NL + l]!;
        const { lengths, from, code, h } = hists[l]!;
        h.fill(0);
        for (let d = 0; d < D; d++) {
          const x = wf[d]!;
          if (x === 0) continue;
          for (let k = from[d]!; k < from[d + 1]!; k++) h[code[k]!]! += x;
        }
        // Ascending lengths, units before gaps of the same length (a gap counts units with l_u <= l_g).
        let N = 0;
        let S1 = 0;
        let SQ = 0;
        let A = 0;
        let Bs = 0;
        let cross = 0;
        for (let i = 0; i < lengths.length; i++) {
          const len = lengths[i]!;
          const u = h[2 * i]!;
          if (u !== 0) {
            N += u;
            S1 += (u * (len * (2 * len - 1) * (len - 1))) / 3;
            SQ += u * len * (len - 1);
            A += u * len * len;
            Bs += u * len * len * (len - 1);
          }
          const g = h[2 * i + 1]!;
          if (g !== 0) cross += g * (len * A - Bs);
        }
        const RL = R * Lt;
        const o = (2 * P) / (R * (R - 1) * Lt * Lt);
        const e = N === 0 ? 0 : ((2 / Lt) * ((N - 1) * S1 + cross)) / (RL * (RL - 1) - SQ);
        put(`label:${labels[l]}:unitizingAlpha`, b, N > 0 && e > 0 ? 1 - o / e : Number.NaN);
        if (N > 0) {
          oSum += o;
          eSum += e;
          withUnits++;
        }
      }
      put("corpus:unitizingAlpha", b, withUnits > 0 && eSum > 0 ? 1 - oSum / eSum : Number.NaN);
    } else {
      // Rater sets differ (or nothing compared): undefined on every resample, as in the report.
      put("corpus:unitizingAlpha", b, Number.NaN);
      for (const l of labels) put(`label:${l}:unitizingAlpha`, b, Number.NaN);
    }
    // ---- token and character level ----
    for (const [c, cats, hist, tot, name] of [
      [char, catChar, histChar, totChar, "character"],
      [tok, catTok, histTok, totTok, "token"],
    ] as const) {
      cats.fill(0);
      hist.fill(0);
      tot.fill(0);
      let items = 0;
      let n = 0;
      let obs = 0;
      let agr = 0;
      let minR = Infinity;
      let maxR = 0;
      let any = false;
      for (let d = 0; d < D; d++) {
        const x = wf[d]!;
        if (x === 0 || c.has[d] === 0) continue;
        any = true;
        if (c.minR[d]! < minR) minR = c.minR[d]!;
        if (c.maxR[d]! > maxR) maxR = c.maxR[d]!;
        items += x * c.items[d]!;
        n += x * c.values[d]!;
        obs += x * c.observed[d]!;
        agr += x * c.agreement[d]!;
        const flat = c.cats[d]!;
        for (let k = 0; k < flat.length; k += 2) cats[flat[k]!]! += x * flat[k + 1]!;
        tot[ratersOf[d]!]! += x * c.total[d]!;
        const h = c.hist[d]!;
        for (let k = 0; k < h.length; k += 2) hist[h[k]!]! += x * h[k + 1]!;
      }
      if (!any) continue;
      let s2 = 0;
      for (let k = 0; k < cats.length; k++) s2 += cats[k]! * cats[k]!;
      const spread = n * n - s2;
      const alpha = n >= 2 && items > 0 && spread > 0 ? 1 - obs / n / (spread / (n * (n - 1))) : Number.NaN;
      const pe = s2 / (n * n);
      const kappa = n >= 2 && items > 0 && minR === maxR && pe < 1 ? (agr / items - pe) / (1 - pe) : Number.NaN;
      put(`corpus:${name}Alpha`, b, alpha);
      put(`corpus:${name}FleissKappa`, b, kappa);
      for (let l = 0; l < NL; l++) {
        const h = hist.subarray(l * stride * stride, (l + 1) * stride * stride);
        for (let m = 0; m <= RT; m++) {
          let present = 0;
          for (let k = 1; k <= m; k++) present += h[m * stride + k]!;
          h[m * stride] = Math.max(0, tot[m]! - present);
        }
        const r = binaryCoefficients(h, stride, RT, R);
        put(`label:${labels[l]}:${name}Alpha`, b, val(r.alpha.value));
        put(`label:${labels[l]}:${name}FleissKappa`, b, val(r.kappa.value));
      }
    }
    // ---- pairwise F1 ----
    f1acc.fill(0);
    for (let d = 0; d < D; d++) {
      const x = wf[d]!;
      if (x === 0) continue;
      const sums = credits[d]!;
      for (let k = 0; k < sums.length; k++) f1acc[k]! += x * sums[k]!;
    }
    for (let pi = 0; pi < NP; pi++) {
      const p = report.perPair[pi]!;
      const key = `pair:${p.raterA}\u0000${p.raterB}`;
      put(`${key}:exactF1Micro`, b, val(f1Value(f1acc, pi * F_FIELDS, true).f1));
      put(`${key}:overlapF1Micro`, b, val(f1Value(f1acc, pi * F_FIELDS, false).f1));
    }
    all.fill(0);
    const exactPer: F1Result[] = [];
    const overlapPer: F1Result[] = [];
    for (let l = 0; l < NL; l++) {
      const at = (NP + l) * F_FIELDS;
      for (let f = 0; f < F_FIELDS; f++) all[f]! += f1acc[at + f]!;
      const e = f1Value(f1acc, at, true);
      const o = f1Value(f1acc, at, false);
      exactPer.push(e);
      overlapPer.push(o);
      put(`label:${labels[l]}:exactF1`, b, val(e.f1));
      put(`label:${labels[l]}:overlapF1`, b, val(o.f1));
    }
    put("corpus:exactF1Micro", b, val(f1Value(all, 0, true).f1));
    put("corpus:exactF1Macro", b, val(macroF1(exactPer).f1));
    put("corpus:overlapF1Micro", b, val(f1Value(all, 0, false).f1));
    put("corpus:overlapF1Macro", b, val(macroF1(overlapPer).f1));
  }

  return { series, documents: D };
}
