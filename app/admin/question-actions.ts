"use server";

import { revalidatePath } from "next/cache";
import { ZArchiveQuestionForm, ZCreateQuestion } from "@/lib/schemas/question";
import { assertForm, isForm, notAForm, runAction } from "@/lib/server/action";
import { AppError } from "@/lib/server/errors";
import { createQuestion } from "@/lib/server/questions/create-question";
import { setQuestionArchived } from "@/lib/server/questions/set-question-archived";
import type { AdminFormState } from "./actions";

// runAction parses with the shared schemas; these only reshape form data.
export async function createQuestionAction(_prev: AdminFormState, form: FormData): Promise<AdminFormState> {
  if (!isForm(form)) return notAForm();
  const projectId = String(form.get("projectId") ?? "");
  const raw = {
    projectId,
    prompt: String(form.get("prompt") ?? ""),
    kind: String(form.get("kind") ?? ""),
    // One option per line.
    options: String(form.get("options") ?? "")
      .split("\n")
      .map((s) => s.trim())
      .filter(Boolean),
  };
  const r = await runAction(ZCreateQuestion, raw, createQuestion);
  if (r.ok) revalidatePath(`/admin/projects/${projectId}`);
  // "options.2: ..." is shown next to the options box.
  return r.ok
    ? r
    : { ...r, fields: r.fields.map((f) => ({ ...f, field: f.field.replace(/^options\.\d+$/, "options") })) };
}

export async function setQuestionArchivedAction(form: FormData): Promise<void> {
  assertForm(form);
  const r = await runAction(ZArchiveQuestionForm, Object.fromEntries(form), (actor, { id, archived }) =>
    setQuestionArchived(actor, { id, archived }),
  );
  if (!r.ok) throw new AppError(r.code, r.error, r.fields);
  revalidatePath(`/admin/projects/${String(form.get("projectId"))}`);
}
