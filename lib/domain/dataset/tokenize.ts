/**
 * Tokenizer for sequence-labelling exports (BIO / CoNLL).
 *
 * Rule, in order of precedence:
 *  1. A *word* is a maximal run of Unicode letters, marks and numbers
 *     (\p{L}\p{M}\p{N}), which may contain apostrophes (U+0027 ' or U+2019 ’)
 *     *between* two such characters: "don't", "l’homme", "O'Neill" are one token;
 *     a leading/trailing apostrophe is its own token.
 *  2. Every other non-whitespace code point is its own token ("3.5" -> 3 . 5,
 *     "👍🏽" -> 👍 🏽, a ZWJ emoji sequence -> one token per code point).
 *  3. Whitespace (JS \s: Unicode White_Space plus U+FEFF) separates tokens and is dropped.
 *
 * Offsets are [start, end) in code points of the input, like span offsets.
 * Language-neutral and deterministic; no sentence or clitic splitting.
 */

export interface Token {
  text: string;
  start: number;
  end: number;
  /** True when the whitespace before this token contains a "\n" (used for sentence splitting). */
  lineBreakBefore: boolean;
}

const TOKEN = /[\p{L}\p{M}\p{N}]+(?:['\u2019][\p{L}\p{M}\p{N}]+)*|\S/gu;

function countCodePoints(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < to) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let unit = 0;
  let cp = 0;
  for (const m of text.matchAll(TOKEN)) {
    const at = m.index;
    const gapHasNewline = text.slice(unit, at).includes("\n");
    cp += countCodePoints(text, unit, at);
    const len = countCodePoints(m[0], 0, m[0].length);
    tokens.push({ text: m[0], start: cp, end: cp + len, lineBreakBefore: tokens.length > 0 && gapHasNewline });
    cp += len;
    unit = at + m[0].length;
  }
  return tokens;
}
