"use server";

import { revalidatePath } from "next/cache";
import { ZDeleteArticle, ZMoveArticle, ZUpdateArticle } from "@/lib/schemas/article";
import { isForm, notAForm, runAction } from "@/lib/server/action";
import { deleteArticle, moveArticle, updateArticle } from "@/lib/server/articles/manage-article";
import { keepValues } from "@/lib/server/form-values";
import type { AdminFormState } from "./actions";

const fields = (form: FormData) =>
  Object.fromEntries([...form.entries()].filter(([k, v]) => !k.startsWith("$") && typeof v === "string"));

/** Edits an article's metadata (and its text while nobody has annotated it); the form keeps what was typed. */
export async function updateArticleAction(_prev: AdminFormState, form: FormData): Promise<AdminFormState> {
  if (!isForm(form)) return notAForm();
  const { projectId, textEditable, ...raw } = fields(form);
  // The text box is only offered while the text may change; otherwise the text is not sent at all.
  if (textEditable !== "true") delete raw.text;
  const r = await runAction(ZUpdateArticle, raw, updateArticle);
  if (r.ok) revalidatePath(`/admin/projects/${String(projectId)}`);
  return keepValues(r, form);
}

export async function deleteArticleAction(_prev: AdminFormState, form: FormData): Promise<AdminFormState> {
  if (!isForm(form)) return notAForm();
  const { projectId, ...raw } = fields(form);
  const r = await runAction(ZDeleteArticle, raw, deleteArticle);
  if (r.ok) revalidatePath(`/admin/projects/${String(projectId)}`);
  return r;
}

export async function moveArticleAction(_prev: AdminFormState, form: FormData): Promise<AdminFormState> {
  if (!isForm(form)) return notAForm();
  const { projectId, ...raw } = fields(form);
  const r = await runAction(ZMoveArticle, raw, moveArticle);
  if (r.ok) revalidatePath(`/admin/projects/${String(projectId)}`);
  return r;
}
