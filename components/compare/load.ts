import "server-only";
import { ZCompareFilters, type TCompareFilters } from "@/lib/schemas/adjudication";

type SearchParams = Record<string, string | string[] | undefined>;

const list = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** The compare page's display filters from its search params; anything malformed shows everything. */
export function compareFilters(params: SearchParams): TCompareFilters {
  const parsed = ZCompareFilters.safeParse({ labels: list(params.label), raters: list(params.rater) });
  return parsed.success ? parsed.data : { labels: [], raters: [] };
}
