/**
 * Character classes used by trimming / word snapping. Code points, not
 * UTF-16 units. Internal module (not re-exported except `isWhitespace`).
 */

const WHITESPACE = /^\p{White_Space}$/u;
const WORD = /^[\p{L}\p{M}\p{N}]$/u;
const LETTER_OR_NUMBER = /^[\p{L}\p{N}]$/u;
const MARK = /^\p{M}$/u;
const EXTEND = /^[\p{Grapheme_Extend}\p{Emoji_Modifier}]$/u;
const PICTOGRAPHIC = /^\p{Extended_Pictographic}$/u;
const REGIONAL = /^\p{Regional_Indicator}$/u;
/**
 * Scripts written without spaces between words. A run of these is NOT one
 * word; snapping never joins two of them (it would swallow whole clauses).
 */
const NO_SPACE_SCRIPT =
  /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]$/u;

export const NEWLINE = 0x0a;
const ZWJ = 0x200d;
const APOSTROPHES = new Set([0x27, 0x2019]); // ' and ’
const HYPHENS = new Set([0x2d, 0x2010, 0x2011]); // - ‐ ‑  (not en/em dash)

const str = (cp: number): string => String.fromCodePoint(cp);

/** Unicode `White_Space` property (includes NBSP, U+3000, U+0085; not U+200B/U+FEFF). */
export function isWhitespace(cp: number): boolean {
  return WHITESPACE.test(str(cp));
}
export function isWordChar(cp: number): boolean {
  return WORD.test(str(cp));
}
export function isLetterOrNumber(cp: number): boolean {
  return LETTER_OR_NUMBER.test(str(cp));
}
export function isMark(cp: number): boolean {
  return MARK.test(str(cp));
}
export function isGraphemeExtender(cp: number): boolean {
  return cp === ZWJ || EXTEND.test(str(cp));
}
export function isPictographic(cp: number): boolean {
  return PICTOGRAPHIC.test(str(cp));
}
export function isRegionalIndicator(cp: number): boolean {
  return REGIONAL.test(str(cp));
}
export function isNoSpaceScript(cp: number): boolean {
  return NO_SPACE_SCRIPT.test(str(cp));
}
export function isApostrophe(cp: number): boolean {
  return APOSTROPHES.has(cp);
}
export function isHyphen(cp: number): boolean {
  return HYPHENS.has(cp);
}
export function isZwj(cp: number): boolean {
  return cp === ZWJ;
}

/** Code point starting at UTF-16 index `u` (assumed on a boundary), or -1 at end. */
export function cpAt(text: string, u: number): number {
  return u < text.length ? (text.codePointAt(u) as number) : -1;
}

/** UTF-16 width of the code point ending just before `u`, 0 at start. */
export function widthBefore(text: string, u: number): number {
  if (u <= 0) return 0;
  const lo = text.charCodeAt(u - 1);
  if (u >= 2 && lo >= 0xdc00 && lo <= 0xdfff) {
    const hi = text.charCodeAt(u - 2);
    if (hi >= 0xd800 && hi <= 0xdbff) return 2;
  }
  return 1;
}

/** Code point ending just before UTF-16 index `u`, or -1 at start. */
export function cpBefore(text: string, u: number): number {
  const w = widthBefore(text, u);
  return w === 0 ? -1 : (text.codePointAt(u - w) as number);
}

/** UTF-16 width of the code point at `u` (1 or 2), 0 at end. */
export function widthAt(text: string, u: number): number {
  if (u >= text.length) return 0;
  const cp = text.codePointAt(u) as number;
  return cp > 0xffff ? 2 : 1;
}
