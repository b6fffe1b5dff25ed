/**
 * Adjusting span edges: whitespace trimming and snapping to word boundaries.
 * Inputs and outputs are code-point offsets. Invalid ranges (non-integer,
 * out of bounds, start > end) throw RangeError. Both functions return null
 * when nothing but whitespace (or nothing at all) remains.
 *
 * Word rules used by `snapToWords` (a "boundary" is a position the edges may
 * stop at; edges only ever move outward, then whitespace is trimmed):
 *  - word characters are Unicode letters, marks and numbers (\p{L}\p{M}\p{N});
 *  - an apostrophe (' or ’) or hyphen (-, U+2010, U+2011) joins a word only
 *    when it is INNER: a word char before it and a letter/number after it
 *    ("don't", "rock’n’roll", "Jean-Luc", "COVID-19"). En/em dashes never join.
 *    Leading/trailing apostrophes ("’90s", "students’") are not included.
 *  - "." is not a word char, so "U.S.-Ukraine" is the words "U", "S" and
 *    "Ukraine": a hyphen after "." is not inner. Selecting "Ukr" gives
 *    "Ukraine"; selecting "S.-Uk" gives "S.-Ukraine"; "U.S" stays "U.S".
 *  - never joins across "\n", so expansion never crosses a line break;
 *  - combining marks (\p{M}), ZWJ, variation selectors and emoji modifiers
 *    always stay with the preceding code point; ZWJ + pictograph and
 *    regional-indicator pairs (flags) are kept together, so an edge never
 *    lands inside "e\u0301", "👍🏽" or "👨‍👩‍👧" (approximation of grapheme
 *    clusters without Intl.Segmenter);
 *  - Han, Hiragana, Katakana, Thai, Lao, Khmer and Myanmar are written without
 *    spaces, so consecutive characters of those scripts are NOT joined (we have
 *    no dictionary segmentation); snapping inside them only keeps marks with
 *    their base instead of swallowing whole clauses.
 */
import { type TextSource, toOffsetIndex } from "./convert";
import {
  NEWLINE,
  cpAt,
  cpBefore,
  isApostrophe,
  isGraphemeExtender,
  isHyphen,
  isLetterOrNumber,
  isMark,
  isNoSpaceScript,
  isPictographic,
  isRegionalIndicator,
  isWhitespace,
  isWordChar,
  isZwj,
  widthAt,
  widthBefore,
} from "./chars";
import { assertRange } from "./range";

export interface CodePointSpan {
  start: number;
  end: number;
}

/** Trims Unicode White_Space from both edges. null if nothing remains. */
export function trimSpan(source: TextSource, start: number, end: number): CodePointSpan | null {
  const idx = toOffsetIndex(source);
  assertRange(start, end, idx.codePointLength);
  const r = trimUtf16(idx.text, idx.toUtf16(start), idx.toUtf16(end));
  return r && { start: idx.toCodePoint(r.start), end: idx.toCodePoint(r.end) };
}

/**
 * Trims White_Space from both edges. With `keepClusters`, a leading whitespace character that carries
 * combining marks (a space + mark is how a lone diacritic is written) is kept: trimming it alone would
 * leave the start inside its cluster, and trimming the marks too could drop what the user selected.
 */
function trimUtf16(text: string, us: number, ue: number, keepClusters = false): CodePointSpan | null {
  while (us < ue && isWhitespace(cpAt(text, us))) {
    const next = us + widthAt(text, us);
    if (keepClusters && next < ue && clustered(text, next)) break;
    us = next;
  }
  while (ue > us && isWhitespace(cpBefore(text, ue))) ue -= widthBefore(text, ue);
  return us < ue ? { start: us, end: ue } : null;
}

/**
 * Expands both edges outward to word boundaries (rules in the module doc),
 * never across "\n", then trims whitespace (but not a space that carries a combining mark, which
 * would cut their cluster). A collapsed range (start === end)
 * inside a word selects that word. null if the result is empty.
 */
export function snapToWords(source: TextSource, start: number, end: number): CodePointSpan | null {
  const idx = toOffsetIndex(source);
  assertRange(start, end, idx.codePointLength);
  const text = idx.text;
  let us = idx.toUtf16(start);
  let ue = idx.toUtf16(end);
  while (us > 0 && joined(text, us)) us -= widthBefore(text, us);
  while (ue < text.length && joined(text, ue)) ue += widthAt(text, ue);
  const r = trimUtf16(text, us, ue, true);
  return r && { start: idx.toCodePoint(r.start), end: idx.toCodePoint(r.end) };
}

/** True if UTF-16 boundary `u` (0 < u < length) lies inside a grapheme cluster (approximation, see above). */
function clustered(text: string, u: number): boolean {
  const a = cpBefore(text, u);
  const b = cpAt(text, u);
  if (a < 0 || b < 0 || a === NEWLINE || b === NEWLINE) return false;
  // Grapheme-cluster glue: marks, ZWJ, variation selectors, skin tones.
  if (isMark(b) || isGraphemeExtender(b)) return true;
  if (isZwj(a) && isPictographic(b)) return true;
  if (isRegionalIndicator(a) && isRegionalIndicator(b)) {
    // Flags are RI pairs: join only if an odd number of RIs ends at `a`.
    let count = 0;
    let p = u;
    while (p > 0 && isRegionalIndicator(cpBefore(text, p))) {
      count++;
      p -= widthBefore(text, p);
    }
    return count % 2 === 1;
  }
  return false;
}

