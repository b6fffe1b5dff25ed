/**
 * The tokenizer: one rule for the BIO / CoNLL export and for token-level agreement, so agreement is
 * measured on the tokens people train on.
 *
 * Rule, in order of precedence:
 *  1. A *word* is a maximal run of Unicode letters, marks and numbers (\p{L}\p{M}\p{N}), which may contain
 *     apostrophes (U+0027 ' or U+2019 ’) *between* two such characters: "don't", "l’homme", "O'Neill" are one
 *     token; a leading or trailing apostrophe is its own token.
 *  2. Every other non-whitespace code point is its own token ("3.5" -> 3 . 5, "👍🏽" -> 👍 🏽, a ZWJ emoji
 *     sequence -> one token per code point).
 *  3. Whitespace (JavaScript \s: Unicode White_Space plus U+FEFF) separates tokens and is dropped.
 * Offsets are [start, end) in code points of the input, like span offsets; no normalisation is applied.
 * Language-neutral and deterministic; no sentence or clitic splitting.
 *
 * O(text length), no allocation per token: ASCII is classified from a table, other code points by a
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

const isApostrophe = (cp: number) => cp === 0x27 || cp === 0x2019;

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

function grown(a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

/**
 * Reusable output buffers for {@link tokenizeInto}: code-point boundaries of each token and, unless
 * `codePointsOnly` (token-level agreement needs no more), its UTF-16 boundaries and whether the whitespace
 * before it holds a line break (the BIO export starts a sentence there).
 */
export class TokenBuffer implements Tokens {
  readonly codePointsOnly: boolean;
  count = 0;
  length = 0;
  starts = new Int32Array(1024);
  ends = new Int32Array(1024);
  unitStarts: Int32Array<ArrayBuffer>;
  unitEnds: Int32Array<ArrayBuffer>;
  lineBreakBefore: Uint8Array<ArrayBuffer>;

  constructor(codePointsOnly = false) {
    this.codePointsOnly = codePointsOnly;
    const n = codePointsOnly ? 0 : 1024;
    this.unitStarts = new Int32Array(n);
    this.unitEnds = new Int32Array(n);
    this.lineBreakBefore = new Uint8Array(n);
  }

  push(start: number, end: number, unitStart: number, unitEnd: number, lineBreak: boolean): void {
    if (this.count === this.starts.length) {
      this.starts = grown(this.starts);
      this.ends = grown(this.ends);
    }
    if (this.codePointsOnly) {
      this.starts[this.count] = start;
      this.ends[this.count++] = end;
      return;
    }
    if (this.count === this.unitStarts.length) {
      this.unitStarts = grown(this.unitStarts);
      this.unitEnds = grown(this.unitEnds);
      const l = new Uint8Array(this.lineBreakBefore.length * 2);
      l.set(this.lineBreakBefore);
      this.lineBreakBefore = l;
    }
    const k = this.count++;
    this.starts[k] = start;
    this.ends[k] = end;
    this.unitStarts[k] = unitStart;
    this.unitEnds[k] = unitEnd;
    this.lineBreakBefore[k] = lineBreak && k > 0 ? 1 : 0;
  }
}

/** The code point at UTF-16 index `i` of `text` (a lone surrogate is itself) and its width in units. */
function codePointAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
    const lo = text.charCodeAt(i + 1);
    if (lo >= 0xdc00 && lo <= 0xdfff) return (c - 0xd800) * 0x400 + (lo - 0xdc00) + 0x10000;
  }
  return c;
}

/** Tokenize `text` into `out` (reset first). Returns `out`. */
export function tokenizeInto(text: string, out: TokenBuffer): TokenBuffer {
  out.count = 0;
  let cpIndex = 0;
  let runStart = -1; // start (code points) of the current word run, or -1
  let runUnit = 0;
  let newline = false; // a "\n" since the last token
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const at = i;
    let cp = text.charCodeAt(i);
    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < n) {
      const lo = text.charCodeAt(i + 1);
      if (lo >= 0xdc00 && lo <= 0xdfff) {
        cp = (cp - 0xd800) * 0x400 + (lo - 0xdc00) + 0x10000;
        i++;
      }
    }
    const cls = cp < 128 ? ASCII_CLASS[cp]! : classify(cp);
    if (cls === WORD) {
      if (runStart < 0) {
        runStart = cpIndex;
        runUnit = at;
      }
    } else if (runStart >= 0 && isApostrophe(cp) && i + 1 < n && classify(codePointAt(text, i + 1)) === WORD) {
      // an apostrophe between two word characters stays inside the word
    } else {
      if (runStart >= 0) {
        out.push(runStart, cpIndex, runUnit, at, newline);
        newline = false;
        runStart = -1;
      }
      if (cls === OTHER) {
        out.push(cpIndex, cpIndex + 1, at, i + 1, newline);
        newline = false;
      } else if (cp === 0x0a) newline = true;
    }
    cpIndex++;
  }
  if (runStart >= 0) out.push(runStart, cpIndex, runUnit, n, newline);
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
