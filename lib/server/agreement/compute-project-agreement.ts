import "server-only";
import type { Actor } from "../actor";
import { db } from "../db";
import { requireProject } from "../projects/access";
import { AppError } from "../errors";
import { cachedFigures } from "./figures-cache";
import type { AgreementOptions, ProjectAgreement } from "./types";

export { clearAgreementCache } from "./figures-cache";
export type {
  AgreementOptions,
  DocumentSummary,
  ProjectAgreement,
  ProjectAgreementFigures,
  QuestionAgreement,
} from "./types";

/**
 * Agreement figures of one project (admin only).
 *
 * Who is a rater of an article: a user with at least one span on it, or whose status on it is
 * "done" (finished and found nothing to mark: an all-"none" rater). A reviewer "in progress" with no
 * span is not counted: they have not said the article has nothing to mark. Gold spans are not ratings.
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
  await requireProject(actor, projectId, "curate");
  const project = await db.project.findUnique({
    where: { id: projectId },
    select: { id: true, name: true, annotationRevision: true, _count: { select: { articles: true } } },
  });
  if (!project) throw new AppError("NOT_FOUND", "No such project.");
  const { figures, cached, stale } = await cachedFigures(projectId, project.annotationRevision, options.maxWaitMs);

  const [labels, raters, titles] = await Promise.all([
    db.label.findMany({
      where: { projectId },
      select: { id: true, name: true, colour: true, group: { select: { name: true } } },
    }),
    db.user.findMany({ where: { id: { in: figures.raterIds } }, select: { id: true, name: true } }),
    db.article.findMany({ where: { projectId }, select: { id: true, title: true } }),
  ]);
  return {
    ...figures,
    cached: cached || stale !== null,
    stale,
    project: { id: project.id, name: project.name, articles: project._count.articles },
    labels: Object.fromEntries(labels.map((l) => [l.id, { name: l.name, colour: l.colour, group: l.group.name }])),
    raters: Object.fromEntries(raters.map((u) => [u.id, { name: u.name }])),
    articleTitles: Object.fromEntries(titles.map((a) => [a.id, a.title])),
  };
}
