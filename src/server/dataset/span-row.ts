import "server-only";
import { csvRow, type CsvOptions } from "@/domain/dataset/csv";
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

/**
 * The spans CSV record of domain/dataset/spans-csv.ts (`spanCsvRow`), built with an OffsetIndex so a
 * quote and its context are three String slices instead of code-point array joins (the export's hot
 * loop). The integration test checks it against `spanCsvRow` row for row.
 */
export function fastSpanCsvRow(r: FastSpanRow, opts: CsvOptions & { contextLength: number }): string {
  const { index } = r.article;
  const length = index.codePointLength;
  if (!Number.isSafeInteger(r.start) || !Number.isSafeInteger(r.end) || r.start < 0 || r.start >= r.end || r.end > length) {
    throw new SpanExportError(`article ${r.article.id}: span [${r.start}, ${r.end}) is not a non-empty range within 0..${length}`);
  }
  const ctx = opts.contextLength;
  const values: string[] = [
    r.project,
    r.article.id,
    r.article.title,
    r.article.source,
    r.reviewerId,
    r.reviewerName,
    r.labelGroup,
    r.label,
    String(r.start),
    String(r.end),
    index.slice(r.start, r.end),
    index.slice(Math.max(0, r.start - ctx), r.start),
    index.slice(r.end, Math.min(length, r.end + ctx)),
    r.note,
    r.layer,
    r.createdAt,
    r.updatedAt,
  ];
  if (values.length !== SPAN_CSV_COLUMNS.length) throw new Error("span CSV columns changed: update fastSpanCsvRow");
  return csvRow(values, opts);
}
