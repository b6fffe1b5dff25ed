import type { Metadata } from "next";
import { getArticleForEdit } from "@/lib/server/articles/manage-article";
import { pageError, pageStaff } from "@/lib/server/page-guards";
import { ArticleEditor } from "./_components/article-editor";

export const metadata: Metadata = { title: "Edit article · Admin" };

export const dynamic = "force-dynamic";

export default async function EditArticlePage({ params }: { params: Promise<{ articleId: string }> }) {
  const actor = await pageStaff();
  const { articleId } = await params;
  const article = await getArticleForEdit(actor, articleId).catch(pageError);
  return (
    <section>
      <p className="muted">
        <a href={`/admin/projects/${article.projectId}`}>← Project</a>
      </p>
      <h1>Edit article</h1>
      <ArticleEditor
        article={{
          id: article.id,
          projectId: article.projectId,
          title: article.title,
          source: article.source,
          url: article.url ?? "",
          author: article.author ?? "",
          publishedAt: article.publishedAt?.toISOString().slice(0, 10) ?? "",
          text: article.textEditable ? article.text : "",
          textEditable: article.textEditable,
        }}
      />
    </section>
  );
}
