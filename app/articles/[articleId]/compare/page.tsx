import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { CompareView } from "@/components/compare/compare-view";
import { type ComparePageProps, compareLoader } from "@/components/compare/load";
import { pageActor } from "@/lib/server/page-guards";

export const dynamic = "force-dynamic";

/** The reviewers' read-only comparison; the use case refuses it (a real 403) while the project is blind. */
const load = compareLoader(async (articleId) => {
  const actor = await pageActor();
  if (actor.role === "admin") redirect(`/admin/articles/${encodeURIComponent(articleId)}/compare`);
  return actor;
});

export async function generateMetadata(props: ComparePageProps): Promise<Metadata> {
  return { title: `Compare: ${(await load(props)).data.article.title}` };
}

export default async function ReviewerComparePage(props: ComparePageProps) {
  const { data, filters } = await load(props);
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
