"use server";

import { revalidatePath } from "next/cache";
import { ZCreateArticle } from "@/lib/schemas/article";
import { MAX_UPLOAD_FILE_BYTES, formatBytes } from "@/lib/schemas/limits";
import { ZSetProjectLocked } from "@/lib/schemas/project";
import { ZCreateLabel, ZLabelOp, ZUpdateLabel } from "@/lib/schemas/taxonomy";
import { ZCreateUser } from "@/lib/schemas/user";
import { assertForm, isForm, notAForm, runAction } from "@/lib/server/action";
import { createArticle } from "@/lib/server/articles/create-article";
import { type ActionResult, AppError } from "@/lib/server/errors";
import { setProjectLocked } from "@/lib/server/projects/projects";
import { createLabel, deleteLabel, moveLabel, setLabelArchived, updateLabel } from "@/lib/server/taxonomy/manage-labels";
import { createUser } from "@/lib/server/users/create-user";

export type AdminFormState = ActionResult<unknown> | null;

// Forms post FormData; runAction parses it with the shared schema, so these only reshape.
const entries = (form: FormData): Record<string, FormDataEntryValue> =>
  Object.fromEntries([...form.entries()].filter(([k]) => !k.startsWith("$")));

function done<T>(result: ActionResult<T>, path: string): ActionResult<T> {
  if (result.ok) revalidatePath(path);
  return result;
}

export async function createReviewerAction(_prev: AdminFormState, form: FormData): Promise<AdminFormState> {
  if (!isForm(form)) return notAForm();
  // `role` is a separate argument, not part of the strict account schema.
  const { role, ...fields } = entries(form);
  const r = await runAction(ZCreateUser, fields, (actor, input) =>
    createUser(actor, input, role === "admin" ? "admin" : "reviewer"),
  );
  return done(r, "/admin/users");
}

export async function createArticleAction(_prev: AdminFormState, form: FormData): Promise<AdminFormState> {
  if (!isForm(form)) return notAForm();
  const raw: Record<string, unknown> = entries(form);
  const file = form.get("file");
  if (file instanceof File && file.size > 0) {
    const tooBig = `must be at most ${formatBytes(MAX_UPLOAD_FILE_BYTES)}`;
    if (file.size > MAX_UPLOAD_FILE_BYTES) {
      return { ok: false, code: "INVALID", error: `file: ${tooBig}`, fields: [{ field: "file", message: tooBig }] };
    }
    if (!/\.(txt|md)$/i.test(file.name)) {
      const message = "must be a .txt or .md file";
      return { ok: false, code: "INVALID", error: `file: ${message}`, fields: [{ field: "file", message }] };
    }
    raw.text = await file.text();
    if (!raw.title) raw.title = file.name.replace(/\.(txt|md)$/i, "");
  }
  delete raw.file;
  const r = await runAction(ZCreateArticle, raw, createArticle);
  return done(r, `/admin/projects/${String(raw.projectId)}`);
}

export async function createLabelAction(_prev: AdminFormState, form: FormData): Promise<AdminFormState> {
  if (!isForm(form)) return notAForm();
  const r = await runAction(ZCreateLabel, entries(form), createLabel);
  return done(r, `/admin/projects/${String(form.get("projectId"))}`);
}

export async function updateLabelAction(_prev: AdminFormState, form: FormData): Promise<AdminFormState> {
  if (!isForm(form)) return notAForm();
  const { projectId, ...raw } = entries(form);
  const r = await runAction(ZUpdateLabel, raw, updateLabel);
  return done(r, `/admin/projects/${String(projectId)}`);
}

export async function labelOpAction(form: FormData): Promise<void> {
  assertForm(form);
  const r = await runAction(ZLabelOp, entries(form), async (actor, { id, op, index }) => {
    if (op === "up" || op === "down") return moveLabel(actor, { id, toIndex: Math.max(0, index + (op === "up" ? -1 : 1)) });
    if (op === "delete") return deleteLabel(actor, { id });
    return setLabelArchived(actor, { id }, op === "archive");
  });
  if (!r.ok) throw new AppError(r.code, r.error, r.fields);
  revalidatePath(`/admin/projects/${String(form.get("projectId"))}`);
}

export async function setLockedAction(form: FormData): Promise<void> {
  assertForm(form);
  const r = await runAction(ZSetProjectLocked, entries(form), (actor, { projectId, locked }) =>
    setProjectLocked(actor, projectId, locked),
  );
  if (!r.ok) throw new AppError(r.code, r.error, r.fields);
  revalidatePath(`/admin/projects/${String(form.get("projectId"))}`);
}
