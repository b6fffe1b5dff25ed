import "server-only";
import { csvField, type CsvOptions } from "@/domain/dataset/csv";
import { SPAN_CSV_COLUMNS, SpanExportError, type SpanLayer } from "@/domain/dataset/spans-csv";
import type { OffsetIndex } from "@/domain/offsets";

export type FastSpanRow = {
  project: string;
  article: { id: string; title: string; source: string; index: OffsetIndex };
  start: number;
  end: number;
  labelGroup: string;
  label: string;
  note: string;
  layer: SpanLayer;
  /** ISO 8601 UTC. */
  createdAt: string;
  updatedAt: string;
  reviewerId: string;
  reviewerName: string;
};

const NEEDS_QUOTES = /[",\r\n]/;
const FORMULA_TRIGGER = /^[=+\-@\t\r]/;

/** csvField for a string, without its option object and per-call allocations (same rules, same bytes). */
function field(text: string, excelSafe: boolean): string {
  if (excelSafe && FORMULA_TRIGGER.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * The spans CSV record of domain/dataset/spans-csv.ts (`spanCsvRow`), built with an OffsetIndex so a
 * quote and its context are three String slices instead of code-point array joins, and its fields
 * concatenated directly (the export's hot loop: csvRow's per-field objects and array join cost more than
 * the rest of the row). The integration test checks it against `spanCsvRow` row for row, and a unit test
 * against csvRow.
 */
export function fastSpanCsvRow(r: FastSpanRow, opts: CsvOptions & { contextLength: number }): string {
  const { index } = r.article;
  const length = index.codePointLength;
  if (!Number.isSafeInteger(r.start) || !Number.isSafeInteger(r.end) || r.start < 0 || r.start >= r.end || r.end > length) {
    throw new SpanExportError(`article ${r.article.id}: span [${r.start}, ${r.end}) is not a non-empty range within 0..${length}`);
  }
  const ctx = opts.contextLength;
  const quote = index.slice(r.start, r.end);
  const before = index.slice(Math.max(0, r.start - ctx), r.start);
  const after = index.slice(r.end, Math.min(length, r.end + ctx));
  if (opts.alwaysQuote) {
    const f = (v: string) => csvField(v, opts);
    return `${f(r.project)},${f(r.article.id)},${f(r.article.title)},${f(r.article.source)},${f(r.reviewerId)},${f(r.reviewerName)},${f(r.labelGroup)},${f(r.label)},${f(String(r.start))},${f(String(r.end))},${f(quote)},${f(before)},${f(after)},${f(r.note)},${f(r.layer)},${f(r.createdAt)},${f(r.updatedAt)}\r\n`;
  }
  const x = opts.excelSafe === true;
  // start and end are non-negative integers: never quoted, never formula triggers. join makes one flat
  // string (a template literal would make a rope of 34 pieces that the writer has to flatten).
  return [field(r.project, x), field(r.article.id, x), field(r.article.title, x), field(r.article.source, x), field(r.reviewerId, x), field(r.reviewerName, x), field(r.labelGroup, x), field(r.label, x), r.start, r.end, field(quote, x), field(before, x), field(after, x), field(r.note, x), field(r.layer, x), field(r.createdAt, x), `${field(r.updatedAt, x)}\r\n`].join(",");
}

// fastSpanCsvRow writes the 17 columns in SPAN_CSV_COLUMNS order.
if (SPAN_CSV_COLUMNS.length !== 17) throw new Error("span CSV columns changed: update fastSpanCsvRow");
