/**
 * Test-only helpers (imported by *.test.ts only; not re-exported from index).
 *
 * REFERENCE MODEL: the span contract is Python's `text[start:end]` over code
 * points. In JS, `Array.from(text)` splits a string into code points exactly
 * like Python indexes a str (astral chars are one element; a lone surrogate is
 * one element), so Python `text[start:end]` corresponds to
 * `Array.from(text).slice(start, end).join("")` and Python `len(text)` to
 * `Array.from(text).length`.
 */
import fc from "fast-check";

export const pyLen = (text: string): number => Array.from(text).length;
export const pySlice = (text: string, start: number, end: number): string =>
  Array.from(text).slice(start, end).join("");

/** Tricky pieces: astral emoji, ZWJ sequences, marks, CJK, RTL, newlines, lone surrogates. */
export const PIECES = [
  "a",
  "Z",
  " ",
  "\n",
  "\n\n",
  "\t",
  "\u00a0",
  "\u3000",
  "-",
  "'",
  "’",
  ".",
  "👍",
  "👍🏽",
  "👨‍👩‍👧",
  "🇺🇦",
  "😀",
  "𝒜",
  "𠀋",
  "e\u0301",
  "é",
  "q\u0307",
  "\u0301",
  "漢",
  "字",
  "日本語",
  "한국어",
  "مرحبا",
  "بِسْمِ",
  "שָׁלוֹם",
  "\u200f",
  "\u200d",
  "\ufe0f",
  "\ud800",
  "\udfff", // lone surrogates
] as const;

export const textArb: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      fc.constantFrom(...PIECES),
      fc.string({ unit: "binary", maxLength: 4 }),
      fc.integer({ min: 0, max: 0xffff }).map((u) => String.fromCharCode(u)),
    ),
    { maxLength: 30 },
  )
  .map((parts) => parts.join(""));

/** A text plus a valid code-point range [start, end) within it. */
export const textWithRangeArb = textArb.chain((text) => {
  const n = pyLen(text);
  return fc
    .tuple(fc.integer({ min: 0, max: n }), fc.integer({ min: 0, max: n }))
    .map(([a, b]) => ({ text, start: Math.min(a, b), end: Math.max(a, b) }));
});
