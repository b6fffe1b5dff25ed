import type { Metadata } from "next";
import { forbidden, notFound, redirect } from "next/navigation";
import { CompareView } from "@/components/compare/compare-view";
import { compareFilters } from "@/components/compare/load";
import { getCompareData } from "@/lib/server/adjudication/get-compare-data";
import { AppError } from "@/lib/server/errors";
import { pageActor } from "@/lib/server/page-guards";

export const metadata: Metadata = { title: "Comparison" };

export const dynamic = "force-dynamic";

/** The reviewers' read-only comparison; the use case refuses it while the project is blind. */
export default async function ReviewerComparePage({
  params,
  searchParams,
}: {
  params: Promise<{ articleId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const actor = await pageActor();
  const { articleId } = await params;
  if (actor.role === "admin") redirect(`/admin/articles/${encodeURIComponent(articleId)}/compare`);
  const filters = compareFilters(await searchParams);
  let data: Awaited<ReturnType<typeof getCompareData>>;
  try {
    data = await getCompareData(actor, articleId, filters);
  } catch (e) {
    if (e instanceof AppError && e.code === "NOT_FOUND") notFound();
    // Blind: a real 403, so no client or script can tell the comparison apart from any other refusal.
    if (e instanceof AppError && e.code === "FORBIDDEN") forbidden();
    throw e;
  }
  const path = `/articles/${data.article.id}/compare`;
  return (
    <article>
      <p className="muted">
        <a href={`/articles/${data.article.id}`}>← back to the article</a>
      </p>
      <h1 data-testid="compare-title">Compare: {data.article.title}</h1>
      <p className="muted">Read only: how every reviewer labelled this article, and the adjudicated gold layer.</p>
      <CompareView data={data} filters={filters} path={path} />
    </article>
  );
}
