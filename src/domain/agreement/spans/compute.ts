/**
 * `computeSpanAgreement`: every span measure for a corpus in one pass over
 * the documents. See `index.ts` for the measures, conventions and complexity.
 */
import { BinaryHistogram, binaryCoefficients, NominalAccumulator } from "./coding";
import { addOverlapCredits, exactMatches, type OverlapCredits } from "./f1";
import { ItemSink } from "./items";
import { alphaUndefined, f1FromCredits, kappaUndefined, macroF1 } from "./results";
import { TokenBuffer, tokenizeInto } from "./tokenize";
import type { AlphaResult, CodingPair, F1Result, MacroF1, Span } from "./types";
import {
  expectedDisagreement,
  mergeOverlapping,
  observedDisagreement,
  observedPairSum,
  pooledUnitizingAlpha,
  pushGaps,
  unitizingAlphaFromParts,
  type UnitizingParts,
} from "./unitizing";

/** Thrown for malformed input (bad types, offsets outside the document, inconsistent raters). */
export class SpanAgreementInputError extends Error {
  override readonly name = "SpanAgreementInputError";
}

export interface SpanAgreementOptions {
  /**
   * Document texts. Needed for the token level (documents without text get
   * `no-text` there); a text's length in code points must equal the document
   * length when both are given, and gives the length when `docLengths` lacks it.
   */
  readonly texts?: ReadonlyMap<string, string>;
  /**
   * Who annotated each document, including raters who marked nothing (their
   * segmentation is all gap / every item "none"). Documents not in the map
   * fall back to `raters`, then to the raters having a span in the document.
   */
  readonly documentRaters?: ReadonlyMap<string, readonly string[]>;
  /** Fully crossed design: every document was annotated by exactly these raters. */
  readonly raters?: readonly string[];
  /** When given, milliseconds spent per phase are added to it (for benchmarks). */
  readonly profile?: SpanAgreementProfile;
}

/** Milliseconds per phase, accumulated by {@link computeSpanAgreement} when passed as `options.profile`. */
export interface SpanAgreementProfile {
  /** Validation, indexing, per-document sorting, merging. */
  prepare: number;
  unitizing: number;
  f1: number;
  character: number;
  /** Includes tokenization. */
  token: number;
  /** Corpus-level aggregation and report assembly. */
  corpus: number;
}

export interface SpanF1Pooled {
  readonly micro: F1Result;
  readonly macro: MacroF1;
}

export interface CorpusReport {
  /** All documents (keys of `docLengths` and documents of spans). */
  readonly documents: number;
  /** Documents with at least two raters and a non-empty continuum; corpus figures use only these. */
  readonly documentsCompared: number;
  /** Distinct raters over the compared documents. */
  readonly raters: number;
  /** Whether every compared document has the same rater set (needed for corpus unitizing alpha and Fleiss' kappa). */
  readonly raterSetsAgree: boolean;
  /** Non-empty spans in the compared documents. */
  readonly spans: number;
  /** Units (a rater's overlapping same-label spans merged) in the compared documents. */
  readonly units: number;
  /** Code points over the compared documents (the concatenated continuum length). */
  readonly characters: number;
  /** Tokens over the compared documents that have text; null when none has. */
  readonly tokens: number | null;
  /** Documents concatenated into one continuum (gaps end at document boundaries), pooled over labels. */
  readonly unitizingAlpha: AlphaResult;
  /** Token items, value = set of labels. */
  readonly token: CodingPair;
  /** Code-point items, value = set of labels. */
  readonly character: CodingPair;
  /** Pooled over all rater pairs and documents. */
  readonly exactF1: SpanF1Pooled;
  readonly overlapF1: SpanF1Pooled;
}

/** Corpus-level figures of one label (over the compared documents). */
export interface LabelReport {
  readonly label: string;
  /** Non-empty spans of the label in the compared documents. */
  readonly spans: number;
  /** Units of the label (after merging) in the compared documents. */
  readonly units: number;
  /** Binary unitizing of this label over the concatenated continuum. */
  readonly unitizingAlpha: AlphaResult;
  /** Binary: label present / absent per token. */
  readonly token: CodingPair;
  /** Binary: label present / absent per code point. */
  readonly character: CodingPair;
  /** Pooled over all rater pairs and documents. */
  readonly exactF1: F1Result;
  readonly overlapF1: F1Result;
}

export interface PairF1Summary {
  readonly micro: F1Result;
  readonly macro: MacroF1;
  readonly perLabel: readonly { readonly label: string; readonly result: F1Result }[];
}

export interface PairReport {
  readonly raterA: string;
  readonly raterB: string;
  /** Compared documents annotated by both. */
  readonly documents: number;
  readonly exactF1: PairF1Summary;
  readonly overlapF1: PairF1Summary;
}

