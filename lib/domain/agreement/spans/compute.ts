/**
 * `computeSpanAgreement`: every span measure for a corpus in one pass over
 * the documents. See `index.ts` for the measures, conventions and complexity.
 */
import { BinaryHistogram, binaryCoefficients, type CategoryKey, NominalAccumulator } from "./coding";
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
  pushAll(xs: ArrayLike<number>): void {
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

/** Item-level (character or token) statistics of one compared document. */
interface ItemStats {
  /** Set-valued nominal accumulator; category keys are masks over the document's own label indices. */
  readonly acc: NominalAccumulator;
  /** hist[li * (R + 1) + k]: item weight where k >= 1 raters have local label li. */
  readonly hist: Float64Array;
  readonly totalWeight: number;
}

/**
 * One document's share of every span measure: its {@link DocumentReport} plus the sufficient
 * statistics that the corpus figures are pooled from (unit and gap lengths and summed squared
 * boundary differences per label, item accumulators, pair credits). It depends on the document's
 * own input only (spans, length, text, raters) — labels and raters are indexed locally — so a caller
 * may keep partials between runs, rebuild only the documents that changed
 * ({@link computeDocumentPartial}) and pool them again ({@link aggregateSpanAgreement}).
 * {@link computeSpanAgreement} is exactly that, for every document: the pooled figures of reused
 * partials are bit-for-bit those of a run from scratch. Read-only; the fields are an implementation detail.
 */
export interface SpanDocumentPartial {
  readonly document: string;
  readonly report: DocumentReport;
  /** Labels of the document's non-empty spans, sorted (local label index = position). */
  readonly labels: readonly string[];
  /** The document's raters, sorted (local rater index = position). */
  readonly raters: readonly string[];
  readonly ignoredEmptySpans: number;
  /** Two or more raters and a length > 0: enters the corpus figures. */
  readonly compared: boolean;
  /** The following are set only for compared documents. Per local label: */
  readonly pairSums: Float64Array | null;
  readonly unitFrom: Int32Array | null;
  readonly unitLens: Int32Array | null;
  readonly gapFrom: Int32Array | null;
  readonly gapLens: Int32Array | null;
  readonly character: ItemStats | null;
  readonly token: ItemStats | null;
  /** R >= 2 (compared or not): per local pair (r1 < r2, in order) x local label x F_FIELDS. */
  readonly pairCredits: Float64Array | null;
}

/** Reusable buffers of the per-document pass (the computation is synchronous, so sharing is safe). */
class Scratch {
  rawBuf = new Int32Array(1024);
  mBuf = new Int32Array(1024);
  tokMasks = new Int32Array(1024);
  charMasks = new Int32Array(64);
  events = new Float64Array(1024);
  dl = new Int32Array(256);
  dr = new Int32Array(256);
  ds = new Int32Array(256);
  de = new Int32Array(256);
  keys = new Float64Array(256);
  binScratch = new Float64Array(64);
  readonly tokBuf = new TokenBuffer();
  readonly unitLens: number[] = [];
  readonly gapLens: number[] = [];
  readonly credits: OverlapCredits = { creditA: 0, creditB: 0 };
}

let sharedScratch: Scratch | null = null;

function checkSpan(s: Span, where: string): void {
  if (typeof s.document !== "string" || typeof s.rater !== "string" || typeof s.label !== "string") {
    throw new SpanAgreementInputError(`${where}: document, rater and label must be strings`);
  }
  if (!Number.isSafeInteger(s.start) || !Number.isSafeInteger(s.end) || s.start < 0 || s.end < s.start) {
    throw new SpanAgreementInputError(`${where} (${s.document}): [${String(s.start)}, ${String(s.end)}) is not a valid half-open code-point interval`);
  }
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
  let t0 = profile ? performance.now() : 0;
  // ---- Validate, group by document (input order kept within a document). ----
  const docSet = new Set<string>(docLengths.keys());
  if (texts) for (const d of texts.keys()) docSet.add(d);
  if (options.documentRaters) for (const d of options.documentRaters.keys()) docSet.add(d);
  const byDoc = new Map<string, Span[]>();
  let lastDoc: string | undefined;
  let group: Span[] = [];
  for (let i = 0; i < spans.length; i++) {
    const s = spans[i]!;
    checkSpan(s, `span #${i}`);
    // Input is usually grouped by document: skip repeated map look-ups.
    if (s.document !== lastDoc) {
      lastDoc = s.document;
      docSet.add(lastDoc);
      let g = byDoc.get(lastDoc);
      if (!g) byDoc.set(lastDoc, (g = []));
      group = g;
    }
    group.push(s);
  }
  const docNames = [...docSet].sort();
  if (profile) {
    const t = performance.now();
    profile.prepare += t - t0;
    t0 = t;
  }
  const scratch = (sharedScratch ??= new Scratch());
  const partials = docNames.map((d) =>
    buildPartial(d, byDoc.get(d) ?? [], docLengths.get(d), texts?.get(d), options.documentRaters?.get(d) ?? options.raters, scratch, profile),
  );
  return aggregateSpanAgreement(partials, { raters: options.raters, profile });
}

/**
 * One document's partial (see {@link SpanDocumentPartial}): `spans` are the document's spans (each
 * with `document` equal to `document`); `length`, `text` and `raters` as `docLengths`, `texts` and
 * `documentRaters` of {@link computeSpanAgreement}. Throws {@link SpanAgreementInputError} as it does.
 */
export function computeDocumentPartial(
  document: string,
  spans: readonly Span[],
  options: { readonly length?: number; readonly text?: string; readonly raters?: readonly string[] } = {},
): SpanDocumentPartial {
  for (let i = 0; i < spans.length; i++) {
    const s = spans[i]!;
    checkSpan(s, `span #${i}`);
    if (s.document !== document) throw new SpanAgreementInputError(`span #${i}: of document "${s.document}", not "${document}"`);
  }
  return buildPartial(document, spans, options.length, options.text, options.raters, (sharedScratch ??= new Scratch()), undefined);
}

function buildPartial(
  docName: string,
  docSpans: readonly Span[],
  declared: number | undefined,
  text: string | undefined,
  declaredRaters: readonly string[] | undefined,
  sc: Scratch,
  profile: SpanAgreementProfile | undefined,
): SpanDocumentPartial {
  let t0 = profile ? performance.now() : 0;
  const lap = (phase: keyof SpanAgreementProfile): void => {
    if (!profile) return;
    const t = performance.now();
    profile[phase] += t - t0;
    t0 = t;
  };
  // ---- Local label and rater indices (sorted names, so the orders match a global index). ----
  let ignoredEmptySpans = 0;
  const labelSet = new Set<string>();
  const spanRaters = new Set<string>();
  let lastLabel: string | undefined;
  let lastRater: string | undefined;
  let maxEnd = 0;
  for (const s of docSpans) {
    if (s.end === s.start) {
      ignoredEmptySpans++;
      continue;
    }
    if (s.label !== lastLabel) labelSet.add((lastLabel = s.label));
    if (s.rater !== lastRater) spanRaters.add((lastRater = s.rater));
    if (s.end > maxEnd) maxEnd = s.end;
  }
  const docLabelNames = [...labelSet].sort();
  const docRaterNames = declaredRaters ? [...new Set(declaredRaters)].sort() : [...spanRaters].sort();
  const labelIndex = new Map(docLabelNames.map((l, i) => [l, i] as const));
  const raterIndex = new Map(docRaterNames.map((r, i) => [r, i] as const));
  const NDL = docLabelNames.length;
  const R = docRaterNames.length;
  const W = Math.max(1, Math.ceil(NDL / 32));
  const nDocSpans = docSpans.length - ignoredEmptySpans;
  lap("prepare");

  // Tokenize up front: it also yields the text length in code points.
  const tokBuf = sc.tokBuf;
  const textLength = text === undefined ? -1 : tokenizeInto(text, tokBuf).length;
  lap("token");
  if (declared !== undefined && (!Number.isSafeInteger(declared) || declared < 0)) {
    throw new SpanAgreementInputError(`document "${docName}": length ${String(declared)} is not a non-negative integer`);
  }
  if (declared !== undefined && textLength >= 0 && declared !== textLength) {
    throw new SpanAgreementInputError(`document "${docName}": docLengths says ${declared} code points, the text has ${textLength}`);
  }
  const L = declared ?? (textLength >= 0 ? textLength : maxEnd);
  if (maxEnd > L) throw new SpanAgreementInputError(`document "${docName}": a span ends at ${maxEnd}, beyond the document length ${L}`);
  if (declaredRaters) {
    for (const r of spanRaters) {
      if (!raterIndex.has(r)) throw new SpanAgreementInputError(`document "${docName}": span by rater "${r}" who is not among the document's raters`);
    }
  }
  if (maxEnd > 0x7fffffff) throw new SpanAgreementInputError(`span end ${maxEnd} exceeds 2^31 - 1`);
  const isCompared = R >= 2 && L > 0;

  // The document's spans sorted by (label, rater, start, end) into dl/dr/ds/de.
  if (sc.dl.length < nDocSpans) {
    const n = Math.max(nDocSpans, sc.dl.length * 2);
    sc.dl = new Int32Array(n);
    sc.dr = new Int32Array(n);
    sc.ds = new Int32Array(n);
    sc.de = new Int32Array(n);
    sc.keys = new Float64Array(n);
  }
  const { dl, dr, ds, de } = sc;
  const Lp = L + 1;
  if (NDL * R * Lp * Lp < Number.MAX_SAFE_INTEGER) {
    // One numeric key per span: sorting a Float64Array needs no comparator.
    const keys = sc.keys;
    let k = 0;
    let l = -1;
    let r = -1;
    lastLabel = undefined;
    lastRater = undefined;
    for (const s of docSpans) {
      if (s.end === s.start) continue;
      if (s.label !== lastLabel) l = labelIndex.get((lastLabel = s.label))!;
      if (s.rater !== lastRater) r = raterIndex.get((lastRater = s.rater))!;
      keys[k++] = ((l * R + r) * Lp + s.start) * Lp + s.end;
    }
    const sorted = keys.subarray(0, nDocSpans).sort();
    for (let k = 0; k < nDocSpans; k++) {
      let key = sorted[k]!;
      const en = key % Lp;
      key = (key - en) / Lp;
      const st = key % Lp;
      key = (key - st) / Lp;
      const ra = key % R;
      dl[k] = (key - ra) / R;
      dr[k] = ra;
      ds[k] = st;
      de[k] = en;
    }
  } else {
    const rows: [number, number, number, number][] = [];
    for (const s of docSpans) if (s.end !== s.start) rows.push([labelIndex.get(s.label)!, raterIndex.get(s.rater)!, s.start, s.end]);
    rows.sort((x, y) => x[0] - y[0] || x[1] - y[1] || x[2] - y[2] || x[3] - y[3]);
    for (let k = 0; k < nDocSpans; k++) {
      const x = rows[k]!;
      dl[k] = x[0];
      dr[k] = x[1];
      ds[k] = x[2];
      de[k] = x[3];
    }
  }

  // Groups (local label li, local rater r): deduplicated raw spans and merged units.
  const labelSpans = new Int32Array(NDL);
  for (let k = 0; k < nDocSpans; k++) labelSpans[dl[k]!]!++;
  const G = NDL * R;
  const rawFrom = new Int32Array(G);
  const rawCount = new Int32Array(G);
  const mFrom = new Int32Array(G);
  const mCount = new Int32Array(G);
  sc.rawBuf = grow(sc.rawBuf, 2 * nDocSpans + 2);
  sc.mBuf = grow(sc.mBuf, 2 * nDocSpans + 2);
  const rawBuf = sc.rawBuf;
  const mBuf = sc.mBuf;
  {
    let prevG = -1;
    let pos = 0;
    for (let k = 0; k < nDocSpans; k++) {
      const g = dl[k]! * R + dr[k]!;
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
  const unitLens = sc.unitLens;
  const gapLens = sc.gapLens;
  const labelParts: UnitizingParts[] = [];
  const labelAlphas: AlphaResult[] = [];
  const pairSums = isCompared ? new Float64Array(NDL) : null;
  const unitFrom = isCompared ? new Int32Array(NDL + 1) : null;
  const gapFrom = isCompared ? new Int32Array(NDL + 1) : null;
  const allUnits: number[] = [];
  const allGaps: number[] = [];
  for (let li = 0; li < NDL; li++) {
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
      pairSums![li] = pairSum;
      for (const x of unitLens) allUnits.push(x);
      for (const x of gapLens) allGaps.push(x);
      unitFrom![li + 1] = allUnits.length;
      gapFrom![li + 1] = allGaps.length;
    }
  }
  const docAlpha = pooledUnitizingAlpha(labelParts, R);

  lap("unitizing");
  // ---- Pairwise F1. ----
  const pairs: DocumentPairReport[] = [];
  let pairCredits: Float64Array | null = null;
  if (R >= 2) {
    pairCredits = new Float64Array(((R * (R - 1)) / 2) * Math.max(1, NDL) * F_FIELDS);
    const credits = sc.credits;
    const docPair = new Float64Array(F_FIELDS);
    let pi = 0;
    for (let r1 = 0; r1 < R; r1++) {
      for (let r2 = r1 + 1; r2 < R; r2++, pi++) {
        docPair.fill(0);
        const base = pi * Math.max(1, NDL) * F_FIELDS;
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
          const at = base + li * F_FIELDS;
          pairCredits[at + F_EXACT_A] = ra;
          pairCredits[at + F_EXACT_B] = rb;
          pairCredits[at + F_EXACT_M] = m;
          pairCredits[at + F_OV_A] = mCount[g1]!;
          pairCredits[at + F_OV_B] = mCount[g2]!;
          pairCredits[at + F_OV_CA] = credits.creditA;
          pairCredits[at + F_OV_CB] = credits.creditB;
        }
        pairs.push({ raterA: docRaterNames[r1]!, raterB: docRaterNames[r2]!, exactF1: f1Of(docPair, 0, true), overlapF1: f1Of(docPair, 0, false) });
      }
    }
  }

  lap("f1");
  const binScratchSize = (R + 1) * (R + 1);
  if (sc.binScratch.length < binScratchSize) sc.binScratch = new Float64Array(binScratchSize);
  const binScratch = sc.binScratch;
  // ---- Character level: sweep over unit boundaries, runs weighted by length. ----
  let character: CodingPair;
  let charLabel: CodingPair[] = [];
  let charStats: ItemStats | null = null;
  if (isCompared) {
    let ne = 0;
    for (let g = 0; g < G; g++) ne += 2 * mCount[g]!;
    if (sc.events.length < ne) sc.events = new Float64Array(Math.max(ne, sc.events.length * 2));
    const events = sc.events;
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
    const charSink = new ItemSink(NDL, W, R);
    charSink.reset(R);
    if (sc.charMasks.length < R * W) sc.charMasks = new Int32Array(R * W);
    const charMasks = sc.charMasks;
    charMasks.fill(0, 0, R * W);
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
        const label = sub - r * NDL;
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
    charLabel = docLabelNames.map((_, li) => binaryForDocument(charSink, li, R, binScratch));
    charStats = { acc: charAcc, hist: charSink.hist, totalWeight: charSink.totalWeight };
  } else {
    character = tooFewRaters(R);
    charLabel = docLabelNames.map(() => tooFewRaters(R));
  }

  lap("character");
  // ---- Token level. ----
  let token: CodingPair;
  let tokLabel: CodingPair[] = [];
  let tokens: number | null = null;
  let tokStats: ItemStats | null = null;
  if (text === undefined) {
    token = noText(R);
    tokLabel = docLabelNames.map(() => noText(R));
  } else {
    const T = tokBuf.count; // tokenized above
    tokens = T;
    if (isCompared) {
      const size = T * R * W;
      sc.tokMasks = grow(sc.tokMasks, size);
      const tokMasks = sc.tokMasks;
      tokMasks.fill(0, 0, size);
      const starts = tokBuf.starts;
      const ends = tokBuf.ends;
      for (let li = 0; li < NDL; li++) {
        const word = li >> 5;
        const bit = 1 << (li & 31);
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
      const tokSink = new ItemSink(NDL, W, R);
      tokSink.reset(R);
      const stride = R * W;
      for (let t = 0; t < T; t++) tokSink.add(tokMasks, t * stride, 1);
      const tokAcc = tokSink.finish();
      token = tokAcc.coefficients(R);
      tokLabel = docLabelNames.map((_, li) => binaryForDocument(tokSink, li, R, binScratch));
      tokStats = { acc: tokAcc, hist: tokSink.hist, totalWeight: tokSink.totalWeight };
    } else {
      token = tooFewRaters(R);
      tokLabel = docLabelNames.map(() => tooFewRaters(R));
    }
  }

  lap("token");
  const labelReports: DocumentLabelReport[] = [];
  for (let li = 0; li < NDL; li++) {
    let units = 0;
    for (let r = 0; r < R; r++) units += mCount[li * R + r]!;
    labelReports.push({
      label: docLabelNames[li]!,
      spans: labelSpans[li]!,
      units,
      unitizingAlpha: labelAlphas[li]!,
      token: tokLabel[li]!,
      character: charLabel[li]!,
    });
  }
  const report: DocumentReport = {
    document: docName,
    length: L,
    raters: docRaterNames,
    spans: nDocSpans,
    units: docUnits,
    tokens,
    unitizingAlpha: docAlpha,
    token,
    character,
    labels: labelReports,
    pairs,
  };
  lap("corpus");
  return {
    document: docName,
    report,
    labels: docLabelNames,
    raters: docRaterNames,
    ignoredEmptySpans,
    compared: isCompared,
    pairSums,
    unitFrom,
    unitLens: isCompared ? Int32Array.from(allUnits) : null,
    gapFrom,
    gapLens: isCompared ? Int32Array.from(allGaps) : null,
    character: charStats,
    token: tokStats,
    pairCredits,
  };
}

/**
 * Corpus, per-label and per-pair figures pooled from document partials (any order; documents
 * sorted by name as in {@link computeSpanAgreement}, whose result this equals exactly when the
 * partials are those of its input). `options.raters`: raters to list even if no document has them.
 * O(sum of the partials' sizes + sorting the corpus gap lengths per label).
 */
export function aggregateSpanAgreement(
  input: readonly SpanDocumentPartial[],
  options: { readonly raters?: readonly string[]; readonly profile?: SpanAgreementProfile } = {},
): SpanAgreementReport {
  const profile = options.profile;
  const t0 = profile ? performance.now() : 0;
  const partials = [...input].sort((a, b) => (a.document < b.document ? -1 : a.document > b.document ? 1 : 0));
  for (let i = 1; i < partials.length; i++) {
    if (partials[i]!.document === partials[i - 1]!.document) throw new SpanAgreementInputError(`document "${partials[i]!.document}" given twice`);
  }
  const labelSet = new Set<string>();
  const raterSet = new Set<string>(options.raters ?? []);
  let ignoredEmptySpans = 0;
  for (const p of partials) {
    for (const l of p.labels) labelSet.add(l);
    for (const r of p.raters) raterSet.add(r);
    ignoredEmptySpans += p.ignoredEmptySpans;
  }
  const labels = [...labelSet].sort();
  const raters = [...raterSet].sort();
  const labelIndex = new Map(labels.map((l, i) => [l, i] as const));
  const raterIndex = new Map(raters.map((r, i) => [r, i] as const));
  const NL = labels.length;
  const RT = raters.length;
  const W = Math.max(1, Math.ceil(NL / 32));

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
  const present = new Uint8Array(NL);

  for (const p of partials) {
    const R = p.raters.length;
    const NDL = p.labels.length;
    const gLabel = p.labels.map((l) => labelIndex.get(l)!);
    const gRater = p.raters.map((r) => raterIndex.get(r)!);
    const isCompared = p.compared;
    if (isCompared) {
      compared++;
      corpusLength += p.report.length;
      corpusSpans += p.report.spans;
      corpusUnits += p.report.units;
      const key = p.raters.join("\u0000");
      if (commonRaterKey === null) commonRaterKey = key;
      else if (key !== commonRaterKey) raterSetsAgree = false;
      for (const r of gRater) comparedRaters[r] = 1;
      const L = p.report.length;
      for (let li = 0; li < NDL; li++) {
        const l = gLabel[li]!;
        present[l] = 1;
        cuPairSum[l]! += p.pairSums![li]!;
        cuUnits[l]!.pushAll(p.unitLens!.subarray(p.unitFrom![li]!, p.unitFrom![li + 1]!));
        cuGaps[l]!.pushAll(p.gapLens!.subarray(p.gapFrom![li]!, p.gapFrom![li + 1]!));
        cuSpans[l]! += p.report.labels[li]!.spans;
      }
      // Labels absent from this document: every rater has one gap of length L.
      for (let l = 0; l < NL; l++) {
        if (present[l] === 1) continue;
        const cg = cuGaps[l]!;
        for (let r = 0; r < R; r++) cg.push(L);
      }
      for (const l of gLabel) present[l] = 0;
    }
    // Pair credits.
    if (p.pairCredits) {
      const stride = Math.max(1, NDL) * F_FIELDS;
      let pi = 0;
      for (let r1 = 0; r1 < R; r1++) {
        for (let r2 = r1 + 1; r2 < R; r2++, pi++) {
          const pk = gRater[r1]! * RT + gRater[r2]!;
          let pa = pairAcc.get(pk);
          if (!pa) {
            pa = { docs: 0, acc: new Float64Array(Math.max(1, NL) * F_FIELDS) };
            pairAcc.set(pk, pa);
          }
          if (!isCompared) continue;
          pa.docs++;
          const acc = pa.acc;
          const src = p.pairCredits;
          for (let li = 0; li < NDL; li++) {
            const from = pi * stride + li * F_FIELDS;
            const at = gLabel[li]! * F_FIELDS;
            for (let f = 0; f < F_FIELDS; f++) acc[at + f]! += src[from + f]!;
          }
        }
      }
    }
    if (p.character) {
      mergeItemStats(charCorpus, p.character, gLabel, W);
      charTotalsByM[R]! += p.character.totalWeight;
      addHistogram(charBin, p.character.hist, gLabel, R);
    }
    if (p.token) {
      docsWithText++;
      corpusTokens += p.report.tokens!;
      mergeItemStats(tokCorpus, p.token, gLabel, W);
      tokTotalsByM[R]! += p.token.totalWeight;
      addHistogram(tokBin, p.token.hist, gLabel, R);
    }
  }
  const documents = partials.map((p) => p.report);
  const D = partials.length;

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

  if (profile) profile.corpus += performance.now() - t0;
  return { labels, raters, ignoredEmptySpans, corpus, perLabel, perPair, documents };
}

/** Translates a category key over local label indices (words of `localW`) into one over global indices (`W` words). */
function translateKey(key: CategoryKey, gLabel: readonly number[], W: number): CategoryKey {
  if (key === 0) return 0;
  const words = typeof key === "number" ? [key] : key.split(",").map(Number);
  const out = new Int32Array(W);
  for (let w = 0; w < words.length; w++) {
    let bits = words[w]! | 0;
    while (bits !== 0) {
      const low = bits & -bits;
      const g = gLabel[w * 32 + (31 - Math.clz32(low))]!;
      out[g >> 5]! |= 1 << (g & 31);
      bits ^= low;
    }
  }
  if (W === 1) return out[0]!;
  let s = String(out[0]!);
  for (let w = 1; w < W; w++) s += "," + String(out[w]!);
  return s;
}

/** Merges a document's item accumulator into the corpus one, its label masks translated to global indices. */
function mergeItemStats(into: NominalAccumulator, stats: ItemStats, gLabel: readonly number[], W: number): void {
  let identity = W === 1 && gLabel.length <= 32;
  for (let li = 0; identity && li < gLabel.length; li++) if (gLabel[li] !== li) identity = false;
  into.merge(stats.acc, identity ? undefined : (key) => translateKey(key, gLabel, W));
}

/** Adds a document's per-label (m = R, k) histogram rows to the corpus histograms of the global labels. */
function addHistogram(bins: readonly BinaryHistogram[], hist: Float64Array, gLabel: readonly number[], R: number): void {
  for (let li = 0; li < gLabel.length; li++) {
    const h = bins[gLabel[li]!]!;
    for (let k = 1; k <= R; k++) {
      const w = hist[li * (R + 1) + k]!;
      if (w !== 0) h.add(R, k, w);
    }
  }
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
