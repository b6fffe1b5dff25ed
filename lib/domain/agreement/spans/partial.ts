/**
 * One document's share of every span measure (`SpanDocumentPartial`), built in phases: index the
 * document, resolve its length, sort its spans, group them into units, then unitizing alpha, pairwise F1,
 * the character level and the token level. See `index.ts` for the measures and their complexity.
 */
import { binaryCoefficients, type NominalAccumulator } from "./coding";
import { SpanAgreementInputError } from "./errors";
import { addOverlapCredits, exactMatches, type OverlapCredits } from "./f1";
import { ItemSink } from "./items";
import { alphaUndefined, f1FromCredits, kappaUndefined } from "./results";
import { TokenBuffer, tokenizeInto } from "./tokenize";
import type {
  AlphaResult,
  CodingPair,
  DocumentLabelReport,
  DocumentPairReport,
  DocumentReport,
  F1Result,
  Span,
  SpanAgreementProfile,
} from "./types";
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

// Per pair x label F1 fields.
export const F_EXACT_A = 0;
export const F_EXACT_B = 1;
export const F_EXACT_M = 2;
export const F_OV_A = 3;
export const F_OV_B = 4;
export const F_OV_CA = 5;
export const F_OV_CB = 6;
export const F_FIELDS = 7;

/** Append-only Float64Array with amortized doubling. */
export class GrowableF64 {
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

export function noText(raters: number): CodingPair {
  const reason = "The token level needs the document text (options.texts).";
  return { alpha: alphaUndefined("no-text", reason, raters, 0), kappa: kappaUndefined("no-text", reason, raters, 0) };
}

export function tooFewRaters(raters: number): CodingPair {
  const reason = `Needs at least two raters (and a length > 0); there ${raters === 1 ? "is 1" : `are ${raters}`}.`;
  return {
    alpha: alphaUndefined("too-few-raters", reason, raters, 0),
    kappa: kappaUndefined("too-few-raters", reason, raters, 0),
  };
}

export function f1Of(acc: Float64Array, at: number, exact: boolean): F1Result {
  return exact
    ? f1FromCredits(acc[at + F_EXACT_A]!, acc[at + F_EXACT_B]!, acc[at + F_EXACT_M]!, acc[at + F_EXACT_M]!)
    : f1FromCredits(acc[at + F_OV_A]!, acc[at + F_OV_B]!, acc[at + F_OV_CA]!, acc[at + F_OV_CB]!);
}

/** Item-level (character or token) statistics of one compared document. */
export interface ItemStats {
  /** Set-valued nominal accumulator; category keys are masks over the document's own label indices. */
  readonly acc: NominalAccumulator;
  /** hist[li * (R + 1) + k]: item weight where k >= 1 raters have local label li. */
  readonly hist: Float64Array;
  readonly totalWeight: number;
}

/**
 * One document's share of every span measure: its `DocumentReport` plus the sufficient
 * statistics that the corpus figures are pooled from (unit and gap lengths and summed squared
 * boundary differences per label, item accumulators, pair credits). It depends on the document's
 * own input only (spans, length, text, raters) — labels and raters are indexed locally — so a caller
 * may keep partials between runs, rebuild only the documents that changed
 * (`computeDocumentPartial`) and pool them again (`aggregateSpanAgreement`).
 * `computeSpanAgreement` is exactly that, for every document: the pooled figures of reused
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
  /**
   * Per local (label li, rater r) at 2 * (li * R + r): the gap before the rater's first unit of the label and
   * the gap after its last (both L when the rater has none); they are among `gapLens` when positive. The
   * concatenated continuum joins them across document boundaries.
   */
  readonly edgeGaps: Int32Array | null;
  readonly character: ItemStats | null;
  readonly token: ItemStats | null;
  /** R >= 2 (compared or not): per local pair (r1 < r2, in order) x local label x F_FIELDS. */
  readonly pairCredits: Float64Array | null;
}

/** Reusable buffers of the per-document pass (the computation is synchronous, so sharing is safe). */
export class Scratch {
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
  readonly tokBuf = new TokenBuffer(true); // code points only: no UTF-16 positions or line breaks needed
  readonly unitLens: number[] = [];
  readonly gapLens: number[] = [];
  readonly credits: OverlapCredits = { creditA: 0, creditB: 0 };
}

