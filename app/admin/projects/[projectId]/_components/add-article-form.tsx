"use client";

import { type FormEvent, useActionState, useState } from "react";
import { FieldMessage, FormOutcome } from "@/components/form-errors";
import { MAX_ARTICLE_CHARS, MAX_UPLOAD_FILE_BYTES, tooLongMessage, uploadTooBigMessage } from "@/lib/schemas/limits";
import { type AdminFormState, createArticleAction } from "../../../actions";

type FieldError = { field: string; message: string };

/** The same limits the server applies, checked before anything is sent (a huge paste never leaves the page). */
function checkInBrowser(form: HTMLFormElement): FieldError[] {
  const out: FieldError[] = [];
  const text = (form.elements.namedItem("text") as HTMLTextAreaElement | null)?.value ?? "";
  if (text.length > MAX_ARTICLE_CHARS) out.push({ field: "text", message: tooLongMessage("text", MAX_ARTICLE_CHARS) });
  const file = (form.elements.namedItem("file") as HTMLInputElement | null)?.files?.[0];
  if (file && file.size > MAX_UPLOAD_FILE_BYTES) out.push({ field: "file", message: uploadTooBigMessage() });
  return out;
}

export function AddArticleForm({ projectId }: { projectId: string }) {
  const [state, action, pending] = useActionState<AdminFormState, FormData>(createArticleAction, null);
  const [local, setLocal] = useState<FieldError[]>([]);
  const fields = local.length ? local : state && !state.ok ? state.fields : undefined;
  // After a refusal the form shows what was typed (React resets uncontrolled fields to these defaults).
  const v = state && !state.ok ? state.values : undefined;
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    const problems = checkInBrowser(e.currentTarget);
    setLocal(problems);
    if (problems.length) e.preventDefault();
  };
  return (
    <form action={action} onSubmit={onSubmit} className="stack" data-testid="add-article-form" noValidate>
      <input type="hidden" name="projectId" value={projectId} />
      <label className="field">
        Title (optional: else its first line)
        <input
          name="title"
          defaultValue={v?.title ?? ""}
          aria-invalid={fields?.some((f) => f.field === "title") || undefined}
        />
      </label>
      <FieldMessage fields={fields} name="title" />
      <label className="field">
        Source
        <input name="source" defaultValue={v?.source ?? ""} />
      </label>
      <label className="field">
        URL
        <input
          name="url"
          type="url"
          defaultValue={v?.url ?? ""}
          aria-invalid={fields?.some((f) => f.field === "url") || undefined}
        />
      </label>
      <FieldMessage fields={fields} name="url" />
      <label className="field">
        Author
        <input name="author" defaultValue={v?.author ?? ""} />
      </label>
      <label className="field">
        Published (YYYY-MM-DD)
        <input name="publishedAt" type="date" defaultValue={v?.publishedAt ?? ""} />
      </label>
      <FieldMessage fields={fields} name="publishedAt" />
      <label className="field">
        Text
        <textarea
          name="text"
          rows={8}
          defaultValue={v?.text ?? ""}
          aria-invalid={fields?.some((f) => f.field === "text") || undefined}
        />
      </label>
      <FieldMessage fields={fields} name="text" />
      <label className="field">
        …or a .txt / .md file
        <input name="file" type="file" accept=".txt,.md,text/plain,text/markdown" />
      </label>
      <FieldMessage fields={fields} name="file" />
      {!local.length && <FormOutcome state={state} done="Article added." />}
      <button type="submit" className="primary" disabled={pending}>
        Add article
      </button>
    </form>
  );
}
