import "server-only";
import type { Actor } from "../actor";
import { db } from "../db";
import { projectPseudonyms, requireProject } from "../projects/access";
import { AppError } from "../errors";
import { cachedFigures } from "./figures-cache";
import type { AgreementOptions, ProjectAgreement, StudyDesign } from "./types";

export { clearAgreementCache } from "./figures-cache";
export type {
  AgreementOptions,
  DocumentSummary,
  ProjectAgreement,
  ProjectAgreementFigures,
  QuestionAgreement,
  RoundFigures,
  StudyDesign,
} from "./types";

/**
 * Agreement figures of one project (its curators and managers, and the admin).
 *
 * Who is a rater of an article, in "everyone" mode: a user with at least one span on it, or whose status
 * on it is "done" (finished and found nothing to mark: an all-"none" rater). A reviewer "in progress"
 * with no span is not counted: they have not said the article has nothing to mark. In an assignment mode
 * (overlap, manual, pull) the figures follow the design: an article's raters are its assigned annotators
 * who marked it done (a done annotator without spans marked nothing); other spans on it are left out.
 * Gold spans are not ratings. Anonymised curators see raters as R1, R2… (account creation order).
 *
 * Caching (figures-cache.ts): the result is cached in this process under (projectId,
 * Project.annotationRevision); a cache hit costs one primary-key read. Names (labels, reviewers,
 * article titles) are read fresh on every call, so renames show at once.
 *
 * Incremental computation (compute-figures.ts, article-state.ts): a new revision reloads and
 * recomputes only the articles whose (Article.annotationRevision, length, text hash) moved —
 * O(changed spans) — and pools the corpus, per-label and per-pair figures again from all partials
 * with `aggregateSpanAgreement`: the same arithmetic in the same order as a computation from
 * scratch, so the figures are identical to one (tested). Questions and the primary frame
 * (question-agreement.ts) are recomputed on every revision. The first call in a process builds
 * every partial; the start-up warm-up (warm-up.ts) makes that call in the background.
 */
export async function computeProjectAgreement(
  actor: Actor,
  projectId: string,
  options: AgreementOptions = {},
): Promise<ProjectAgreement> {
  const scope = await requireProject(actor, projectId, "curate");
  const access = { anonymised: scope.role === "curator" && scope.anonymise };
  const project = await db.project.findUnique({
    where: { id: projectId },
    select: {
      id: true,
      name: true,
      annotationRevision: true,
      assignmentMode: true,
      overlapK: true,
      _count: { select: { articles: true } },
    },
  });
  if (!project) throw new AppError("NOT_FOUND", "No such project.");
  const { figures, cached, stale } = await cachedFigures(projectId, project.annotationRevision, options.maxWaitMs);
  const design = await studyDesign(projectId, project.assignmentMode, project.overlapK);
  const pseudonyms = access.anonymised ? await projectPseudonyms(projectId, figures.raterIds) : null;

  const [labels, raters, titles] = await Promise.all([
    db.label.findMany({
      where: { projectId },
      select: { id: true, name: true, colour: true, group: { select: { name: true } } },
    }),
    db.user.findMany({
      where: { id: { in: figures.raterIds } },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: { id: true, name: true },
    }),
    db.article.findMany({ where: { projectId }, select: { id: true, title: true } }),
  ]);
  return {
    ...figures,
    cached: cached || stale !== null,
    stale,
    project: { id: project.id, name: project.name, articles: project._count.articles },
    labels: Object.fromEntries(labels.map((l) => [l.id, { name: l.name, colour: l.colour, group: l.group.name }])),
    raters: Object.fromEntries(raters.map((u) => [u.id, { name: pseudonyms?.get(u.id) ?? u.name }])),
    articleTitles: Object.fromEntries(titles.map((a) => [a.id, a.title])),
    design,
  };
}

/** How far the study design has come: articles assigned, and how many reached k done annotators. */
async function studyDesign(projectId: string, mode: string, k: number): Promise<StudyDesign> {
  if (mode === "everyone") return { mode, k: null, assigned: 0, reachedK: 0, belowK: 0 };
  const [row] = await db.$queryRaw<{ assigned: unknown; reached: unknown; below: unknown }[]>`
    SELECT COUNT(*) AS "assigned",
           COALESCE(SUM(CASE WHEN d."done" >= ${k} THEN 1 ELSE 0 END), 0) AS "reached",
           COALESCE(SUM(CASE WHEN d."done" > 0 AND d."done" < ${k} THEN 1 ELSE 0 END), 0) AS "below"
    FROM (
      SELECT g."articleId", COUNT(DISTINCT s."userId") AS "done"
      FROM "Assignment" g
      LEFT JOIN "ArticleStatus" s ON s."articleId" = g."articleId" AND s."userId" = g."userId" AND s."status" = 'done'
      WHERE g."projectId" = ${projectId} AND g."status" = 'assigned'
      GROUP BY g."articleId"
    ) d`;
  return {
    mode,
    k,
    assigned: Number(row?.assigned ?? 0),
    reachedK: Number(row?.reached ?? 0),
    belowK: Number(row?.below ?? 0),
  };
}
