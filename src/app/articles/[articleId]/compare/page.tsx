import { notFound, redirect } from "next/navigation";
import { CompareView } from "@/components/compare/compare-view";
import { compareFilters } from "@/components/compare/load";
import { getCompareData } from "@/server/adjudication/get-compare-data";
import { currentActor } from "@/server/auth";
import { AppError } from "@/server/errors";

export const dynamic = "force-dynamic";

/** The reviewers' read-only comparison; the use case refuses it while the project is blind. */
export default async function ReviewerComparePage({ params, searchParams }: { params: Promise<{ articleId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await currentActor();
  if (!actor) redirect("/sign-in");
  const { articleId } = await params;
  if (actor.role === "admin") redirect(`/admin/articles/${encodeURIComponent(articleId)}/compare`);
  let data;
  try {
    data = await getCompareData(actor, articleId);
  } catch (e) {
    if (e instanceof AppError && e.code === "NOT_FOUND") notFound();
    if (e instanceof AppError && e.code === "FORBIDDEN") {
      return (
        <section>
          <h1>Comparison not available</h1>
          <p className="error" data-testid="compare-forbidden">{e.message}</p>
          <p><a href={`/articles/${encodeURIComponent(articleId)}`}>Back to the article</a></p>
        </section>
      );
    }
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
      <CompareView data={data} filters={compareFilters(await searchParams)} path={path} />
    </article>
  );
}
