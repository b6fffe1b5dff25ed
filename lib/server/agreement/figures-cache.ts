import "server-only";
import { clearArticleStates } from "./article-state";
import { computeFigures } from "./compute-figures";
import type { ProjectAgreement, ProjectAgreementFigures } from "./types";

/**
 * The figures cached in this process under (projectId, Project.annotationRevision). The revision is
 * read from the database on every call and bumped with every write that can change the figures
 * (./revision.ts), so several app instances never serve a stale figure.
 */
const CACHE_SIZE = 16;
const cache = new Map<string, Promise<ProjectAgreementFigures>>();
/** The newest completed figures per project, served (marked stale) while a newer revision computes. */
const latest = new Map<string, ProjectAgreementFigures>();

function cacheKey(projectId: string, revision: number): string {
  return `${projectId}\u0000${revision}`;
}

/** Drops every cached figure and the per-article state (tests and benchmarks measure cold runs with it). */
export function clearAgreementCache(): void {
  cache.clear();
  latest.clear();
  clearArticleStates();
}

/** The figures of this revision: cached, being computed, or computed now. `cached`: it was not started here. */
function figuresOf(
  projectId: string,
  revision: number,
): { pending: Promise<ProjectAgreementFigures>; cached: boolean } {
  const key = cacheKey(projectId, revision);
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key); // LRU: re-insert as most recent
    cache.set(key, hit);
    return { pending: hit, cached: true };
  }
  const pending = computeFigures(projectId, revision);
  for (const k of cache.keys()) if (k.startsWith(`${projectId}\u0000`)) cache.delete(k); // older revisions are dead
  cache.set(key, pending);
  while (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  pending.then(
    (f) => {
      if ((latest.get(projectId)?.revision ?? -1) <= f.revision) latest.set(projectId, f);
    },
    () => cache.delete(key),
  );
  return { pending, cached: false };
}

/**
 * The figures of the current revision; with `maxWaitMs`, after that long the newest older figures
 * (marked stale) if there are any, while the computation goes on into the cache.
 */
export async function cachedFigures(
  projectId: string,
  revision: number,
  maxWaitMs: number | undefined,
): Promise<{ figures: ProjectAgreementFigures; cached: boolean; stale: ProjectAgreement["stale"] }> {
  const { pending, cached } = figuresOf(projectId, revision);
  const previous = latest.get(projectId);
  if (maxWaitMs === undefined || !previous || previous.revision === revision)
    return { figures: await pending, cached, stale: null };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<null>((resolve) => (timer = setTimeout(resolve, maxWaitMs, null)));
  // A budget of 0 does not wait at all (deterministic: no race with a timer).
  const first = maxWaitMs <= 0 ? null : await Promise.race([pending, timeout]);
  clearTimeout(timer);
  if (first) return { figures: first, cached, stale: null };
  return { figures: previous, cached, stale: { currentRevision: revision } };
}