let sharedScratch: Scratch | null = null;

/** The one scratch of this module (the computation is synchronous). */
export function scratch(): Scratch {
  return (sharedScratch ??= new Scratch());
}

export function checkSpan(s: Span, where: string): void {
  if (typeof s.document !== "string" || typeof s.rater !== "string" || typeof s.label !== "string") {
    throw new SpanAgreementInputError(`${where}: document, rater and label must be strings`);
  }
  if (!Number.isSafeInteger(s.start) || !Number.isSafeInteger(s.end) || s.start < 0 || s.end < s.start) {
    throw new SpanAgreementInputError(
      `${where} (${s.document}): [${String(s.start)}, ${String(s.end)}) is not a valid half-open code-point interval`,
    );
  }
}

/** Phase timer for the benchmark profile (no-op without one). */
class Laps {
  private t0: number;
  constructor(private readonly profile: SpanAgreementProfile | undefined) {
    this.t0 = profile ? performance.now() : 0;
  }
  lap(phase: keyof SpanAgreementProfile): void {
    if (!this.profile) return;
    const t = performance.now();
    this.profile[phase] += t - this.t0;
    this.t0 = t;
  }
}

/** Local label and rater indices (sorted names, so the orders match a global index). */
interface DocIndex {
  readonly labelNames: readonly string[];
  readonly raterNames: readonly string[];
  readonly labelIndex: ReadonlyMap<string, number>;
  readonly raterIndex: ReadonlyMap<string, number>;
  /** Raters having a non-empty span in the document. */
  readonly spanRaters: ReadonlySet<string>;
  readonly ignoredEmptySpans: number;
  /** Non-empty spans. */
  readonly spans: number;
  readonly maxEnd: number;
}

function indexDocument(docSpans: readonly Span[], declaredRaters: readonly string[] | undefined): DocIndex {
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
  const labelNames = [...labelSet].sort();
  const raterNames = declaredRaters ? [...new Set(declaredRaters)].sort() : [...spanRaters].sort();
  return {
    labelNames,
    raterNames,
    labelIndex: new Map(labelNames.map((l, i) => [l, i] as const)),
    raterIndex: new Map(raterNames.map((r, i) => [r, i] as const)),
    spanRaters,
    ignoredEmptySpans,
    spans: docSpans.length - ignoredEmptySpans,
    maxEnd,
  };
}

/** The continuum length (declared, else the text's, else the largest span end), checked against the spans and raters. */
function resolveLength(
  docName: string,
  ix: DocIndex,
  declared: number | undefined,
  textLength: number,
  declaredRaters: readonly string[] | undefined,
): number {
  if (declared !== undefined && (!Number.isSafeInteger(declared) || declared < 0)) {
    throw new SpanAgreementInputError(
      `document "${docName}": length ${String(declared)} is not a non-negative integer`,
    );
  }
  if (declared !== undefined && textLength >= 0 && declared !== textLength) {
    throw new SpanAgreementInputError(
      `document "${docName}": docLengths says ${declared} code points, the text has ${textLength}`,
    );
  }
  const L = declared ?? (textLength >= 0 ? textLength : ix.maxEnd);
  if (ix.maxEnd > L)
    throw new SpanAgreementInputError(
      `document "${docName}": a span ends at ${ix.maxEnd}, beyond the document length ${L}`,
    );
  if (declaredRaters) {
    for (const r of ix.spanRaters) {
      if (!ix.raterIndex.has(r))
        throw new SpanAgreementInputError(
          `document "${docName}": span by rater "${r}" who is not among the document's raters`,
        );
    }
  }
  if (ix.maxEnd > 0x7fffffff) throw new SpanAgreementInputError(`span end ${ix.maxEnd} exceeds 2^31 - 1`);
  return L;
}

