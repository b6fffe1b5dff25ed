import "server-only";
import { type CsvOptions, csvField, csvString as field } from "@/lib/domain/dataset/csv";
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

// SpanCsvRowWriter writes the 17 columns in SPAN_CSV_COLUMNS order.
if (SPAN_CSV_COLUMNS.length !== 17) throw new Error("span CSV columns changed: update SpanCsvRowWriter");

function assertInArticle(r: FastSpanRow, length: number): void {
  if (
    !Number.isSafeInteger(r.start) ||
    !Number.isSafeInteger(r.end) ||
    r.start < 0 ||
    r.start >= r.end ||
    r.end > length
  ) {
    throw new SpanExportError(
      `article ${r.article.id}: span [${r.start}, ${r.end}) is not a non-empty range within 0..${length}`,
    );
  }
}

/**
 * The export's spans CSV writer: the record of domain/dataset/spans-csv.ts (`spanCsvRow`, the reference
 * it is tested against byte for byte), built with an OffsetIndex so a quote and its context are three
 * String slices instead of code-point array joins, fields escaped by csvString (csvRow's per-field option
 * objects and array join cost more than the rest of the row), and the fields that repeat row after row
 * (project and article; reviewer id and name; label group and label) escaped once and kept as pieces.
 */
export class SpanCsvRowWriter {
  private readonly articles = new WeakMap<object, { project: string; piece: string }>();
  private readonly reviewers = new Map<string, { other: string; piece: string }>();
  private readonly labels = new Map<string, { other: string; piece: string }>();
  private readonly excelSafe: boolean;

  constructor(private readonly opts: CsvOptions & { contextLength: number }) {
    this.excelSafe = opts.excelSafe === true;
  }

  private pair(
    cache: Map<string, { other: string; piece: string }>,
    key: string,
    other: string,
    piece: () => string,
  ): string {
    const hit = cache.get(key);
    if (hit !== undefined && hit.other === other) return hit.piece;
    const made = piece();
    if (cache.size < 100_000) cache.set(key, { other, piece: made });
    return made;
  }

  row(r: FastSpanRow): string {
    const { index } = r.article;
    const length = index.codePointLength;
    assertInArticle(r, length);
    if (this.opts.alwaysQuote) return this.quotedRow(r, length);
    const x = this.excelSafe;
    let article = this.articles.get(r.article);
    if (article === undefined || article.project !== r.project) {
      article = {
        project: r.project,
        piece: `${field(r.project, x)},${field(r.article.id, x)},${field(r.article.title, x)},${field(r.article.source, x)}`,
      };
      this.articles.set(r.article, article);
    }
    const reviewer = this.pair(
      this.reviewers,
      r.reviewerId,
      r.reviewerName,
      () => `${field(r.reviewerId, x)},${field(r.reviewerName, x)}`,
    );
    const label = this.pair(this.labels, r.label, r.labelGroup, () => `${field(r.labelGroup, x)},${field(r.label, x)}`);
    const ctx = this.opts.contextLength;
    return [
      article.piece,
      reviewer,
      label,
      r.start,
      r.end,
      field(index.slice(r.start, r.end), x),
      field(index.slice(Math.max(0, r.start - ctx), r.start), x),
      field(index.slice(r.end, Math.min(length, r.end + ctx)), x),
      field(r.note, x),
      field(r.layer, x),
      field(r.createdAt, x),
      `${field(r.updatedAt, x)}\r\n`,
    ].join(",");
  }

  /** alwaysQuote: rare (no caching), every field quoted by csvField. */
  private quotedRow(r: FastSpanRow, length: number): string {
    const f = (v: string) => csvField(v, this.opts);
    const { index } = r.article;
    const ctx = this.opts.contextLength;
    const quote = index.slice(r.start, r.end);
    const before = index.slice(Math.max(0, r.start - ctx), r.start);
    const after = index.slice(r.end, Math.min(length, r.end + ctx));
    const { project, article, reviewerId, reviewerName, labelGroup, label, note, layer, createdAt, updatedAt } = r;
    const fields = [project, article.id, article.title, article.source, reviewerId, reviewerName, labelGroup, label];
    const rest = [String(r.start), String(r.end), quote, before, after, note, layer, createdAt, updatedAt];
    return `${[...fields, ...rest].map(f).join(",")}\r\n`;
  }
}
