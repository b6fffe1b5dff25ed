import "server-only";
import { csvField, type CsvOptions, FORMULA_TRIGGER } from "@/lib/domain/dataset/csv";
import { SPAN_CSV_COLUMNS, SpanExportError, type SpanLayer } from "@/lib/domain/dataset/spans-csv";
import type { OffsetIndex } from "@/lib/domain/offsets";

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

/**
 * fastSpanCsvRow for a whole export: the fields that repeat row after row (project and article; reviewer
 * id and name; label group and label) are escaped once and kept as ready-made pieces of the record.
 * Same bytes as fastSpanCsvRow (unit-tested).
 */
export class SpanCsvRowWriter {
  private readonly articles = new WeakMap<object, { project: string; piece: string }>();
  private readonly reviewers = new Map<string, { other: string; piece: string }>();
  private readonly labels = new Map<string, { other: string; piece: string }>();
  private readonly excelSafe: boolean;

  constructor(private readonly opts: CsvOptions & { contextLength: number }) {
    this.excelSafe = opts.excelSafe === true;
  }

  private pair(cache: Map<string, { other: string; piece: string }>, key: string, other: string, piece: () => string): string {
    const hit = cache.get(key);
    if (hit !== undefined && hit.other === other) return hit.piece;
    const made = piece();
    if (cache.size < 100_000) cache.set(key, { other, piece: made });
    return made;
  }

  row(r: FastSpanRow): string {
    if (this.opts.alwaysQuote) return fastSpanCsvRow(r, this.opts);
    const { index } = r.article;
    const length = index.codePointLength;
    if (!Number.isSafeInteger(r.start) || !Number.isSafeInteger(r.end) || r.start < 0 || r.start >= r.end || r.end > length) {
      throw new SpanExportError(`article ${r.article.id}: span [${r.start}, ${r.end}) is not a non-empty range within 0..${length}`);
    }
    const x = this.excelSafe;
    let article = this.articles.get(r.article);
    if (article === undefined || article.project !== r.project) {
      article = { project: r.project, piece: `${field(r.project, x)},${field(r.article.id, x)},${field(r.article.title, x)},${field(r.article.source, x)}` };
      this.articles.set(r.article, article);
    }
    const reviewer = this.pair(this.reviewers, r.reviewerId, r.reviewerName, () => `${field(r.reviewerId, x)},${field(r.reviewerName, x)}`);
    const label = this.pair(this.labels, r.label, r.labelGroup, () => `${field(r.labelGroup, x)},${field(r.label, x)}`);
    const ctx = this.opts.contextLength;
    return [
      article.piece, reviewer, label, r.start, r.end,
      field(index.slice(r.start, r.end), x), field(index.slice(Math.max(0, r.start - ctx), r.start), x), field(index.slice(r.end, Math.min(length, r.end + ctx)), x),
      field(r.note, x), field(r.layer, x), field(r.createdAt, x), `${field(r.updatedAt, x)}\r\n`,
    ].join(",");
  }
}
