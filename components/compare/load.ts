import "server-only";
import { ZCompareFilters, type TCompareFilters } from "@/lib/schemas/adjudication";

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
