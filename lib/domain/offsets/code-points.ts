/**
 * Code-point arrays and UTF-16 -> code-point maps for the dataset encoders and importers.
 * The length of a text in code points is `codePointLength` (./text.ts).
 *
 * Offset contract: offsets are indices into the sequence of Unicode code points,
 * so `cpSlice(text, s, e)` equals Python's `text[s:e]`.
 */

/** Split a string into code points (lone surrogates stay single elements). */
export function toCodePoints(text: string): string[] {
  return Array.from(text);
}

/** Python-style `text[start:end]` on a precomputed code-point array (no negative indices). */
export function cpSlice(cps: readonly string[], start: number, end: number): string {
  return cps.slice(start, end).join("");
}

/** True when `n` is a non-negative safe integer. */
export function isOffset(n: unknown): n is number {
  return typeof n === "number" && Number.isSafeInteger(n) && n >= 0;
}

/**
 * Map UTF-16 code-unit offsets of `text` to code-point offsets.
 * Returns `null` for indices outside [0, text.length]. An index that falls between
 * the two halves of a surrogate pair maps to `{ offset, split: true }`, where
 * `offset` is the code point that pair starts at.
 */
export function utf16ToCodePoints(text: string): (unit: number) => { offset: number; split: boolean } | null {
  const table = new Int32Array(text.length + 1);
  const split = new Uint8Array(text.length + 1);
  let cp = 0;
  for (let i = 0; i < text.length; i++) {
    table[i] = cp;
    const c = text.charCodeAt(i);
    const next = i + 1 < text.length ? text.charCodeAt(i + 1) : -1;
    if (c >= 0xd800 && c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      table[i + 1] = cp;
      split[i + 1] = 1;
      i++;
    }
    cp++;
  }
  table[text.length] = cp;
  return (unit) => {
    if (!isOffset(unit) || unit > text.length) return null;
    return { offset: table[unit] ?? 0, split: split[unit] === 1 };
  };
}
