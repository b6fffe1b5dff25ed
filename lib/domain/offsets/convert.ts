/**
 * Conversion between UTF-16 code-unit indices (JS string indices, DOM Range
 * offsets) and Unicode code-point indices (the span contract, = Python).
 *
 * Surrogate-pair rule: a UTF-16 index that falls *inside* a surrogate pair
 * (between the high and low half) is not a code-point boundary. It is resolved
 * deterministically by `bias`:
 *   - "start" (default): round DOWN to the pair's start (the emoji is included
 *     when used as a span start),
 *   - "end": round UP to the pair's end (the emoji is included when used as a
 *     span end).
 * So a DOM selection that clips half an emoji always widens to the whole
 * code point, never narrows.
 *
 * Lone surrogates count as one code point each (same as `Array.from`).
 * Out-of-range or non-integer indices throw `RangeError`.
 */
import { codePointLength, isHighSurrogate, isLowSurrogate } from "./text";

export type Bias = "start" | "end";

function assertIndex(name: string, value: number, max: number): void {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new RangeError(`${name} must be an integer in [0, ${max}], got ${String(value)}`);
  }
}

/**
 * Precomputed offset index for one text. Construction is O(n); each
 * conversion is O(log p) where p is the number of surrogate pairs (O(1) when
 * the text has none, e.g. plain BMP text).
 */
export class OffsetIndex {
  readonly text: string;
  /** Length in UTF-16 code units (`text.length`). */
  readonly utf16Length: number;
  /** Length in code points (Python `len`). */
  readonly codePointLength: number;
  /** UTF-16 index of the high surrogate of each surrogate pair, ascending. */
  private readonly pairUtf16: Int32Array;
  /** Code-point index of each surrogate pair, ascending (pairUtf16[j] - j). */
  private readonly pairCp: Int32Array;

  constructor(text: string) {
    this.text = text;
    const n = text.length;
    const positions: number[] = [];
    for (let i = 0; i < n - 1; i++) {
      if (isHighSurrogate(text.charCodeAt(i)) && isLowSurrogate(text.charCodeAt(i + 1))) {
        positions.push(i);
        i++;
      }
    }
    this.pairUtf16 = Int32Array.from(positions);
    this.pairCp = Int32Array.from(positions, (p, j) => p - j);
    this.utf16Length = n;
    this.codePointLength = n - positions.length;
  }

  /** True if the text has no surrogate pairs (UTF-16 index === code-point index). */
  get isIdentity(): boolean {
    return this.pairUtf16.length === 0;
  }

  /** True if `utf16Index` sits between the two halves of a surrogate pair. */
  isInsidePair(utf16Index: number): boolean {
    assertIndex("utf16Index", utf16Index, this.utf16Length);
    const k = lowerBound(this.pairUtf16, utf16Index);
    return k > 0 && this.pairUtf16[k - 1] === utf16Index - 1;
  }

  /** UTF-16 index -> code-point index. See module doc for `bias`. */
  toCodePoint(utf16Index: number, bias: Bias = "start"): number {
    assertIndex("utf16Index", utf16Index, this.utf16Length);
    if (this.pairUtf16.length === 0) return utf16Index;
    // k = number of pairs whose high surrogate is strictly before utf16Index.
    const k = lowerBound(this.pairUtf16, utf16Index);
    const cp = utf16Index - k;
    if (k > 0 && this.pairUtf16[k - 1] === utf16Index - 1) {
      // Inside pair k-1, whose code-point index is cp.
      return bias === "end" ? cp + 1 : cp;
    }
    return cp;
  }

  /** UTF-16 index -> code point, rounding down inside a pair (for span starts). */
  toCodePointStart(utf16Index: number): number {
    return this.toCodePoint(utf16Index, "start");
  }

  /** UTF-16 index -> code point, rounding up inside a pair (for span ends). */
  toCodePointEnd(utf16Index: number): number {
    return this.toCodePoint(utf16Index, "end");
  }

  /** Code-point index -> UTF-16 index (always on a code-point boundary). */
  toUtf16(cpIndex: number): number {
    assertIndex("cpIndex", cpIndex, this.codePointLength);
    if (this.pairCp.length === 0) return cpIndex;
    // Each pair that starts before cpIndex adds one extra code unit.
    return cpIndex + lowerBound(this.pairCp, cpIndex);
  }

