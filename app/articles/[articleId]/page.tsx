import type { Metadata } from "next";
import { headers } from "next/headers";
import { cache } from "react";
import { getAnnotationWorkspace } from "@/lib/server/articles/get-annotation-workspace";
import { pageActor, pageError } from "@/lib/server/page-guards";
import { getArticleQuestions } from "@/lib/server/questions/get-article-questions";
import { trainingFeedbackFor } from "@/lib/server/rounds/qualification";
import { Annotator } from "./_components/annotator";
import { EARLY_KEYS_SCRIPT } from "./_components/early-keys";
import { Questions } from "./_components/questions";
import { TrainingFeedback } from "./_components/training-feedback";
import { packSpans } from "./_components/types";

type Props = { params: Promise<{ articleId: string }> };

/** One load per request: the tab title and the page share it, and with it the permission check. */
const loadWorkspace = cache(async (articleId: string) => {
  const actor = await pageActor();
  const workspace = await getAnnotationWorkspace(actor, articleId).catch(pageError);
  return { actor, workspace };
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { workspace } = await loadWorkspace((await params).articleId);
  return { title: workspace.article.title };
}

export default async function ArticlePage({ params }: Props) {
  const { actor, workspace } = await loadWorkspace((await params).articleId);
  // The workspace load checked the access; the feedback is the actor's own spans against gold.
  const training = await trainingFeedbackFor(workspace.article.id, actor.id);
  return (
    <article>
      <p className="muted">
        <a href={`/projects/${workspace.project.id}`}>← {workspace.project.name}</a>
      </p>
      <h1 data-testid="article-title">{workspace.article.title}</h1>
      <p className="muted">
        {[workspace.article.source, workspace.article.author, workspace.article.publishedAt?.toISOString().slice(0, 10)]
          .filter(Boolean)
          .join(" · ")}
      </p>
      {workspace.mayCompare && (
        <p>
          <a href={`/articles/${workspace.article.id}/compare`} data-testid="compare-link">
            Compare with the other reviewers →
          </a>
        </p>
      )}
      {training && (
        <TrainingFeedback
          feedback={training}
          labelName={Object.fromEntries(workspace.labels.map((l) => [l.id, l.name]))}
        />
      )}
      {/* Before the text, so it listens from the moment the text can be selected (early-keys.ts). */}
      <script
        nonce={(await headers()).get("x-nonce") ?? undefined}
        // A constant script (nothing from the request or the database goes into it).
        // biome-ignore lint/security/noDangerouslySetInnerHtml: the page's own constant script (early-keys.ts), not data
        dangerouslySetInnerHTML={{ __html: EARLY_KEYS_SCRIPT }}
      />
      <Annotator
        workspace={{ ...workspace, annotations: packSpans(workspace.annotations, workspace.labels) }}
        userId={actor.id}
      />
      <Questions articleId={workspace.article.id} {...(await getArticleQuestions(actor, workspace.article.id))} />
    </article>
  );
}
