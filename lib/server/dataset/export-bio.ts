import "server-only";
import { type BioSpan, toBio, toConll } from "@/lib/domain/dataset/bio";
import { csvRow, UTF8_BOM } from "@/lib/domain/dataset/csv";
import { tokenize } from "@/lib/domain/dataset/tokenize";
import type { TDatasetFilters, TExportOptions } from "@/lib/schemas/dataset";
import type { Actor } from "../actor";
import { db } from "../db";
import {
  annotationWhere,
  articleWhere,
  goldWhere,
  labelMap,
  idPage,
  pagesById,
  reviewerDirectory,
  statusPredicate,
} from "./context";
import { exportScope } from "./scope";

export const BIO_CSV_COLUMNS = [
  "article_id",
  "reviewer_id",
  "layer",
  "sentence",
  "token_index",
  "token",
  "start",
  "end",
  "tags",
] as const;

/** BIO tags cannot hold whitespace or "|": "Loaded wording" becomes "Loaded_wording", "a|b" becomes "a/b". */
export function bioLabel(name: string): string {
  return name.trim().replace(/\s+/g, "_").replaceAll("|", "/");
}

type Doc = { articleId: string; reviewer: string; layer: "annotation" | "gold"; text: string; spans: BioSpan[] };

/**
 * Token-level BIO, one document per (article, reviewer) that has spans or a status, plus (layer gold/both)
 * one per article with gold spans. Multi-label choice: one tag field per token listing every active tag,
 * sorted by label and joined with "|" ("B-Appeal_to_fear|I-Loaded_wording"), "O" when none; same-label
 * overlaps merge into one chunk (see domain/dataset/bio.ts). A span covers every token it shares a code
 * point with. CoNLL: "# article_id = …" and "# reviewer_id = …" (or "# layer = gold") comment lines, then
 * token<TAB>tags lines, a blank line between sentences (line breaks) and after each document.
 */
export async function* exportBio(
  actor: Actor,
  requested: TDatasetFilters = {},
  chosen: Partial<TExportOptions> = {},
): AsyncGenerator<string> {
  const { options, filters } = await exportScope(actor, requested, chosen, "span");
  const [labels, reviewers, statusOk] = await Promise.all([
    labelMap(filters),
    reviewerDirectory(filters, options.pseudonymise, actor),
    statusPredicate(filters),
  ]);
  const tagOf = (labelId: string) => bioLabel(labels.get(labelId)?.name ?? labelId);
  const csv = { excelSafe: options.excelSafe };
  const conll = options.bioFormat === "conll";
  if (!conll) yield (options.bom ? UTF8_BOM : "") + csvRow(BIO_CSV_COLUMNS, csv);

  const where = articleWhere(filters);
  const spanWhere = annotationWhere(filters);
  const gold = goldWhere(filters);
  const pages = pagesById(
    (after, take) => db.article.findMany({ ...idPage(where, after, take), select: { id: true, text: true } }),
    50,
  );
  for await (const page of pages) {
    const ids = page.map((a) => a.id);
    const docs: Doc[] = [];
    if (options.layer !== "gold") {
      const [spans, statuses] = await Promise.all([
        db.annotation.findMany({
          where: { ...spanWhere, articleId: { in: ids } },
          orderBy: [{ articleId: "asc" }, { userId: "asc" }, { start: "asc" }, { id: "asc" }],
          select: { articleId: true, userId: true, labelId: true, start: true, end: true },
        }),
        db.articleStatus.findMany({
          where: { articleId: { in: ids }, ...(filters.reviewerIds && { userId: { in: filters.reviewerIds } }) },
          select: { articleId: true, userId: true },
        }),
      ]);
      const byPair = new Map<string, BioSpan[]>();
      // A status without spans is an all-"O" document: the reviewer read the article and marked nothing.
      // With label or date filters a pair's spans may all be filtered out; it then still appears, all "O".
      for (const s of statuses) byPair.set(`${s.articleId}\u0000${s.userId}`, []);
      for (const s of spans) {
        const key = `${s.articleId}\u0000${s.userId}`;
        let list = byPair.get(key);
        if (!list) byPair.set(key, (list = []));
        list.push({ start: s.start, end: s.end, label: tagOf(s.labelId) });
      }
      for (const a of page) {
        const pairs = [...byPair.entries()]
          .filter(([k]) => k.startsWith(`${a.id}\u0000`))
          .map(([k, v]) => [k.slice(a.id.length + 1), v] as const);
        pairs.sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
        for (const [userId, list] of pairs) {
          if (!statusOk(a.id, userId)) continue;
          docs.push({
            articleId: a.id,
            reviewer: reviewers.id(userId),
            layer: "annotation",
            text: a.text,
            spans: list,
          });
        }
      }
    }
    if (options.layer !== "annotation") {
      const spans = await db.goldSpan.findMany({
        where: { ...gold, articleId: { in: ids } },
        orderBy: [{ articleId: "asc" }, { start: "asc" }, { id: "asc" }],
        select: { articleId: true, labelId: true, start: true, end: true },
      });
      for (const a of page) {
        const list = spans
          .filter((s) => s.articleId === a.id)
          .map((s) => ({ start: s.start, end: s.end, label: tagOf(s.labelId) }));
        if (list.length) docs.push({ articleId: a.id, reviewer: "", layer: "gold", text: a.text, spans: list });
      }
    }
    let out = "";
    for (const d of docs) {
      if (conll) {
        out += `# article_id = ${d.articleId}\n${d.layer === "gold" ? "# layer = gold" : `# reviewer_id = ${d.reviewer}`}\n`;
        out += toConll([{ text: d.text, spans: d.spans }], { mode: "multi", split: "line" }) || "\n";
      } else {
        const tokens = tokenize(d.text);
        const { rows } = toBio(d.text, d.spans);
        let sentence = 0;
        rows.forEach((r, i) => {
          if (tokens[i]?.lineBreakBefore) sentence++;
          out += csvRow([d.articleId, d.reviewer, d.layer, sentence, i, r.token, r.start, r.end, r.tags], csv);
        });
      }
    }
    if (out) yield out;
  }
}
