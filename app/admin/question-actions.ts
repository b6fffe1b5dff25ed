"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { ZId } from "@/lib/schemas/common";
import { assertForm, isForm, notAForm, runAction } from "@/lib/server/action";
import { AppError } from "@/lib/server/errors";
import { createQuestion } from "@/lib/server/questions/create-question";
import { setQuestionArchived } from "@/lib/server/questions/set-question-archived";
import type { AdminFormState } from "./actions";

// The use cases parse with the shared schemas (ZCreateQuestion, ZArchiveQuestion); these only reshape form data.
export async function createQuestionAction(_prev: AdminFormState, form: FormData): Promise<AdminFormState> {
  if (!isForm(form)) return notAForm();
  const projectId = String(form.get("projectId") ?? "");
  const raw = {
    projectId,
    prompt: String(form.get("prompt") ?? ""),
    kind: String(form.get("kind") ?? ""),
    // One option per line.
    options: String(form.get("options") ?? "").split("\n").map((s) => s.trim()).filter(Boolean),
  };
  const r = await runAction(z.unknown(), raw, (actor) => createQuestion(actor, raw));
  if (r.ok) revalidatePath(`/admin/projects/${projectId}`);
  // "options.2: ..." is shown next to the options box.
  return r.ok ? r : { ...r, fields: r.fields.map((f) => ({ ...f, field: f.field.replace(/^options\.\d+$/, "options") })) };
}

const ZArchiveForm = z.object({ id: ZId, projectId: ZId, archived: z.enum(["true", "false"]) });

export async function setQuestionArchivedAction(form: FormData): Promise<void> {
  assertForm(form);
  const r = await runAction(ZArchiveForm, Object.fromEntries(form), (actor, { id, archived }) => setQuestionArchived(actor, { id, archived: archived === "true" }));
  if (!r.ok) throw new AppError(r.code, r.error, r.fields);
  revalidatePath(`/admin/projects/${String(form.get("projectId"))}`);
}
