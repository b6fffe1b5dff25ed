/**
 * Text normalisation for the span contract.
 *
 * CONTRACT: a span is `[start, end)` measured in Unicode CODE POINTS of the
 * article's stored text. Stored text is NFC-normalised and uses `\n` as its
 * only line terminator, so that Python's `text[start:end]` equals the quote.
 * JavaScript strings are UTF-16; see `convert.ts` for mapping between the two.
 */

const HIGH_MIN = 0xd800;
const HIGH_MAX = 0xdbff;
const LOW_MIN = 0xdc00;
const LOW_MAX = 0xdfff;

/** True if the UTF-16 code unit is a high (leading) surrogate. */
export function isHighSurrogate(unit: number): boolean {
  return unit >= HIGH_MIN && unit <= HIGH_MAX;
}

/** True if the UTF-16 code unit is a low (trailing) surrogate. */
export function isLowSurrogate(unit: number): boolean {
  return unit >= LOW_MIN && unit <= LOW_MAX;
}

/**
 * Canonical stored form: `\r\n` and lone `\r` become `\n`, then NFC.
 * Idempotent: `normaliseText(normaliseText(x)) === normaliseText(x)`.
 */
export function normaliseText(raw: string): string {
  return raw.replace(/\r\n?/g, "\n").normalize("NFC");
}

/** True if `text` is already in the canonical stored form. */
export function isNormalisedText(text: string): boolean {
  return text.indexOf("\r") === -1 && text === text.normalize("NFC");
}

/**
 * Number of Unicode code points, i.e. Python's `len(text)` and
 * `Array.from(text).length`. A lone (unpaired) surrogate counts as one code
 * point, as `Array.from` does. O(n), no allocation.
 */
export function codePointLength(text: string): number {
  let pairs = 0;
  const n = text.length;
  for (let i = 0; i < n - 1; i++) {
    if (isHighSurrogate(text.charCodeAt(i)) && isLowSurrogate(text.charCodeAt(i + 1))) {
      pairs++;
      i++;
    }
  }
  return n - pairs;
}
