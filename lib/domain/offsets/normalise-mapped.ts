/**
 * Text normalisation for imports (CRLF / lone CR -> "\n", then NFC) together with
 * a map from raw code-point offsets to normalised code-point offsets.
 *
 * The raw text is cut into *chunks* that normalise independently: a chunk starts
 * at every code point except combining marks (\p{M}) and Hangul medial/final jamo
 * (which compose with what precedes them), and "\r\n" is one chunk. Adjacent
 * chunks whose normalisation interacts are merged (checked pairwise), so
 * normalise(raw) === concatenation of normalise(chunk). Offsets on a chunk
 * boundary map exactly; offsets inside a chunk (between "\r" and "\n", or between
 * a base letter and its accent) have no exact image and are widened: a start
 * moves to the chunk's start, an end to the chunk's end.
 */
import { codePointLength, normaliseText } from "./text";

export interface MappedOffset {
  offset: number;
  /** False when the raw offset fell inside a chunk and was widened. */
  exact: boolean;
}

export interface NormalisedText {
  /** Normalised text ("\n" newlines, NFC). */
  text: string;
  rawLength: number;
  length: number;
  /** True when normalisation changed nothing (offsets map to themselves). */
  identity: boolean;
  /** Map a raw code-point offset used as a span start (0..rawLength). */
  mapStart(rawOffset: number): MappedOffset;
  /** Map a raw code-point offset used as a span end (0..rawLength). */
  mapEnd(rawOffset: number): MappedOffset;
}

const CONTINUES = /^[\p{M}\u1160-\u11FF\uD7B0-\uD7FF]$/u;
const ASCII = /^\p{ASCII}$/u;

export function normaliseMapped(raw: string): NormalisedText {
  const text = normaliseText(raw);
  const rawLength = codePointLength(raw);
  if (text === raw) {
    const same = (o: number): MappedOffset => ({ offset: clamp(o, rawLength), exact: true });
    return { text, rawLength, length: rawLength, identity: true, mapStart: same, mapEnd: same };
  }

  // 1. Candidate chunks.
  const cps = Array.from(raw);
  const pieces: string[] = [];
  const rawStarts: number[] = [];
  for (let i = 0; i < cps.length; i++) {
    const c = cps[i] ?? "";
    if (c === "\r" && cps[i + 1] === "\n") {
      pieces.push("\r\n");
      rawStarts.push(i);
      i++;
    } else if (pieces.length > 0 && CONTINUES.test(c)) {
      pieces[pieces.length - 1] += c;
    } else {
      pieces.push(c);
      rawStarts.push(i);
    }
  }

  // 2. Merge chunks whose normalisation interacts with the previous chunk.
  const mStarts: number[] = [];
  const mRaw: string[] = [];
  const mNorm: string[] = [];
  pieces.forEach((p, k) => {
    const norm = normaliseText(p);
    const last = mRaw.length - 1;
    const prevRaw = mRaw[last];
    if (prevRaw !== undefined && !ASCII.test(p)) {
      const joined = normaliseText(prevRaw + p);
      if (joined !== (mNorm[last] ?? "") + norm) {
        mRaw[last] = prevRaw + p;
        mNorm[last] = joined;
        return;
      }
    }
    mStarts.push(rawStarts[k] ?? 0);
    mRaw.push(p);
    mNorm.push(norm);
  });

  // 3. Boundary tables (with end sentinels).
  let normStarts: number[] = [];
  let acc = 0;
  for (const n of mNorm) {
    normStarts.push(acc);
    acc += codePointLength(n);
  }
  let starts = mStarts;
  if (mNorm.join("") !== text) {
    // Should be unreachable; fall back to one chunk (every inner offset inexact).
    starts = [0];
    normStarts = [0];
    acc = codePointLength(text);
  }
  starts = [...starts, rawLength];
  normStarts.push(acc);
  const length = acc;

  const locate = (o: number): number => {
    // Largest k with starts[k] <= o.
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if ((starts[mid] ?? 0) <= o) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const map = (o: number, widenUp: boolean): MappedOffset => {
    const r = clamp(o, rawLength);
    const k = locate(r);
    if (starts[k] === r) return { offset: normStarts[k] ?? length, exact: true };
    return { offset: (widenUp ? normStarts[k + 1] : normStarts[k]) ?? length, exact: false };
  };
  return {
    text,
    rawLength,
    length,
    identity: false,
    mapStart: (o) => map(o, false),
    mapEnd: (o) => map(o, true),
  };
}

function clamp(o: number, max: number): number {
  return Math.min(Math.max(0, Math.trunc(o)), max);
}
