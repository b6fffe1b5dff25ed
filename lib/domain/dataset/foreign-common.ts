/** Shared types and span placement for pre-annotation importers. */
import { cpSlice, isOffset, toCodePoints } from "../offsets/code-points";
import { type NormalisedText, normaliseMapped } from "../offsets/normalise-mapped";
import { normaliseText } from "../offsets/text";

export interface ImportedSpan {
  /** Code-point offsets into the article's normalised text. */
  start: number;
  end: number;
  /** Label as found in the file; mapping to the taxonomy is the caller's job. */
  label: string;
  /** Always text.slice(start, end) in code points. */
  quote: string;
  /** Annotator id (Label Studio completed_by, doccano user) or model version for predictions. */
  rater?: string;
  /** Label Studio from_name (the labelling control), usable as a label group. */
  group?: string;
  origin?: "annotation" | "prediction";
}

export interface ImportedArticle {
  /** Normalised text: "\n" newlines, NFC. */
  text: string;
  spans: ImportedSpan[];
  /** Task / record id from the source file, if any. */
  ref?: string;
}

/** `task` is a 0-based index into a JSON array; `line` a 1-based JSONL line. */
export interface ImportIssue {
  task?: number;
  line?: number;
  field: string;
  message: string;
}

export interface ImportResult {
  articles: ImportedArticle[];
  /** Problems that dropped a span, an article or the whole file. */
  errors: ImportIssue[];
  /** Spans kept but adjusted (widened, reinterpreted offsets) or items skipped on purpose. */
  warnings: ImportIssue[];
}

/** One article under construction: raw text, its normalisation, code points. */
export class ArticleBuilder {
  readonly norm: NormalisedText;
  readonly cps: string[];
  readonly spans: ImportedSpan[] = [];
  constructor(readonly raw: string) {
    this.norm = normaliseMapped(raw);
    this.cps = toCodePoints(this.norm.text);
  }

  /**
   * Map raw code-point offsets to the normalised text and check an optional quote
   * (compared after the same normalisation). `widened` reports a boundary that
   * fell inside an indivisible sequence.
   */
  place(
    rawStart: unknown,
    rawEnd: unknown,
    expectedQuote: string | undefined,
  ): { span: { start: number; end: number; quote: string }; widened: boolean } | { error: string } {
    if (!isOffset(rawStart) || !isOffset(rawEnd)) return { error: "offsets must be non-negative integers" };
    if (rawStart >= rawEnd) return { error: `empty or reversed range [${rawStart}, ${rawEnd})` };
    if (rawEnd > this.norm.rawLength) {
      return { error: `end ${rawEnd} is beyond the text (${this.norm.rawLength} code points)` };
    }
    const s = this.norm.mapStart(rawStart);
    const e = this.norm.mapEnd(rawEnd);
    const quote = cpSlice(this.cps, s.offset, e.offset);
    if (expectedQuote !== undefined && normaliseText(expectedQuote) !== quote) {
      return {
        error: `quote mismatch: file has ${JSON.stringify(expectedQuote)}, offsets give ${JSON.stringify(quote)}`,
      };
    }
    return { span: { start: s.offset, end: e.offset, quote }, widened: !s.exact || !e.exact };
  }

  build(ref?: string): ImportedArticle {
    return ref === undefined
      ? { text: this.norm.text, spans: this.spans }
      : { text: this.norm.text, spans: this.spans, ref };
  }
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function idString(v: unknown): string | undefined {
  return typeof v === "string" || (typeof v === "number" && Number.isFinite(v)) ? String(v) : undefined;
}

export const WIDENED =
  "a boundary fell inside an indivisible sequence (CRLF, base + combining mark, or surrogate pair); span widened";
