"use client";

import { useActionState } from "react";
import { FieldMessage, FormOutcome } from "@/components/form-errors";
import { updateArticleAction } from "@/app/admin/article-actions";
import type { AdminFormState } from "@/app/admin/actions";

type EditableArticle = {
  id: string;
  projectId: string;
  title: string;
  source: string;
  url: string;
  author: string;
  publishedAt: string;
  /** Empty unless textEditable (an annotated article's text is not sent to the page at all). */
  text: string;
  textEditable: boolean;
};

export function ArticleEditor({ article }: { article: EditableArticle }) {
  const [state, action, pending] = useActionState<AdminFormState, FormData>(updateArticleAction, null);
  const fields = state && !state.ok ? state.fields : undefined;
  const v = state && !state.ok ? state.values : undefined;
  const invalid = (name: string) => fields?.some((f) => f.field === name) || undefined;
  return (
    <form action={action} className="stack" data-testid="edit-article-form">
      <input type="hidden" name="id" value={article.id} />
      <input type="hidden" name="projectId" value={article.projectId} />
      <input type="hidden" name="textEditable" value={String(article.textEditable)} />
      <label className="field">
        Title
        <input name="title" defaultValue={v?.title ?? article.title} aria-invalid={invalid("title")} />
      </label>
      <FieldMessage fields={fields} name="title" />
      <label className="field">
        Source
        <input name="source" defaultValue={v?.source ?? article.source} />
      </label>
      <label className="field">
        URL
        <input name="url" type="url" defaultValue={v?.url ?? article.url} aria-invalid={invalid("url")} />
      </label>
      <FieldMessage fields={fields} name="url" />
      <label className="field">
        Author
        <input name="author" defaultValue={v?.author ?? article.author} />
      </label>
      <label className="field">
        Published (YYYY-MM-DD)
        <input name="publishedAt" type="date" defaultValue={v?.publishedAt ?? article.publishedAt} />
      </label>
      <FieldMessage fields={fields} name="publishedAt" />
      {article.textEditable ? (
        <>
          <label className="field">
            Text (editable while nobody has annotated the article)
            <textarea name="text" rows={12} defaultValue={v?.text ?? article.text} aria-invalid={invalid("text")} />
          </label>
          <FieldMessage fields={fields} name="text" />
        </>
      ) : (
        <p className="muted" data-testid="text-locked">
          The text can no longer change: reviewers have worked on this article, and their spans point into it.
        </p>
      )}
      <FormOutcome state={state} done="Saved." />
      <button type="submit" className="primary" disabled={pending}>
        Save article
      </button>
    </form>
  );
}
