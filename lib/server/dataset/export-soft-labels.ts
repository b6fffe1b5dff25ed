import "server-only";
import { csvRow, UTF8_BOM } from "@/lib/domain/dataset/csv";
import { type SoftLabelSpan, softLabels } from "@/lib/domain/dataset/soft-labels";
import type { TDatasetFilters, TExportOptions } from "@/lib/schemas/dataset";
import type { Actor } from "../actor";
import { db } from "../db";
import {
  annotationWhere,
  articleWhere,
  labelMap,
  idPage,
  pagesById,
  reviewerDirectory,
  statusPredicate,
} from "./context";
import { exportScope } from "./scope";

export const SOFT_LABEL_CSV_COLUMNS = [
  "article_id",
  "sentence",
  "token_index",
  "token",
  "start",
  "end",
  "reviewers",
] as const;

/**
 * Per-token label distributions across the reviewers of each article (domain/dataset/soft-labels.ts), on
 * the BIO export's tokens, row for row. Admins and the project's curators and managers (the rows pool every
 * reviewer's spans). The reviewers of an
 * article are those with spans or a status on it, as in the BIO export (status and reviewer filters apply);
 * label and date filters narrow the spans, so a reviewer whose spans are all filtered out votes "O".
 * Columns: one per label of the scope (label filter applied), ordered by group then name, headed by the
 * label name ("name [id]" when two share a name), after "O".
 * CSV: article_id, sentence, token_index, token, start, end, reviewers, O, <labels...> (the shares, sum 1).
 * JSONL: one article per line, {"article_id", "reviewers": [ids], "labels": ["O", ...], "tokens": [{"i",
 * "sentence", "token", "start", "end", "counts": [...], "p": [...]}]}, counts and shares parallel to labels.
 */
export async function* exportSoftLabels(
  actor: Actor,
  requested: TDatasetFilters = {},
  chosen: Partial<TExportOptions> = {},
  format: "csv" | "jsonl" = "csv",
): AsyncGenerator<string> {
  const { options, filters } = await exportScope(actor, requested, chosen, "admin");
  const [labels, reviewers, statusOk] = await Promise.all([
    labelMap(filters),
    reviewerDirectory(filters, options.pseudonymise, actor),
    statusPredicate(filters),
  ]);
  const wanted = filters.labelIds ? new Set(filters.labelIds) : null;
  const columns = [...labels.entries()]
    .filter(([id]) => !wanted || wanted.has(id))
    .sort(
      ([a, x], [b, y]) => `${x.group}\u0000${x.name}`.localeCompare(`${y.group}\u0000${y.name}`) || (a < b ? -1 : 1),
    );
  const nameCount = new Map<string, number>();
  for (const [, l] of columns) nameCount.set(l.name, (nameCount.get(l.name) ?? 0) + 1);
  const header = columns.map(([id, l]) => (nameCount.get(l.name)! > 1 ? `${l.name} [${id}]` : l.name));
  const ids = columns.map(([id]) => id);
  const csv = { excelSafe: options.excelSafe };
  if (format === "csv") yield (options.bom ? UTF8_BOM : "") + csvRow([...SOFT_LABEL_CSV_COLUMNS, "O", ...header], csv);

  const spanWhere = annotationWhere(filters);
  const pages = pagesById(
    (after, take) =>
      db.article.findMany({ ...idPage(articleWhere(filters), after, take), select: { id: true, text: true } }),
    50,
  );
  for await (const page of pages) {
    const pageIds = page.map((a) => a.id);
    const [spans, statuses] = await Promise.all([
      db.annotation.findMany({
        where: { ...spanWhere, articleId: { in: pageIds } },
        select: { articleId: true, userId: true, labelId: true, start: true, end: true },
      }),
      db.articleStatus.findMany({
        where: { articleId: { in: pageIds }, ...(filters.reviewerIds && { userId: { in: filters.reviewerIds } }) },
        select: { articleId: true, userId: true },
      }),
    ]);
    const byArticle = new Map<string, Map<string, SoftLabelSpan[]>>();
    const reviewersOf = (articleId: string) => {
      let m = byArticle.get(articleId);
      if (!m) byArticle.set(articleId, (m = new Map()));
      return m;
    };
    for (const s of statuses) if (!reviewersOf(s.articleId).has(s.userId)) reviewersOf(s.articleId).set(s.userId, []);
    for (const s of spans) {
      const m = reviewersOf(s.articleId);
      let list = m.get(s.userId);
      if (!list) m.set(s.userId, (list = []));
      list.push({ start: s.start, end: s.end, label: s.labelId });
    }
    let out = "";
    for (const a of page) {
      const m = byArticle.get(a.id);
      if (!m) continue;
      const who = [...m.keys()].filter((u) => statusOk(a.id, u)).sort();
      if (who.length === 0) continue;
      const rows = softLabels(
        a.text,
        who.map((u) => m.get(u)!),
        ids,
      );
      if (format === "csv") {
        for (const r of rows)
          out += csvRow([a.id, r.sentence, r.index, r.token, r.start, r.end, r.reviewers, ...r.distribution], csv);
      } else {
        out += `${JSON.stringify({
          article_id: a.id,
          reviewers: who.map((u) => reviewers.id(u)),
          labels: ["O", ...header],
          tokens: rows.map((r) => ({
            i: r.index,
            sentence: r.sentence,
            token: r.token,
            start: r.start,
            end: r.end,
            counts: r.counts,
            p: r.distribution,
          })),
        })}\n`;
      }
    }
    if (out) yield out;
  }
}