  /**
   * Convert a UTF-16 range (e.g. from a DOM Range) to a code-point span,
   * widening any edge that splits a surrogate pair.
   */
  rangeToCodePoints(utf16Start: number, utf16End: number): { start: number; end: number } {
    if (utf16Start > utf16End) {
      throw new RangeError(`utf16Start (${utf16Start}) must be <= utf16End (${utf16End})`);
    }
    return { start: this.toCodePointStart(utf16Start), end: this.toCodePointEnd(utf16End) };
  }

  /** Code-point span -> UTF-16 range, for `String.prototype.slice` / DOM. */
  rangeToUtf16(cpStart: number, cpEnd: number): { start: number; end: number } {
    if (cpStart > cpEnd) throw new RangeError(`start (${cpStart}) must be <= end (${cpEnd})`);
    return { start: this.toUtf16(cpStart), end: this.toUtf16(cpEnd) };
  }

  /** Substring by code points; equals Python `text[start:end]` for valid ranges. */
  slice(cpStart: number, cpEnd: number): string {
    const r = this.rangeToUtf16(cpStart, cpEnd);
    return this.text.slice(r.start, r.end);
  }
}

/** Number of elements in sorted `arr` strictly less than `value`. */
function lowerBound(arr: Int32Array, value: number): number {
  let lo = 0;
  let hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((arr[mid] as number) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Anything the offset helpers accept: a raw string or a prebuilt index. */
export type TextSource = string | OffsetIndex;

let cachedText: string | undefined;
let cachedIndex: OffsetIndex | undefined;

/**
 * Returns an OffsetIndex for `source`. Strings are indexed in O(n); the most
 * recent string is cached, so repeated one-off calls on the same text are cheap.
 * For bulk work, build an `OffsetIndex` once and pass it instead of the string.
 */
export function toOffsetIndex(source: TextSource): OffsetIndex {
  if (typeof source !== "string") return source;
  if (cachedIndex !== undefined && cachedText === source) return cachedIndex;
  const idx = new OffsetIndex(source);
  cachedText = source;
  cachedIndex = idx;
  return idx;
}

/** One-off UTF-16 -> code-point conversion. O(n). See module doc for `bias`. */
export function utf16ToCodePoint(text: string, utf16Index: number, bias: Bias = "start"): number {
  assertIndex("utf16Index", utf16Index, text.length);
  let cp = 0;
  let i = 0;
  while (i < utf16Index) {
    const pair = i + 1 < text.length && isHighSurrogate(text.charCodeAt(i)) && isLowSurrogate(text.charCodeAt(i + 1));
    if (pair && i + 1 === utf16Index) return bias === "end" ? cp + 1 : cp;
    i += pair ? 2 : 1;
    cp++;
  }
  return cp;
}

/** One-off code-point -> UTF-16 conversion. O(n). */
export function codePointToUtf16(text: string, cpIndex: number): number {
  if (!Number.isInteger(cpIndex) || cpIndex < 0) {
    throw new RangeError(`cpIndex must be a non-negative integer, got ${String(cpIndex)}`);
  }
  let i = 0;
  for (let cp = 0; cp < cpIndex; cp++) {
    if (i >= text.length) {
      throw new RangeError(`cpIndex ${cpIndex} exceeds text length ${codePointLength(text)} (code points)`);
    }
    const pair = i + 1 < text.length && isHighSurrogate(text.charCodeAt(i)) && isLowSurrogate(text.charCodeAt(i + 1));
    i += pair ? 2 : 1;
  }
  return i;
}

/**
 * Substring by code points: `sliceCodePoints(t, s, e)` equals Python's
 * `t[s:e]` and `Array.from(t).slice(s, e).join("")` for 0 <= s <= e <= len.
 * Unlike Python, out-of-range / negative / reversed indices throw RangeError
 * instead of clamping or wrapping. Accepts an OffsetIndex for O(log n).
 */
export function sliceCodePoints(source: TextSource, start: number, end: number): string {
  return toOffsetIndex(source).slice(start, end);
}
