/**
 * Tokenizer for token-level agreement. Offsets are Unicode code points
 * (not UTF-16 units), half-open [start, end).
 *
 * A token is either
 *  - a maximal run of word characters: letters, marks and numbers
 *    (`\p{L}`, `\p{M}`, `\p{N}`), e.g. "don" "'" "t", "3.5" -> "3" "." "5",
 *    "naïve" (with a combining diaeresis) is one token; or
 *  - any other single code point that is not whitespace (punctuation,
 *    symbols, emoji code points: each its own token).
 * Whitespace (JavaScript `\s`: Unicode White_Space plus U+FEFF) separates
 * tokens and is never part of one. No normalization is applied.
 *
 * O(text length); ASCII is classified from a table, other code points by a
 * Unicode-property regex whose answers are cached.
 */

const WHITESPACE = 0;
const WORD = 1;
const OTHER = 2;

const ASCII_CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  ASCII_CLASS[c] = /\s/.test(ch) ? WHITESPACE : /[\p{L}\p{M}\p{N}]/u.test(ch) ? WORD : OTHER;
}
const WORD_RE = /^[\p{L}\p{M}\p{N}]$/u;
const SPACE_RE = /^\s$/u;
const classCache = new Map<number, number>();

function classify(cp: number): number {
  if (cp < 128) return ASCII_CLASS[cp]!;
  let c = classCache.get(cp);
  if (c === undefined) {
    const ch = String.fromCodePoint(cp);
    c = SPACE_RE.test(ch) ? WHITESPACE : WORD_RE.test(ch) ? WORD : OTHER;
    if (classCache.size < 65536) classCache.set(cp, c);
  }
  return c;
}

/** Token boundaries of one text, in code points. */
export interface Tokens {
  readonly count: number;
  /** Token starts, ascending; only the first `count` entries are meaningful. */
  readonly starts: Int32Array;
  /** Token ends (exclusive), ascending. */
  readonly ends: Int32Array;
  /** Length of the text in code points. */
  readonly length: number;
}

/** Reusable output buffers for {@link tokenizeInto}. */
export class TokenBuffer implements Tokens {
  count = 0;
  length = 0;
  starts = new Int32Array(1024);
  ends = new Int32Array(1024);

  push(start: number, end: number): void {
    if (this.count === this.starts.length) {
      const s = new Int32Array(this.starts.length * 2);
      s.set(this.starts);
      this.starts = s;
      const e = new Int32Array(this.ends.length * 2);
      e.set(this.ends);
      this.ends = e;
    }
    this.starts[this.count] = start;
    this.ends[this.count] = end;
    this.count++;
  }
}

/** Tokenize `text` into `out` (reset first). Returns `out`. */
export function tokenizeInto(text: string, out: TokenBuffer): TokenBuffer {
  out.count = 0;
  let cpIndex = 0;
  let runStart = -1; // start (code points) of the current word run, or -1
  const n = text.length;
  for (let i = 0; i < n; i++) {
    let cp = text.charCodeAt(i);
    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < n) {
      const lo = text.charCodeAt(i + 1);
      if (lo >= 0xdc00 && lo <= 0xdfff) {
        cp = (cp - 0xd800) * 0x400 + (lo - 0xdc00) + 0x10000;
        i++;
      }
    }
    const cls = classify(cp);
    if (cls === WORD) {
      if (runStart < 0) runStart = cpIndex;
    } else {
      if (runStart >= 0) {
        out.push(runStart, cpIndex);
        runStart = -1;
      }
      if (cls === OTHER) out.push(cpIndex, cpIndex + 1);
    }
    cpIndex++;
  }
  if (runStart >= 0) out.push(runStart, cpIndex);
  out.length = cpIndex;
  return out;
}

/** Tokenize `text`; fresh arrays trimmed to the token count. */
export function tokenize(text: string): Tokens {
  const buf = tokenizeInto(text, new TokenBuffer());
  return {
    count: buf.count,
    starts: buf.starts.slice(0, buf.count),
    ends: buf.ends.slice(0, buf.count),
    length: buf.length,
  };
}

/** Length of a string in code points. O(length). */
export function codePointLength(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const lo = text.charCodeAt(i + 1);
      if (lo >= 0xdc00 && lo <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}
