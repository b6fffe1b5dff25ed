/**
 * Disagreement routing: when an article's agreement after its k annotators is below the manager's
 * threshold, it gets one more annotator, up to a maximum. Pure decisions; the use case supplies figures.
 */
export type RoutingRule = { below: number; max: number; k: number };

/**
 * Whether the article needs another annotator: every assigned annotator is done, there are at least k
 * of them, fewer than `max`, and the agreement among them is below the threshold. An undefined figure
 * (nothing anyone marked, so nothing to disagree on) never routes.
 */
export function needsAnotherAnnotator(
  rule: RoutingRule,
  article: { assigned: number; done: number; agreement: number | null },
): boolean {
  if (article.agreement === null) return false;
  if (article.done < article.assigned || article.done < rule.k) return false;
  if (article.assigned >= rule.max) return false;
  return article.agreement < rule.below;
}

/** The extra annotator: the least loaded of those not already on the article, ties by id (deterministic). */
export function pickExtraAnnotator(
  candidates: readonly { id: string; load: number }[],
  onArticle: ReadonlySet<string>,
): string | null {
  let best: { id: string; load: number } | null = null;
  for (const c of candidates) {
    if (onArticle.has(c.id)) continue;
    if (!best || c.load < best.load || (c.load === best.load && c.id < best.id)) best = c;
  }
  return best?.id ?? null;
}

/** Mean of the pairwise figures that are defined; null when none is. */
export function meanDefined(values: readonly (number | null)[]): number | null {
  const defined = values.filter((v): v is number => v !== null);
  return defined.length ? defined.reduce((a, b) => a + b, 0) / defined.length : null;
}