export interface DocumentLabelReport {
  readonly label: string;
  readonly spans: number;
  readonly units: number;
  readonly unitizingAlpha: AlphaResult;
  readonly token: CodingPair;
  readonly character: CodingPair;
}

export interface DocumentPairReport {
  readonly raterA: string;
  readonly raterB: string;
  readonly exactF1: F1Result;
  readonly overlapF1: F1Result;
}

export interface DocumentReport {
  readonly document: string;
  /** Continuum length in code points. */
  readonly length: number;
  readonly raters: readonly string[];
  readonly spans: number;
  readonly units: number;
  readonly tokens: number | null;
  readonly unitizingAlpha: AlphaResult;
  readonly token: CodingPair;
  readonly character: CodingPair;
  /** Labels that some rater of the document used, sorted. */
  readonly labels: readonly DocumentLabelReport[];
  /** Every pair of the document's raters (raterA < raterB). */
  readonly pairs: readonly DocumentPairReport[];
}

export interface SpanAgreementReport {
  /** Labels of all spans, sorted (code-unit order). */
  readonly labels: readonly string[];
  /** Raters, sorted. */
  readonly raters: readonly string[];
  /** Spans with start === end: they mark no code point and are ignored everywhere. */
  readonly ignoredEmptySpans: number;
  readonly corpus: CorpusReport;
  readonly perLabel: readonly LabelReport[];
  readonly perPair: readonly PairReport[];
  readonly documents: readonly DocumentReport[];
}

// Per pair x label F1 fields.
const F_EXACT_A = 0;
const F_EXACT_B = 1;
const F_EXACT_M = 2;
const F_OV_A = 3;
const F_OV_B = 4;
const F_OV_CA = 5;
const F_OV_CB = 6;
const F_FIELDS = 7;

/** Append-only Float64Array with amortized doubling. */
class GrowableF64 {
  private buf = new Float64Array(16);
  length = 0;
  push(x: number): void {
    if (this.length === this.buf.length) this.reserve(this.length + 1);
    this.buf[this.length++] = x;
  }
  pushAll(xs: readonly number[]): void {
    const n = xs.length;
    if (this.length + n > this.buf.length) this.reserve(this.length + n);
    for (let i = 0; i < n; i++) this.buf[this.length + i] = xs[i]!;
    this.length += n;
  }
  view(): Float64Array {
    return this.buf.subarray(0, this.length);
  }
  private reserve(need: number): void {
    let n = this.buf.length * 2;
    while (n < need) n *= 2;
    const b = new Float64Array(n);
    b.set(this.buf.subarray(0, this.length));
    this.buf = b;
  }
}

function grow(buf: Int32Array<ArrayBuffer>, need: number): Int32Array<ArrayBuffer> {
  if (buf.length >= need) return buf;
  let n = buf.length * 2;
  while (n < need) n *= 2;
  return new Int32Array(n);
}

function noText(raters: number): CodingPair {
  const reason = "The token level needs the document text (options.texts).";
  return { alpha: alphaUndefined("no-text", reason, raters, 0), kappa: kappaUndefined("no-text", reason, raters, 0) };
}

function tooFewRaters(raters: number): CodingPair {
  const reason = `Needs at least two raters (and a length > 0); there ${raters === 1 ? "is 1" : `are ${raters}`}.`;
  return { alpha: alphaUndefined("too-few-raters", reason, raters, 0), kappa: kappaUndefined("too-few-raters", reason, raters, 0) };
}

function f1Of(acc: Float64Array, at: number, exact: boolean): F1Result {
  return exact
    ? f1FromCredits(acc[at + F_EXACT_A]!, acc[at + F_EXACT_B]!, acc[at + F_EXACT_M]!, acc[at + F_EXACT_M]!)
    : f1FromCredits(acc[at + F_OV_A]!, acc[at + F_OV_B]!, acc[at + F_OV_CA]!, acc[at + F_OV_CB]!);
}

/**
 * All span agreement measures. `docLengths` gives each document's length in
 * code points (missing: the text's length, else the largest span end).
 * Throws {@link SpanAgreementInputError} for malformed spans (non-integer or
 * negative offsets, end < start, end beyond the document length) or a span by
 * a rater not listed for its document.
 */
