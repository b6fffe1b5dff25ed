/** Surrounding context for a span, e.g. for review UIs and quote anchoring. */
import { type TextSource, toOffsetIndex } from "./convert";
import { assertRange } from "./range";

/**
 * Up to `n` code points before `start` and after `end` (fewer at the text
 * edges). Python equivalent: `text[max(0, start-n):start]`, `text[end:end+n]`.
 */
export function contextAround(
  source: TextSource,
  start: number,
  end: number,
  n: number,
): { before: string; after: string } {
  const idx = toOffsetIndex(source);
  assertRange(start, end, idx.codePointLength);
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be a non-negative integer, got ${String(n)}`);
  return {
    before: idx.slice(Math.max(0, start - n), start),
    after: idx.slice(end, Math.min(idx.codePointLength, end + n)),
  };
}
