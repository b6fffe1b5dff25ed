/**
 * The spans CSV: one record per span, offsets in code points ([start, end)),
 * quote and context always recomputed from the article text.
 */
import { csvRow, type CsvOptions } from "./csv";
import { cpSlice, isOffset, toCodePoints } from "../offsets/code-points";

/** The article a span-shaped CSV row is on: the first columns of the spans and the gold CSV. */
export const SPAN_ARTICLE_COLUMNS = ["project", "article_id", "article_title", "article_source"] as const;
/** Where the span is and what it says: the spans and the gold CSV's columns after the reviewer's (if any). */
export const SPAN_PLACE_COLUMNS = [
  "label_group",
  "label",
  "start",
  "end",
  "quote",
  "context_before",
  "context_after",
  "note",
] as const;

export const SPAN_CSV_COLUMNS = [
  ...SPAN_ARTICLE_COLUMNS,
  "reviewer_id",
  "reviewer_name",
  ...SPAN_PLACE_COLUMNS,
  "layer",
  "created_at",
  "updated_at",
] as const;

export type SpanCsvColumn = (typeof SPAN_CSV_COLUMNS)[number];
export type SpanLayer = "annotation" | "gold";
export type SpanCsvRecord = Record<SpanCsvColumn, string>;

export interface SpanCsvInput {
  project: string;
  article: {
    id: string;
    title: string;
    source?: string | null;
    /** Stored article text, or `toCodePoints(text)` precomputed once per article. */
    text: string | readonly string[];
  };
  span: {
    start: number;
    end: number;
    labelGroup: string;
    label: string;
    note?: string | null;
    layer: SpanLayer;
    /** Date, or an ISO 8601 string with an explicit zone (Z or ±hh:mm). */
    createdAt: Date | string;
    updatedAt: Date | string;
  };
  /** Null for e.g. gold spans without an individual reviewer. */
  reviewer: { id: string; name?: string | null } | null;
}

export interface SpanCsvOptions extends CsvOptions {
  /** Code points of context on each side (default 60). */
  contextLength?: number;
  /**
   * When given, reviewer_id is replaced by the pseudonym and reviewer_name is left
   * empty, so the export carries no reviewer identity.
   */
  pseudonymise?: Pseudonymiser;
}

export class SpanExportError extends Error {
  override name = "SpanExportError";
}

/** Header record (CRLF-terminated). */
export function spanCsvHeader(opts: CsvOptions = {}): string {
  return csvRow(SPAN_CSV_COLUMNS, opts);
}

/** Normalise a timestamp to ISO 8601 UTC with milliseconds (`2024-01-02T03:04:05.000Z`). */
export function toIsoUtc(value: Date | string, what = "timestamp"): string {
  if (typeof value === "string" && !/(?:Z|[+-]\d{2}:?\d{2})$/i.test(value.trim())) {
    throw new SpanExportError(`${what}: "${value}" has no time zone designator`);
  }
  const d = typeof value === "string" ? new Date(value) : value;
  if (Number.isNaN(d.getTime())) throw new SpanExportError(`${what}: invalid date "${String(value)}"`);
  return d.toISOString();
}

/** Build the record as an object keyed by column (unescaped values). */
export function spanCsvRecord(input: SpanCsvInput, opts: SpanCsvOptions = {}): SpanCsvRecord {
  const { article, span, reviewer } = input;
  const cps = typeof article.text === "string" ? toCodePoints(article.text) : article.text;
  const { start, end } = span;
  if (!isOffset(start) || !isOffset(end) || start >= end || end > cps.length) {
    throw new SpanExportError(
      `article ${article.id}: span [${String(start)}, ${String(end)}) is not a non-empty range within 0..${cps.length}`,
    );
  }
  const ctx = opts.contextLength ?? 60;
  if (!isOffset(ctx)) throw new SpanExportError(`contextLength must be a non-negative integer`);
  const pseudo = opts.pseudonymise;
  return {
    project: input.project,
    article_id: article.id,
    article_title: article.title,
    article_source: article.source ?? "",
    reviewer_id: reviewer ? (pseudo ? pseudo.pseudonym(reviewer.id) : reviewer.id) : "",
    reviewer_name: reviewer && !pseudo ? (reviewer.name ?? "") : "",
    label_group: span.labelGroup,
    label: span.label,
    start: String(start),
    end: String(end),
    quote: cpSlice(cps, start, end),
    context_before: cpSlice(cps, Math.max(0, start - ctx), start),
    context_after: cpSlice(cps, end, end + ctx),
    note: span.note ?? "",
    layer: span.layer,
    created_at: toIsoUtc(span.createdAt, "created_at"),
    updated_at: toIsoUtc(span.updatedAt, "updated_at"),
  };
}

/** One CSV record (CRLF-terminated) in SPAN_CSV_COLUMNS order. */
export function spanCsvRow(input: SpanCsvInput, opts: SpanCsvOptions = {}): string {
  const rec = spanCsvRecord(input, opts);
  return csvRow(
    SPAN_CSV_COLUMNS.map((c) => rec[c]),
    opts,
  );
}

export interface Pseudonymiser {
  /** R1, R2, ... assigned in first-seen order; the same id always gets the same pseudonym. */
  pseudonym(reviewerId: string): string;
  /** Real id -> pseudonym, in assignment order (keep it out of the export). */
  mapping(): ReadonlyMap<string, string>;
}

/**
 * Pseudonyms depend on call order, so feed reviewers in a deterministic order
 * (e.g. rows sorted by article, then reviewer id) to get a reproducible export.
 */
export function pseudonymiser(prefix = "R"): Pseudonymiser {
  const map = new Map<string, string>();
  return {
    pseudonym(id) {
      let p = map.get(id);
      if (p === undefined) {
        p = `${prefix}${map.size + 1}`;
        map.set(id, p);
      }
      return p;
    },
    mapping: () => new Map(map),
  };
}
