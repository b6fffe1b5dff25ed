import "server-only";
import type { ExportPreview, TDatasetFilters, TExportPreview } from "@/lib/schemas/dataset";
import type { Actor } from "../actor";
import { db } from "../db";
import { AppError, type FieldError } from "../errors";
import { annotationWhere, articleWhere, assertProjectExists, goldWhere, statusPredicate } from "./context";
import { scopeAdminExport, scopeSpanExport } from "./scope";

const SHOWN = 3;

function unknown(field: string, what: string, wanted: string[], found: { id: string }[], inProject: boolean) {
  const known = new Set(found.map((f) => f.id));
  const missing = [...new Set(wanted)].filter((id) => !known.has(id));
  if (missing.length === 0) return [];
  const listed =
    missing.slice(0, SHOWN).join(", ") + (missing.length > SHOWN ? ` and ${missing.length - SHOWN} more` : "");
  return [{ field, message: `no such ${what}${inProject ? " in this project" : ""}: ${listed}` }];
}

/** Every id in the filters must exist (and belong to the chosen project): a typo must not export nothing silently. */
async function assertKnownIds(f: TDatasetFilters): Promise<void> {
  const inProject = f.projectId !== undefined;
  const project = inProject ? { projectId: f.projectId } : {};
  const [articles, labels, reviewers] = await Promise.all([
    f.articleIds ? db.article.findMany({ where: { id: { in: f.articleIds }, ...project }, select: { id: true } }) : [],
    f.labelIds ? db.label.findMany({ where: { id: { in: f.labelIds }, ...project }, select: { id: true } }) : [],
    f.reviewerIds ? db.user.findMany({ where: { id: { in: f.reviewerIds } }, select: { id: true } }) : [],
  ]);
  const fields: FieldError[] = [
    ...unknown("articleIds", "article", f.articleIds ?? [], articles, inProject),
    ...unknown("labelIds", "label", f.labelIds ?? [], labels, inProject),
    ...unknown("reviewerIds", "reviewer", f.reviewerIds ?? [], reviewers, false),
  ];
  if (fields.length > 0)
    throw new AppError("INVALID", fields.map((x) => `${x.field}: ${x.message}`).join("; "), fields);
}

/**
 * What an export with these filters would hold, without producing it: reviewer spans (after the status
 * filter), gold spans, articles, and for the spans and gold CSVs the number of data rows of the file.
 * The same permission helpers as the exports themselves (scope.ts), so a preview shows nothing its
 * download would not.
 */
export async function previewExport(actor: Actor, input: TExportPreview): Promise<ExportPreview> {
  const { format, layer = "annotation", ...requested } = input;
  const spanFormat = format === "spans-csv" || format === "bio";
  const filters = spanFormat
    ? await scopeSpanExport(actor, requested, layer)
    : await scopeAdminExport(actor, requested);
  await assertProjectExists(filters);
  await assertKnownIds(filters);

  const wantsReviewerSpans =
    format === "jsonl" ||
    format === "articles-csv" ||
    format.startsWith("soft-labels") ||
    (spanFormat && layer !== "gold");
  const wantsGold = format === "jsonl" || format === "gold-csv" || (spanFormat && layer !== "annotation");
  const [pairs, statusOk, gold, articles] = await Promise.all([
    wantsReviewerSpans
      ? db.annotation.groupBy({ by: ["articleId", "userId"], where: annotationWhere(filters), _count: { _all: true } })
      : [],
    statusPredicate(filters),
    wantsGold ? db.goldSpan.count({ where: goldWhere(filters) }) : 0,
    db.article.count({ where: articleWhere(filters) }),
  ]);
  let spans = 0;
  for (const p of pairs) if (statusOk(p.articleId, p.userId)) spans += p._count._all;
  const rows = format === "spans-csv" ? spans + gold : format === "gold-csv" ? gold : null;
  return { rows, spans, gold, articles };
}
