/**
 * Server/client validation of a submitted span against the stored text.
 * All offsets are code points (see text.ts for the contract).
 */
import { type TextSource, toOffsetIndex } from "./convert";
import { isWhitespace } from "./chars";

export interface SpanInput {
  readonly start: number;
  readonly end: number;
  readonly quote: string;
}

export type SpanValidation =
  | { readonly ok: true }
  | { readonly ok: false; readonly field: "start" | "end" | "quote"; readonly reason: string };

/** Max code points of each quote shown in a mismatch message. */
const PREVIEW = 40;

function preview(s: string): string {
  const cps = Array.from(s);
  const shown = cps.length > PREVIEW ? `${cps.slice(0, PREVIEW).join("")}…` : s;
  return `${JSON.stringify(shown)} (${cps.length} code points)`;
}

function firstDifference(a: string, b: string): number {
  const x = Array.from(a);
  const y = Array.from(b);
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) if (x[i] !== y[i]) return i;
  return n;
}

function checkOffset(field: "start" | "end", value: unknown): SpanValidation | null {
  if (typeof value !== "number" || !Number.isInteger(value)) {
    return { ok: false, field, reason: `${field} must be an integer, got ${String(value)}` };
  }
  if (value < 0) return { ok: false, field, reason: `${field} must not be negative, got ${value}` };
  return null;
}

/**
 * Checks, in order: start/end are non-negative integers, start < end,
 * end <= text length, quote === text[start:end] (exact, code points), and the
 * span is not whitespace-only. "expected" in mismatch messages is the stored
 * text at [start, end); "got" is the submitted quote.
 * Pass an OffsetIndex instead of the string when validating many spans.
 */
export function validateSpan(source: TextSource, span: SpanInput): SpanValidation {
  const bad = checkOffset("start", span.start) ?? checkOffset("end", span.end);
  if (bad) return bad;
  const { start, end } = span;
  if (start >= end) {
    return { ok: false, field: "end", reason: `end (${end}) must be greater than start (${start})` };
  }
  const idx = toOffsetIndex(source);
  if (end > idx.codePointLength) {
    return {
      ok: false,
      field: "end",
      reason: `end (${end}) exceeds text length ${idx.codePointLength} (code points)`,
    };
  }
  if (typeof span.quote !== "string") {
    return { ok: false, field: "quote", reason: `quote must be a string, got ${typeof span.quote}` };
  }
  const actual = idx.slice(start, end);
  if (actual !== span.quote) {
    return {
      ok: false,
      field: "quote",
      reason:
        `quote mismatch at [${start}, ${end}): expected ${preview(actual)}, got ${preview(span.quote)}; ` +
        `first difference at code point ${firstDifference(actual, span.quote)} of the quote`,
    };
  }
  let onlyWhitespace = true;
  for (const ch of actual) {
    if (!isWhitespace(ch.codePointAt(0) as number)) {
      onlyWhitespace = false;
      break;
    }
  }
  if (onlyWhitespace) return { ok: false, field: "quote", reason: "span contains only whitespace" };
  return { ok: true };
}
