"use client";

import { useActionState } from "react";
import { FieldMessage } from "@/components/form-errors";
import { type AdminFormState, createArticleAction } from "../../../actions";

export function AddArticleForm({ projectId }: { projectId: string }) {
  const [state, action, pending] = useActionState<AdminFormState, FormData>(createArticleAction, null);
  const fields = state && !state.ok ? state.fields : undefined;
  return (
    <form action={action} className="stack" data-testid="add-article-form">
      <input type="hidden" name="projectId" value={projectId} />
      <label className="field">Title (optional when uploading)<input name="title" /></label>
      <FieldMessage fields={fields} name="title" />
      <label className="field">Source<input name="source" /></label>
      <label className="field">URL<input name="url" type="url" /></label>
      <FieldMessage fields={fields} name="url" />
      <label className="field">Author<input name="author" /></label>
      <label className="field">Published (YYYY-MM-DD)<input name="publishedAt" type="date" /></label>
      <FieldMessage fields={fields} name="publishedAt" />
      <label className="field">Text<textarea name="text" rows={8} /></label>
      <FieldMessage fields={fields} name="text" />
      <label className="field">…or a .txt / .md file<input name="file" type="file" accept=".txt,.md,text/plain,text/markdown" /></label>
      <FieldMessage fields={fields} name="file" />
      {state && !state.ok && !state.fields.length && <p className="error" role="alert">{state.error}</p>}
      {state?.ok && <p className="notice" role="status">Article added.</p>}
      <button className="primary" disabled={pending}>Add article</button>
    </form>
  );
}