export function computeSpanAgreement(
  spans: readonly Span[],
  docLengths: ReadonlyMap<string, number> = new Map(),
  options: SpanAgreementOptions = {},
): SpanAgreementReport {
  const texts = options.texts;
  const profile = options.profile;
  const now = (): number => (profile ? performance.now() : 0);
  let t0 = now();
  const lap = (phase: keyof SpanAgreementProfile): void => {
    if (!profile) return;
    const t = performance.now();
    profile[phase] += t - t0;
    t0 = t;
  };
  // ---- Pass 1: validate, collect names. ----
  const docSet = new Set<string>(docLengths.keys());
  if (texts) for (const d of texts.keys()) docSet.add(d);
  if (options.documentRaters) for (const d of options.documentRaters.keys()) docSet.add(d);
  const labelSet = new Set<string>();
  const raterSet = new Set<string>(options.raters ?? []);
  if (options.documentRaters) for (const rs of options.documentRaters.values()) for (const r of rs) raterSet.add(r);
  let ignoredEmptySpans = 0;
  let lastDoc: string | undefined;
  let lastLabel: string | undefined;
  let lastRater: string | undefined;
  for (let i = 0; i < spans.length; i++) {
    const s = spans[i]!;
    if (typeof s.document !== "string" || typeof s.rater !== "string" || typeof s.label !== "string") {
      throw new SpanAgreementInputError(`span #${i}: document, rater and label must be strings`);
    }
    if (!Number.isSafeInteger(s.start) || !Number.isSafeInteger(s.end) || s.start < 0 || s.end < s.start) {
      throw new SpanAgreementInputError(`span #${i} (${s.document}): [${String(s.start)}, ${String(s.end)}) is not a valid half-open code-point interval`);
    }
    // Input is usually grouped by document and rater: skip repeated set insertions.
    if (s.document !== lastDoc) docSet.add((lastDoc = s.document));
    if (s.end === s.start) {
      ignoredEmptySpans++;
      continue;
    }
    if (s.label !== lastLabel) labelSet.add((lastLabel = s.label));
    if (s.rater !== lastRater) raterSet.add((lastRater = s.rater));
  }
  const docNames = [...docSet].sort();
  const labels = [...labelSet].sort();
  const raters = [...raterSet].sort();
  const docIndex = new Map(docNames.map((d, i) => [d, i] as const));
  const labelIndex = new Map(labels.map((l, i) => [l, i] as const));
  const raterIndex = new Map(raters.map((r, i) => [r, i] as const));
  const D = docNames.length;
  const NL = labels.length;
  const RT = raters.length;
  const W = Math.max(1, Math.ceil(NL / 32));

  // ---- Columnar spans, counting-sorted by document. ----
  const nSpans = spans.length - ignoredEmptySpans;
  const sLabel = new Int32Array(nSpans);
  const sRater = new Int32Array(nSpans);
  const sStart = new Int32Array(nSpans);
  const sEnd = new Int32Array(nSpans);
  const sDoc = new Int32Array(nSpans);
  const docFrom = new Int32Array(D + 1);
  {
    let k = 0;
    let lastD = "";
    let d = -1;
    let lastL = "";
    let l = -1;
    let lastR = "";
    let r = -1;
    for (const s of spans) {
      if (s.end === s.start) continue;
      if (d < 0 || s.document !== lastD) d = docIndex.get((lastD = s.document))!;
      if (l < 0 || s.label !== lastL) l = labelIndex.get((lastL = s.label))!;
      if (r < 0 || s.rater !== lastR) r = raterIndex.get((lastR = s.rater))!;
      sDoc[k] = d;
      sLabel[k] = l;
      sRater[k] = r;
      if (s.end > 0x7fffffff) throw new SpanAgreementInputError(`span end ${s.end} exceeds 2^31 - 1`);
      sStart[k] = s.start;
      sEnd[k] = s.end;
      docFrom[d + 1]!++;
      k++;
    }
  }
  for (let d = 0; d < D; d++) docFrom[d + 1]! += docFrom[d]!;
  const order = new Int32Array(nSpans);
  {
    const fill = docFrom.slice(0, D);
    for (let k = 0; k < nSpans; k++) order[fill[sDoc[k]!]!++] = k;
  }
  const bySpanKey = (x: number, y: number): number =>
    sLabel[x]! - sLabel[y]! || sRater[x]! - sRater[y]! || sStart[x]! - sStart[y]! || sEnd[x]! - sEnd[y]!;

  // ---- Corpus accumulators. ----
  const cuPairSum = new Float64Array(NL);
  const cuUnits = labels.map(() => new GrowableF64());
  const cuGaps = labels.map(() => new GrowableF64());
  const cuSpans = new Float64Array(NL);
  let corpusLength = 0;
  let corpusSpans = 0;
  let corpusUnits = 0;
  let corpusTokens = 0;
  let docsWithText = 0;
  let compared = 0;
  let commonRaterKey: string | null = null;
  let raterSetsAgree = true;
  const comparedRaters = new Uint8Array(RT);
  const charCorpus = new NominalAccumulator();
  const tokCorpus = new NominalAccumulator();
  const charBin = labels.map(() => new BinaryHistogram(RT));
  const tokBin = labels.map(() => new BinaryHistogram(RT));
  const charTotalsByM = new Float64Array(RT + 1);
  const tokTotalsByM = new Float64Array(RT + 1);
  const pairAcc = new Map<number, { docs: number; acc: Float64Array }>();

  // ---- Reusable per-document buffers. ----
  const localOf = new Int32Array(RT).fill(-1);
  let rawBuf = new Int32Array(1024);
  let mBuf = new Int32Array(1024);
  let tokMasks = new Int32Array(1024);
  const charMasks = new Int32Array(Math.max(1, RT) * W);
  let events = new Float64Array(1024);
  let dl = new Int32Array(256);
  let dr = new Int32Array(256);
  let ds = new Int32Array(256);
  let de = new Int32Array(256);
  let keys = new Float64Array(256);
  const binScratch = new Float64Array((RT + 1) * (RT + 1));
  const tokBuf = new TokenBuffer();
  const charSink = new ItemSink(NL, W, RT);
  const tokSink = new ItemSink(NL, W, RT);
  const unitLens: number[] = [];
  const gapLens: number[] = [];
  const credits: OverlapCredits = { creditA: 0, creditB: 0 };

  const documents: DocumentReport[] = [];

  for (let d = 0; d < D; d++) {
    const docName = docNames[d]!;
    const from = docFrom[d]!;
    const to = docFrom[d + 1]!;
    const nDocSpans = to - from;
    const text = texts?.get(docName);
    lap("prepare");
    // Tokenize up front: it also yields the text length in code points.
    const textLength = text === undefined ? -1 : tokenizeInto(text, tokBuf).length;
    lap("token");
    let maxEnd = 0;
    for (let k = from; k < to; k++) if (sEnd[order[k]!]! > maxEnd) maxEnd = sEnd[order[k]!]!;
    const declared = docLengths.get(docName);
    if (declared !== undefined && (!Number.isSafeInteger(declared) || declared < 0)) {
      throw new SpanAgreementInputError(`document "${docName}": length ${String(declared)} is not a non-negative integer`);
    }
    if (declared !== undefined && textLength >= 0 && declared !== textLength) {
      throw new SpanAgreementInputError(`document "${docName}": docLengths says ${declared} code points, the text has ${textLength}`);
    }
    const L = declared ?? (textLength >= 0 ? textLength : maxEnd);
    if (maxEnd > L) throw new SpanAgreementInputError(`document "${docName}": a span ends at ${maxEnd}, beyond the document length ${L}`);

    // Raters of the document, sorted by global index.
    const docRaters: number[] = [];
    const declaredRaters = options.documentRaters?.get(docName) ?? options.raters;
    if (declaredRaters) {
      for (const r of new Set(declaredRaters)) docRaters.push(raterIndex.get(r)!);
      docRaters.sort((a, b) => a - b);
      for (let i = 0; i < docRaters.length; i++) localOf[docRaters[i]!] = i;
      for (let k = from; k < to; k++) {
        if (localOf[sRater[order[k]!]!] === -1) {
          throw new SpanAgreementInputError(`document "${docName}": span by rater "${raters[sRater[order[k]!]!]!}" who is not among the document's raters`);
        }
      }
    } else {
      for (let k = from; k < to; k++) {
        const r = sRater[order[k]!]!;
        if (localOf[r] === -1) {
          localOf[r] = 0;
          docRaters.push(r);
        }
      }
      docRaters.sort((a, b) => a - b);
      for (let i = 0; i < docRaters.length; i++) localOf[docRaters[i]!] = i;
    }
    const R = docRaters.length;
    const isCompared = R >= 2 && L > 0;

    // The document's spans sorted by (label, rater, start, end) into dl/dr/ds/de.
    if (dl.length < nDocSpans) {
      const n = Math.max(nDocSpans, dl.length * 2);
      dl = new Int32Array(n);
      dr = new Int32Array(n);
      ds = new Int32Array(n);
      de = new Int32Array(n);
      keys = new Float64Array(n);
    }
    const Lp = L + 1;
    if (NL * RT * Lp * Lp < Number.MAX_SAFE_INTEGER) {
      // One numeric key per span: sorting a Float64Array needs no comparator.
      for (let k = 0; k < nDocSpans; k++) {
        const x = order[from + k]!;
        keys[k] = ((sLabel[x]! * RT + sRater[x]!) * Lp + sStart[x]!) * Lp + sEnd[x]!;
      }
      const sorted = keys.subarray(0, nDocSpans).sort();
      for (let k = 0; k < nDocSpans; k++) {
        let key = sorted[k]!;
        const en = key % Lp;
        key = (key - en) / Lp;
        const st = key % Lp;
        key = (key - st) / Lp;
        const ra = key % RT;
        dl[k] = (key - ra) / RT;
        dr[k] = ra;
        ds[k] = st;
        de[k] = en;
      }
    } else {
      const docOrder = order.subarray(from, to).sort(bySpanKey);
      for (let k = 0; k < nDocSpans; k++) {
        const x = docOrder[k]!;
        dl[k] = sLabel[x]!;
        dr[k] = sRater[x]!;
        ds[k] = sStart[x]!;
        de[k] = sEnd[x]!;
      }
    }

    // Groups (document label li, local rater r): deduplicated raw spans and merged units.
    const docLabels: number[] = [];
    const labelSpans: number[] = [];
    for (let k = 0; k < nDocSpans; k++) {
      const l = dl[k]!;
      if (docLabels.length === 0 || docLabels[docLabels.length - 1] !== l) {
        docLabels.push(l);
        labelSpans.push(0);
      }
      labelSpans[labelSpans.length - 1]!++;
    }
    const NDL = docLabels.length;
    const G = NDL * R;
    const rawFrom = new Int32Array(G);
    const rawCount = new Int32Array(G);
    const mFrom = new Int32Array(G);
    const mCount = new Int32Array(G);
    rawBuf = grow(rawBuf, 2 * nDocSpans + 2);
    mBuf = grow(mBuf, 2 * nDocSpans + 2);
    {
      let li = -1;
      let prevLabel = -1;
      let prevG = -1;
      let pos = 0;
      for (let k = 0; k < nDocSpans; k++) {
        const l = dl[k]!;
        if (l !== prevLabel) {
          li++;
          prevLabel = l;
        }
        const g = li * R + localOf[dr[k]!]!;
        const st = ds[k]!;
        const en = de[k]!;
        if (g !== prevG) {
          rawFrom[g] = pos;
          prevG = g;
        } else if (rawBuf[pos - 2] === st && rawBuf[pos - 1] === en) {
          continue; // exact duplicate by the same rater
        }
        rawBuf[pos++] = st;
        rawBuf[pos++] = en;
        rawCount[g]!++;
      }
      let mpos = 0;
      for (let g = 0; g < G; g++) {
        mFrom[g] = mpos;
        const n = mergeOverlapping(rawBuf, rawFrom[g]!, rawCount[g]!, mBuf, mpos);
        mCount[g] = n;
        mpos += 2 * n;
      }
    }
    let docUnits = 0;
    for (let g = 0; g < G; g++) docUnits += mCount[g]!;

    lap("prepare");
    // ---- Unitizing alpha per label. ----
    const labelParts: UnitizingParts[] = [];
    const labelAlphas: AlphaResult[] = [];
    for (let li = 0; li < NDL; li++) {
      const label = docLabels[li]!;
      let pairSum = 0;
      unitLens.length = 0;
      gapLens.length = 0;
      for (let r = 0; r < R; r++) {
        const g = li * R + r;
        const f = mFrom[g]!;
        const c = mCount[g]!;
        for (let u = 0; u < c; u++) unitLens.push(mBuf[f + 2 * u + 1]! - mBuf[f + 2 * u]!);
        pushGaps(mBuf, f, c, L, gapLens);
        for (let r2 = r + 1; r2 < R; r2++) {
          const g2 = li * R + r2;
          pairSum += observedPairSum(mBuf, f, c, mBuf, mFrom[g2]!, mCount[g2]!);
        }
      }
      const parts: UnitizingParts = {
        observed: R >= 2 && L > 0 ? observedDisagreement(pairSum, L, R) : 0,
        expected: R >= 1 && L > 0 ? expectedDisagreement(unitLens, gapLens, L, R) : 0,
        units: unitLens.length,
      };
      labelParts.push(parts);
      labelAlphas.push(unitizingAlphaFromParts(parts, R));
      if (isCompared) {
        cuPairSum[label]! += pairSum;
        cuUnits[label]!.pushAll(unitLens);
        cuGaps[label]!.pushAll(gapLens);
        cuSpans[label]! += labelSpans[li]!;
      }
    }
    const docAlpha = pooledUnitizingAlpha(labelParts, R);

    // ---- Corpus bookkeeping for compared documents. ----
    if (isCompared) {
      compared++;
      corpusLength += L;
      corpusSpans += nDocSpans;
      corpusUnits += docUnits;
      const key = docRaters.join(",");
      if (commonRaterKey === null) commonRaterKey = key;
      else if (key !== commonRaterKey) raterSetsAgree = false;
      for (const r of docRaters) comparedRaters[r] = 1;
      // Labels absent from this document: every rater has one gap of length L.
      let li = 0;
      for (let l = 0; l < NL; l++) {
        if (li < NDL && docLabels[li] === l) {
          li++;
          continue;
        }
        const cg = cuGaps[l]!;
        for (let r = 0; r < R; r++) cg.push(L);
      }
    }

    lap("unitizing");
    // ---- Pairwise F1. ----
    const pairs: DocumentPairReport[] = [];
    if (R >= 2) {
      const docPair = new Float64Array(F_FIELDS);
      for (let r1 = 0; r1 < R; r1++) {
        for (let r2 = r1 + 1; r2 < R; r2++) {
          const gr1 = docRaters[r1]!;
          const gr2 = docRaters[r2]!;
          const pk = gr1 * RT + gr2;
          let pa = pairAcc.get(pk);
          if (!pa) {
            pa = { docs: 0, acc: new Float64Array(Math.max(1, NL) * F_FIELDS) };
            pairAcc.set(pk, pa);
          }
          if (isCompared) pa.docs++;
          docPair.fill(0);
          for (let li = 0; li < NDL; li++) {
            const g1 = li * R + r1;
            const g2 = li * R + r2;
            const ra = rawCount[g1]!;
            const rb = rawCount[g2]!;
            const m = exactMatches(rawBuf, rawFrom[g1]!, ra, rawBuf, rawFrom[g2]!, rb);
            credits.creditA = 0;
            credits.creditB = 0;
            addOverlapCredits(mBuf, mFrom[g1]!, mCount[g1]!, mBuf, mFrom[g2]!, mCount[g2]!, credits);
            docPair[F_EXACT_A]! += ra;
            docPair[F_EXACT_B]! += rb;
            docPair[F_EXACT_M]! += m;
            docPair[F_OV_A]! += mCount[g1]!;
            docPair[F_OV_B]! += mCount[g2]!;
            docPair[F_OV_CA]! += credits.creditA;
            docPair[F_OV_CB]! += credits.creditB;
            if (isCompared) {
              const at = docLabels[li]! * F_FIELDS;
              const acc = pa.acc;
              acc[at + F_EXACT_A]! += ra;
              acc[at + F_EXACT_B]! += rb;
              acc[at + F_EXACT_M]! += m;
              acc[at + F_OV_A]! += mCount[g1]!;
              acc[at + F_OV_B]! += mCount[g2]!;
              acc[at + F_OV_CA]! += credits.creditA;
              acc[at + F_OV_CB]! += credits.creditB;
            }
          }
          pairs.push({ raterA: raters[gr1]!, raterB: raters[gr2]!, exactF1: f1Of(docPair, 0, true), overlapF1: f1Of(docPair, 0, false) });
        }
      }
    }

    lap("f1");
    // ---- Character level: sweep over unit boundaries, runs weighted by length. ----
    let character: CodingPair;
    let charLabel: CodingPair[] = [];
    if (isCompared) {
      let ne = 0;
      for (let g = 0; g < G; g++) ne += 2 * mCount[g]!;
      if (events.length < ne) events = new Float64Array(Math.max(ne, events.length * 2));
      const P = R * NDL;
      const P2 = 2 * P;
      if ((L + 1) * P2 > Number.MAX_SAFE_INTEGER) {
        throw new SpanAgreementInputError(`document "${docName}": too long for the boundary sweep (length x raters x labels)`);
      }
      let e = 0;
      for (let li = 0; li < NDL; li++) {
        for (let r = 0; r < R; r++) {
          const g = li * R + r;
          const payload = r * NDL + li;
          const f = mFrom[g]!;
          for (let u = 0; u < mCount[g]!; u++) {
            events[e++] = mBuf[f + 2 * u]! * P2 + P + payload; // start (sorts after ends at the same position)
            events[e++] = mBuf[f + 2 * u + 1]! * P2 + payload; // end
          }
        }
      }
      const ev = events.subarray(0, e).sort();
      charSink.reset(R);
      charMasks.fill(0);
      let prev = 0;
      let k = 0;
      // key = pos * 2P + [isStart] * P + payload, all < 2^53, so floor(key / 2P) is exact.
      while (k < e) {
        const pos = Math.floor(ev[k]! / P2);
        if (pos > prev) charSink.add(charMasks, 0, pos - prev);
        const limit = (pos + 1) * P2;
        while (k < e) {
          const key = ev[k]!;
          if (key >= limit) break;
          let sub = key - pos * P2;
          const isStart = sub >= P;
          if (isStart) sub -= P;
          const r = (sub / NDL) | 0;
          const label = docLabels[sub - r * NDL]!;
          const at = r * W + (label >> 5);
          const bit = 1 << (label & 31);
          if (isStart) charMasks[at]! |= bit;
          else charMasks[at]! &= ~bit;
          k++;
        }
        prev = pos;
      }
      if (L > prev) charSink.add(charMasks, 0, L - prev);
      const charAcc = charSink.finish();
      character = charAcc.coefficients(R);
      charCorpus.merge(charAcc);
      charTotalsByM[R]! += charSink.totalWeight;
      charLabel = docLabels.map((label) => binaryForDocument(charSink, label, R, binScratch));
      for (const label of charSink.touched) {
        const h = charBin[label]!;
        for (let kk = 1; kk <= R; kk++) {
          const w = charSink.hist[label * charSink.stride + kk]!;
          if (w !== 0) h.add(R, kk, w);
        }
      }
    } else {
      character = tooFewRaters(R);
      charLabel = docLabels.map(() => tooFewRaters(R));
    }

    lap("character");
    // ---- Token level. ----
    let token: CodingPair;
    let tokLabel: CodingPair[] = [];
    let tokens: number | null = null;
    if (text === undefined) {
      token = noText(R);
      tokLabel = docLabels.map(() => noText(R));
    } else {
      const T = tokBuf.count; // tokenized above
      tokens = T;
      if (isCompared) {
        docsWithText++;
        corpusTokens += T;
        const size = T * R * W;
        tokMasks = grow(tokMasks, size);
        tokMasks.fill(0, 0, size);
        const starts = tokBuf.starts;
        const ends = tokBuf.ends;
        for (let li = 0; li < NDL; li++) {
          const label = docLabels[li]!;
          const word = label >> 5;
          const bit = 1 << (label & 31);
          for (let r = 0; r < R; r++) {
            const g = li * R + r;
            const f = mFrom[g]!;
            for (let u = 0; u < mCount[g]!; u++) {
              const us = mBuf[f + 2 * u]!;
              const ue = mBuf[f + 2 * u + 1]!;
              // first token with end > us
              let lo = 0;
              let hi = T;
              while (lo < hi) {
                const mid = (lo + hi) >>> 1;
                if (ends[mid]! <= us) lo = mid + 1;
                else hi = mid;
              }
              for (let t = lo; t < T && starts[t]! < ue; t++) tokMasks[(t * R + r) * W + word]! |= bit;
            }
          }
        }
        tokSink.reset(R);
        const stride = R * W;
        for (let t = 0; t < T; t++) tokSink.add(tokMasks, t * stride, 1);
        const tokAcc = tokSink.finish();
        token = tokAcc.coefficients(R);
        tokCorpus.merge(tokAcc);
        tokTotalsByM[R]! += tokSink.totalWeight;
        tokLabel = docLabels.map((label) => binaryForDocument(tokSink, label, R, binScratch));
        for (const label of tokSink.touched) {
          const h = tokBin[label]!;
          for (let kk = 1; kk <= R; kk++) {
            const w = tokSink.hist[label * tokSink.stride + kk]!;
            if (w !== 0) h.add(R, kk, w);
          }
        }
      } else {
        token = tooFewRaters(R);
        tokLabel = docLabels.map(() => tooFewRaters(R));
      }
    }

    lap("token");
    const labelReports: DocumentLabelReport[] = [];
    for (let li = 0; li < NDL; li++) {
      let units = 0;
      for (let r = 0; r < R; r++) units += mCount[li * R + r]!;
      labelReports.push({
        label: labels[docLabels[li]!]!,
        spans: labelSpans[li]!,
        units,
        unitizingAlpha: labelAlphas[li]!,
        token: tokLabel[li]!,
        character: charLabel[li]!,
      });
    }
    documents.push({
      document: docName,
      length: L,
      raters: docRaters.map((r) => raters[r]!),
      spans: nDocSpans,
      units: docUnits,
      tokens,
      unitizingAlpha: docAlpha,
      token,
      character,
      labels: labelReports,
      pairs,
    });
    for (const r of docRaters) localOf[r] = -1;
    lap("corpus");
  }

  // ---- Corpus: unitizing alpha over the concatenated continuum. ----
  let corpusR = 0;
  for (let r = 0; r < RT; r++) corpusR += comparedRaters[r]!;
  const corpusParts: UnitizingParts[] = labels.map((_, l) => ({
    observed: compared > 0 ? observedDisagreement(cuPairSum[l]!, corpusLength, corpusR) : 0,
    expected: compared > 0 ? expectedDisagreement(cuUnits[l]!.view(), cuGaps[l]!.view(), corpusLength, corpusR) : 0,
    units: cuUnits[l]!.length,
  }));
  const differ = (units: number): AlphaResult =>
    alphaUndefined(
      "rater-sets-differ",
      "Documents have different rater sets; the concatenated-continuum unitizing alpha needs one rater set (declare raters who marked nothing with options.documentRaters or options.raters).",
      corpusR,
      units,
    );
  const noCompared = (units: number): AlphaResult =>
    alphaUndefined("too-few-raters", "No document has two or more raters (and a length > 0).", corpusR, units);
  const corpusUnitizing = (parts: UnitizingParts): AlphaResult =>
    compared === 0 ? noCompared(parts.units) : raterSetsAgree ? unitizingAlphaFromParts(parts, corpusR) : differ(parts.units);

  for (const h of charBin) h.fillAbsent(charTotalsByM);
  for (const h of tokBin) h.fillAbsent(tokTotalsByM);

  // ---- Pairs and per-label F1 pooled over pairs. ----
  const labelF1 = new Float64Array(Math.max(1, NL) * F_FIELDS);
  const perPair: PairReport[] = [];
  const pairKeys = [...pairAcc.keys()].sort((a, b) => a - b);
  for (const pk of pairKeys) {
    const pa = pairAcc.get(pk)!;
    const exactPer = labels.map((label, l) => ({ label, result: f1Of(pa.acc, l * F_FIELDS, true) }));
    const overlapPer = labels.map((label, l) => ({ label, result: f1Of(pa.acc, l * F_FIELDS, false) }));
    const tot = new Float64Array(F_FIELDS);
    for (let l = 0; l < NL; l++) {
      for (let f = 0; f < F_FIELDS; f++) {
        tot[f]! += pa.acc[l * F_FIELDS + f]!;
        labelF1[l * F_FIELDS + f]! += pa.acc[l * F_FIELDS + f]!;
      }
    }
    perPair.push({
      raterA: raters[Math.floor(pk / RT)]!,
      raterB: raters[pk % RT]!,
      documents: pa.docs,
      exactF1: { micro: f1Of(tot, 0, true), macro: macroF1(exactPer.map((x) => x.result)), perLabel: exactPer },
      overlapF1: { micro: f1Of(tot, 0, false), macro: macroF1(overlapPer.map((x) => x.result)), perLabel: overlapPer },
    });
  }
  const corpusF1 = new Float64Array(F_FIELDS);
  for (let l = 0; l < NL; l++) for (let f = 0; f < F_FIELDS; f++) corpusF1[f]! += labelF1[l * F_FIELDS + f]!;

  const noTextCorpus = docsWithText === 0;
  const corpusTokenMissing = (): CodingPair => (compared === 0 ? tooFewRaters(corpusR) : noText(corpusR));
  const perLabel: LabelReport[] = labels.map((label, l) => ({
    label,
    spans: cuSpans[l]!,
    units: cuUnits[l]!.length,
    unitizingAlpha: corpusUnitizing(corpusParts[l]!),
    token: noTextCorpus ? corpusTokenMissing() : tokBin[l]!.coefficients(corpusR),
    character: charBin[l]!.coefficients(corpusR),
    exactF1: f1Of(labelF1, l * F_FIELDS, true),
    overlapF1: f1Of(labelF1, l * F_FIELDS, false),
  }));

  const corpus: CorpusReport = {
    documents: D,
    documentsCompared: compared,
    raters: corpusR,
    raterSetsAgree,
    spans: corpusSpans,
    units: corpusUnits,
    characters: corpusLength,
    tokens: noTextCorpus ? null : corpusTokens,
    unitizingAlpha:
      compared === 0 ? noCompared(corpusUnits) : raterSetsAgree ? pooledUnitizingAlpha(corpusParts, corpusR) : differ(corpusUnits),
    token: noTextCorpus ? corpusTokenMissing() : tokCorpus.coefficients(corpusR),
    character: charCorpus.coefficients(corpusR),
    exactF1: { micro: f1Of(corpusF1, 0, true), macro: macroF1(perLabel.map((x) => x.exactF1)) },
    overlapF1: { micro: f1Of(corpusF1, 0, false), macro: macroF1(perLabel.map((x) => x.overlapF1)) },
  };

  lap("corpus");
  return { labels, raters, ignoredEmptySpans, corpus, perLabel, perPair, documents };
}

/** Binary (present/absent) alpha and kappa of one label in the current document of `sink`. */
function binaryForDocument(sink: ItemSink, label: number, R: number, scratch: Float64Array): CodingPair {
  // scratch is a (RT+1) x (RT+1) histogram, all zero on entry and on exit; only row R is used.
  const stride = sink.stride;
  const row = R * stride;
  let present = 0;
  for (let k = 1; k <= R; k++) {
    const w = sink.hist[label * stride + k]!;
    scratch[row + k] = w;
    present += w;
  }
  scratch[row] = Math.max(0, sink.totalWeight - present);
  const result = binaryCoefficients(scratch, stride, R, R);
  scratch.fill(0, row, row + R + 1);
  return result;
}