/** The document's non-empty spans sorted by (label, rater, start, end) into sc.dl/dr/ds/de. */
function sortSpans(docSpans: readonly Span[], ix: DocIndex, L: number, sc: Scratch): void {
  const n = ix.spans;
  const R = ix.raterNames.length;
  if (sc.dl.length < n) {
    const size = Math.max(n, sc.dl.length * 2);
    sc.dl = new Int32Array(size);
    sc.dr = new Int32Array(size);
    sc.ds = new Int32Array(size);
    sc.de = new Int32Array(size);
    sc.keys = new Float64Array(size);
  }
  const { dl, dr, ds, de } = sc;
  const Lp = L + 1;
  if (ix.labelNames.length * R * Lp * Lp < Number.MAX_SAFE_INTEGER) {
    // One numeric key per span: sorting a Float64Array needs no comparator.
    const keys = sc.keys;
    let k = 0;
    let l = -1;
    let r = -1;
    let lastLabel: string | undefined;
    let lastRater: string | undefined;
    for (const s of docSpans) {
      if (s.end === s.start) continue;
      if (s.label !== lastLabel) l = ix.labelIndex.get((lastLabel = s.label))!;
      if (s.rater !== lastRater) r = ix.raterIndex.get((lastRater = s.rater))!;
      keys[k++] = ((l * R + r) * Lp + s.start) * Lp + s.end;
    }
    const sorted = keys.subarray(0, n).sort();
    for (let k = 0; k < n; k++) {
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
    for (const s of docSpans)
      if (s.end !== s.start) rows.push([ix.labelIndex.get(s.label)!, ix.raterIndex.get(s.rater)!, s.start, s.end]);
    rows.sort((x, y) => x[0] - y[0] || x[1] - y[1] || x[2] - y[2] || x[3] - y[3]);
    for (let k = 0; k < n; k++) {
      const x = rows[k]!;
      dl[k] = x[0];
      dr[k] = x[1];
      ds[k] = x[2];
      de[k] = x[3];
    }
  }
}

/**
 * Per group g = (local label li, local rater r), g = li * R + r: the deduplicated raw spans
 * (`rawBuf` from `rawFrom[g]`, `rawCount[g]` of them) and the merged units (`mBuf`, `mFrom`, `mCount`),
 * flat `[start, end, ...]`. The buffers belong to the scratch and are valid until the next document.
 */
interface Groups {
  readonly labelSpans: Int32Array;
  readonly rawFrom: Int32Array;
  readonly rawCount: Int32Array;
  readonly rawBuf: Int32Array;
  readonly mFrom: Int32Array;
  readonly mCount: Int32Array;
  readonly mBuf: Int32Array;
  readonly units: number;
}

function groupUnits(ix: DocIndex, sc: Scratch): Groups {
  const nDocSpans = ix.spans;
  const NDL = ix.labelNames.length;
  const R = ix.raterNames.length;
  const { dl, dr, ds, de } = sc;
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
  let units = 0;
  for (let g = 0; g < G; g++) units += mCount[g]!;
  return { labelSpans, rawFrom, rawCount, rawBuf, mFrom, mCount, mBuf, units };
}

interface UnitizingPhase {
  readonly labelAlphas: AlphaResult[];
  readonly docAlpha: AlphaResult;
  readonly pairSums: Float64Array | null;
  readonly unitFrom: Int32Array | null;
  readonly unitLens: Int32Array | null;
  readonly gapFrom: Int32Array | null;
  readonly gapLens: Int32Array | null;
  readonly edgeGaps: Int32Array | null;
}

/** Unitizing alpha per label and pooled; for compared documents also the corpus statistics per label. */
function unitizingPhase(
  g: Groups,
  NDL: number,
  R: number,
  L: number,
  isCompared: boolean,
  sc: Scratch,
): UnitizingPhase {
  const { mBuf, mFrom, mCount } = g;
  const unitLens = sc.unitLens;
  const gapLens = sc.gapLens;
  const labelParts: UnitizingParts[] = [];
  const labelAlphas: AlphaResult[] = [];
  const pairSums = isCompared ? new Float64Array(NDL) : null;
  const unitFrom = isCompared ? new Int32Array(NDL + 1) : null;
  const gapFrom = isCompared ? new Int32Array(NDL + 1) : null;
  const edgeGaps = isCompared ? new Int32Array(2 * NDL * R) : null;
  const allUnits: number[] = [];
  const allGaps: number[] = [];
  for (let li = 0; li < NDL; li++) {
    let pairSum = 0;
    unitLens.length = 0;
    gapLens.length = 0;
    for (let r = 0; r < R; r++) {
      const gi = li * R + r;
      const f = mFrom[gi]!;
      const c = mCount[gi]!;
      for (let u = 0; u < c; u++) unitLens.push(mBuf[f + 2 * u + 1]! - mBuf[f + 2 * u]!);
      pushGaps(mBuf, f, c, L, gapLens);
      if (edgeGaps) {
        edgeGaps[2 * gi] = c === 0 ? L : mBuf[f]!;
        edgeGaps[2 * gi + 1] = c === 0 ? L : L - mBuf[f + 2 * c - 1]!;
      }
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
  return {
    labelAlphas,
    docAlpha: pooledUnitizingAlpha(labelParts, R),
    pairSums,
    unitFrom,
    unitLens: isCompared ? Int32Array.from(allUnits) : null,
    gapFrom,
    gapLens: isCompared ? Int32Array.from(allGaps) : null,
    edgeGaps,
  };
}

/** Exact and overlap F1 per rater pair (r1 < r2) of the document, and the credits per pair and label. */
function f1Phase(g: Groups, NDL: number, raterNames: readonly string[], sc: Scratch) {
  const R = raterNames.length;
  const { rawBuf, rawFrom, rawCount, mBuf, mFrom, mCount } = g;
  const pairs: DocumentPairReport[] = [];
  let pairCredits: Float64Array | null = null;
  if (R < 2) return { pairs, pairCredits };
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
      pairs.push({
        raterA: raterNames[r1]!,
        raterB: raterNames[r2]!,
        exactF1: f1Of(docPair, 0, true),
        overlapF1: f1Of(docPair, 0, false),
      });
    }
  }
  return { pairs, pairCredits };
}

interface CodingPhase {
  readonly overall: CodingPair;
  readonly perLabel: CodingPair[];
  readonly stats: ItemStats | null;
}

function binScratchFor(R: number, sc: Scratch): Float64Array {
  const size = (R + 1) * (R + 1);
  if (sc.binScratch.length < size) sc.binScratch = new Float64Array(size);
  return sc.binScratch;
}

/** Character level: a sweep over the unit boundaries of all raters; a run of unchanged label sets is one weighted item. */
function characterPhase(
  docName: string,
  g: Groups,
  NDL: number,
  R: number,
  L: number,
  isCompared: boolean,
  sc: Scratch,
): CodingPhase {
  if (!isCompared)
    return { overall: tooFewRaters(R), perLabel: Array.from({ length: NDL }, () => tooFewRaters(R)), stats: null };
  const { mBuf, mFrom, mCount } = g;
  const W = Math.max(1, Math.ceil(NDL / 32));
  const G = NDL * R;
  const binScratch = binScratchFor(R, sc);
  let ne = 0;
  for (let gi = 0; gi < G; gi++) ne += 2 * mCount[gi]!;
  if (sc.events.length < ne) sc.events = new Float64Array(Math.max(ne, sc.events.length * 2));
  const events = sc.events;
  const P = R * NDL;
  const P2 = 2 * P;
  if ((L + 1) * P2 > Number.MAX_SAFE_INTEGER) {
    throw new SpanAgreementInputError(
      `document "${docName}": too long for the boundary sweep (length x raters x labels)`,
    );
  }
  let e = 0;
  for (let li = 0; li < NDL; li++) {
    for (let r = 0; r < R; r++) {
      const gi = li * R + r;
      const payload = r * NDL + li;
      const f = mFrom[gi]!;
      for (let u = 0; u < mCount[gi]!; u++) {
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
  return {
    overall: charAcc.coefficients(R),
    perLabel: Array.from({ length: NDL }, (_, li) => binaryForDocument(charSink, li, R, binScratch)),
    stats: { acc: charAcc, hist: charSink.hist, totalWeight: charSink.totalWeight },
  };
}

/** Token level over the tokens in `sc.tokBuf` (tokenized when the length was resolved). */
function tokenPhase(
  g: Groups,
  NDL: number,
  R: number,
  hasText: boolean,
  isCompared: boolean,
  sc: Scratch,
): CodingPhase & { tokens: number | null } {
  if (!hasText)
    return { overall: noText(R), perLabel: Array.from({ length: NDL }, () => noText(R)), stats: null, tokens: null };
  const tokBuf = sc.tokBuf;
  const T = tokBuf.count;
  if (!isCompared)
    return {
      overall: tooFewRaters(R),
      perLabel: Array.from({ length: NDL }, () => tooFewRaters(R)),
      stats: null,
      tokens: T,
    };
  const { mBuf, mFrom, mCount } = g;
  const W = Math.max(1, Math.ceil(NDL / 32));
  const binScratch = binScratchFor(R, sc);
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
      const gi = li * R + r;
      const f = mFrom[gi]!;
      for (let u = 0; u < mCount[gi]!; u++) {
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
  return {
    overall: tokAcc.coefficients(R),
    perLabel: Array.from({ length: NDL }, (_, li) => binaryForDocument(tokSink, li, R, binScratch)),
    stats: { acc: tokAcc, hist: tokSink.hist, totalWeight: tokSink.totalWeight },
    tokens: T,
  };
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

/** One document's partial, phase by phase. Spans are checked by the caller ({@link checkSpan}). */
export function buildPartial(
  docName: string,
  docSpans: readonly Span[],
  declared: number | undefined,
  text: string | undefined,
  declaredRaters: readonly string[] | undefined,
  sc: Scratch,
  profile: SpanAgreementProfile | undefined,
): SpanDocumentPartial {
  const laps = new Laps(profile);
  const ix = indexDocument(docSpans, declaredRaters);
  const NDL = ix.labelNames.length;
  const R = ix.raterNames.length;
  laps.lap("prepare");
  // Tokenize up front: it also yields the text length in code points.
  const textLength = text === undefined ? -1 : tokenizeInto(text, sc.tokBuf).length;
  laps.lap("token");
  const L = resolveLength(docName, ix, declared, textLength, declaredRaters);
  const isCompared = R >= 2 && L > 0;
  sortSpans(docSpans, ix, L, sc);
  const groups = groupUnits(ix, sc);
  laps.lap("prepare");
  const u = unitizingPhase(groups, NDL, R, L, isCompared, sc);
  laps.lap("unitizing");
  const { pairs, pairCredits } = f1Phase(groups, NDL, ix.raterNames, sc);
  laps.lap("f1");
  const character = characterPhase(docName, groups, NDL, R, L, isCompared, sc);
  laps.lap("character");
  const token = tokenPhase(groups, NDL, R, text !== undefined, isCompared, sc);
  laps.lap("token");
  const labels: DocumentLabelReport[] = [];
  for (let li = 0; li < NDL; li++) {
    let units = 0;
    for (let r = 0; r < R; r++) units += groups.mCount[li * R + r]!;
    labels.push({
      label: ix.labelNames[li]!,
      spans: groups.labelSpans[li]!,
      units,
      unitizingAlpha: u.labelAlphas[li]!,
      token: token.perLabel[li]!,
      character: character.perLabel[li]!,
    });
  }
  const report: DocumentReport = {
    document: docName,
    length: L,
    raters: ix.raterNames,
    spans: ix.spans,
    units: groups.units,
    tokens: token.tokens,
    unitizingAlpha: u.docAlpha,
    token: token.overall,
    character: character.overall,
    labels,
    pairs,
  };
  laps.lap("corpus");
  return {
    document: docName,
    report,
    labels: ix.labelNames,
    raters: ix.raterNames,
    ignoredEmptySpans: ix.ignoredEmptySpans,
    compared: isCompared,
    pairSums: u.pairSums,
    unitFrom: u.unitFrom,
    unitLens: u.unitLens,
    gapFrom: u.gapFrom,
    gapLens: u.gapLens,
    edgeGaps: u.edgeGaps,
    character: character.stats,
    token: token.stats,
    pairCredits,
  };
}
