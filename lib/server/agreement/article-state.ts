import "server-only";
import type { SpanDocumentPartial } from "@/lib/domain/agreement/spans";

/** Projects whose per-article state is kept (about 40 MB for 2,000 articles x 4 raters x 40 spans). */
export const STATE_PROJECTS = 2;

/** Primary frame inputs: rater -> label -> [covered code points, spans] (all labels; framing ones picked later). */
export type Cover = Map<string, Map<string, [number, number]>>;

/** What one article contributes to the figures, kept between revisions (see ArticleState). */
export type ArticleEntry = {
  /** Article.annotationRevision, length and text hash: the entry is reused while these are unchanged. */
  version: string;
  /** The article's span-agreement partial; null when it has no rater (then it is not a document of the figures). */
  partial: SpanDocumentPartial | null;
  cover: Cover;
};

/**
 * Incremental computation: the per-article entries of the last computed revision of a project.
 * Every write that changes an article's spans or statuses bumps its `annotationRevision` (with the
 * project's, in the same transaction), so a new revision reloads and recomputes only the articles
 * whose version moved, and pools the corpus figures again from all entries
 * (`aggregateSpanAgreement`: bit-for-bit equal to a computation from scratch).
 */
type ArticleState = { revision: number; articles: Map<string, ArticleEntry> };
const articleStates = new Map<string, ArticleState>();

export function versionOf(a: { annotationRevision: number; length: number; textHash: string }): string {
  return `${a.annotationRevision}:${a.length}:${a.textHash}`;
}

/** The entries of the project's last computed revision (undefined after a start or a clear). */
export function previousEntries(projectId: string): ReadonlyMap<string, ArticleEntry> | undefined {
  return articleStates.get(projectId)?.articles;
}

/** The entries of exactly this revision of the project, if they are the ones kept. */
export function entriesAt(projectId: string, revision: number): ReadonlyMap<string, ArticleEntry> | undefined {
  const state = articleStates.get(projectId);
  return state?.revision === revision ? state.articles : undefined;
}

/** Keeps `entries` as the project's state unless a newer revision's is already there (most recent last). */
export function keepEntries(projectId: string, revision: number, entries: Map<string, ArticleEntry>): void {
  if ((articleStates.get(projectId)?.revision ?? -1) > revision) return;
  articleStates.delete(projectId);
  articleStates.set(projectId, { revision, articles: entries });
  while (articleStates.size > STATE_PROJECTS) articleStates.delete(articleStates.keys().next().value as string);
}

export function clearArticleStates(): void {
  articleStates.clear();
}
