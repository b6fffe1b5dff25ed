import "server-only";
import { cache } from "react";
import { ZCompareFilters, type TCompareFilters } from "@/lib/schemas/adjudication";
import type { Actor } from "@/lib/server/actor";
import { getCompareData } from "@/lib/server/adjudication/get-compare-data";
import { pageError } from "@/lib/server/page-guards";

type SearchParams = Record<string, string | string[] | undefined>;

const list = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** The compare page's display filters from its search params; anything malformed shows everything. */
export function compareFilters(params: SearchParams): TCompareFilters {
  const one = (v: string | string[] | undefined) => list(v)[0];
  const parsed = ZCompareFilters.safeParse({
    labels: list(params.label),
    raters: list(params.rater),
    page: one(params.page),
    from: one(params.from),
  });
  return parsed.success ? parsed.data : { labels: [], raters: [], page: 1, from: 0 };
}

export type ComparePageProps = {
  params: Promise<{ articleId: string }>;
  searchParams: Promise<SearchParams>;
};

/**
 * One compare load per request for a page and its tab title (React's cache, keyed by the article and the
 * filters): `guard` names the acting user, and may redirect; the use case checks the access.
 */
export function compareLoader(guard: (articleId: string) => Promise<Actor>) {
  const load = cache(async (articleId: string, filtersKey: string) => {
    const actor = await guard(articleId);
    const filters = JSON.parse(filtersKey) as TCompareFilters;
    return { filters, data: await getCompareData(actor, articleId, filters).catch(pageError) };
  });
  return async ({ params, searchParams }: ComparePageProps) =>
    load((await params).articleId, JSON.stringify(compareFilters(await searchParams)));
}