/** True if UTF-16 boundary `u` (0 < u < length) lies inside a word/cluster. */
function joined(text: string, u: number): boolean {
  if (clustered(text, u)) return true;
  const a = cpBefore(text, u);
  const b = cpAt(text, u);
  if (a < 0 || b < 0 || a === NEWLINE || b === NEWLINE) return false;
  if (isWordChar(a) && isWordChar(b)) return !isNoSpaceScript(a) && !isNoSpaceScript(b);
  // Inner apostrophe / hyphen: word char before, letter/number after.
  if ((isApostrophe(b) || isHyphen(b)) && isWordChar(a)) {
    const next = cpAt(text, u + widthAt(text, u));
    return next >= 0 && isLetterOrNumber(next);
  }
  if ((isApostrophe(a) || isHyphen(a)) && isLetterOrNumber(b)) {
    const prev = cpBefore(text, u - widthBefore(text, u));
    return prev >= 0 && isWordChar(prev);
  }
  return false;
}

/** One step of a text cursor: a character (a whole cluster, never half a surrogate pair) or a word. */
export type CaretUnit = "char" | "word";

/**
 * Where a text cursor at code point `at` lands after one step forward (+1) or back (-1): by character,
 * the next grapheme-cluster boundary (a combining mark, skin tone or flag half is never left behind);
 * by word, the end of the next word (forward) or the start of the previous one (back), by the word rules
 * of `snapToWords`. Clamped to the text.
 */
export function stepCaret(source: TextSource, at: number, direction: 1 | -1, unit: CaretUnit): number {
  const idx = toOffsetIndex(source);
  assertRange(at, at, idx.codePointLength);
  const text = idx.text;
  let u = idx.toUtf16(at);
  const forward = () => {
    u += widthAt(text, u);
    while (u < text.length && clustered(text, u)) u += widthAt(text, u);
  };
  const back = () => {
    u -= widthBefore(text, u);
    while (u > 0 && clustered(text, u)) u -= widthBefore(text, u);
  };
  if (unit === "char") {
    if (direction === 1 && u < text.length) forward();
    if (direction === -1 && u > 0) back();
    return idx.toCodePoint(u);
  }
  if (direction === 1) {
    while (u < text.length && !isWordChar(cpAt(text, u))) forward();
    if (u < text.length) forward();
    while (u < text.length && joined(text, u)) forward();
  } else {
    while (u > 0 && !isWordChar(cpBefore(text, u))) back();
    if (u > 0) back();
    while (u > 0 && joined(text, u)) back();
  }
  return idx.toCodePoint(u);
}

/**
 * A span with one edge moved by a word: "start" -1 takes in the previous word, +1 lets go of the first
 * word; "end" +1 takes in the next word, -1 lets go of the last. Whitespace is trimmed; null when the
 * span would be empty or would not change.
 */
export function moveEdge(
  source: TextSource,
  span: CodePointSpan,
  edge: "start" | "end",
  direction: 1 | -1,
): CodePointSpan | null {
  const idx = toOffsetIndex(source);
  assertRange(span.start, span.end, idx.codePointLength);
  let { start, end } = span;
  if (edge === "start" && direction === -1) start = stepCaret(idx, start, -1, "word");
  // Past the end of the first word, then on to the start of the next one.
  if (edge === "start" && direction === 1)
    start = stepCaret(idx, stepCaret(idx, stepCaret(idx, start, 1, "word"), 1, "word"), -1, "word");
  if (edge === "end" && direction === 1) end = stepCaret(idx, end, 1, "word");
  if (edge === "end" && direction === -1)
    end = stepCaret(idx, stepCaret(idx, stepCaret(idx, end, -1, "word"), -1, "word"), 1, "word");
  if (start >= end) return null;
  const trimmed = trimSpan(idx, start, end);
  if (!trimmed || (trimmed.start === span.start && trimmed.end === span.end)) return null;
  return trimmed;
}
/**
 * True if code-point boundary `cp` lies inside a word or a character cluster (the rules of
 * `snapToWords`), so a span edge there would cut it. The text's ends and line breaks never do.
 */
export function cutsWord(source: TextSource, cp: number): boolean {
  const idx = toOffsetIndex(source);
  assertRange(cp, cp, idx.codePointLength);
  const u = idx.toUtf16(cp);
  return u > 0 && u < idx.text.length && joined(idx.text, u);
}

/**
 * Moves a span edge at `cp` one step towards `dir` (-1 left, +1 right): one code point ("char"), or
 * to the next place where a span's start ("start": before a word) or end ("end": after a word) may
 * stand, skipping whitespace and never stopping inside a word. Clamped to [0, length].
 */
export function stepEdge(source: TextSource, cp: number, dir: -1 | 1, mode: "char" | "start" | "end"): number {
  const idx = toOffsetIndex(source);
  assertRange(cp, cp, idx.codePointLength);
  const text = idx.text;
  let u = idx.toUtf16(cp);
  const move = () => {
    u = dir > 0 ? Math.min(text.length, u + widthAt(text, u)) : Math.max(0, u - widthBefore(text, u));
  };
  move();
  if (mode === "char") return idx.toCodePoint(u);
  // A start stands before a word (not before whitespace), an end after one (not after whitespace).
  const misplaced = (at: number) =>
    joined(text, at) || isWhitespace(mode === "start" ? cpAt(text, at) : cpBefore(text, at));
  while (u > 0 && u < text.length && misplaced(u)) move();
  return idx.toCodePoint(u);
}
