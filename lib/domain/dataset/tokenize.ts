/**
 * Tokens for sequence-labelling exports (BIO / CoNLL), by the tokenizer token-level agreement uses too.
 *
 * Rule (see lib/domain/offsets/tokenize.ts), in order of precedence:
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
import { TokenBuffer, tokenizeInto } from "../offsets/tokenize";

export interface Token {
  text: string;
  start: number;
  end: number;
  /** True when the whitespace before this token contains a "\n" (used for sentence splitting). */
  lineBreakBefore: boolean;
}

const buffer = new TokenBuffer();

/** The tokens of `text` by the shared rule (`lib/domain/offsets/tokenize.ts`), with their text. */
export function tokenize(text: string): Token[] {
  const t = tokenizeInto(text, buffer);
  const tokens: Token[] = new Array(t.count);
  for (let k = 0; k < t.count; k++)
    tokens[k] = {
      text: text.slice(t.unitStarts[k]!, t.unitEnds[k]!),
      start: t.starts[k]!,
      end: t.ends[k]!,
      lineBreakBefore: t.lineBreakBefore[k] === 1,
    };
  return tokens;
}
