"use server";

import { revalidatePath } from "next/cache";
import { type KeptValues, keepValues } from "@/lib/server/form-values";
import { decodeUtf8, InvalidUtf8Error } from "@/lib/domain/dataset/utf8";
import { titleFromText } from "@/lib/domain/articles/title";
import { ZCreateArticle } from "@/lib/schemas/article";
import { MAX_UPLOAD_FILE_BYTES, uploadTooBigMessage } from "@/lib/schemas/limits";
import { ZCreateProject, ZSetProjectLocked } from "@/lib/schemas/project";
import { ZCreateLabel, ZLabelOp, ZUpdateLabel } from "@/lib/schemas/taxonomy";
import { ZCreateAccount } from "@/lib/schemas/user";
import { assertForm, isForm, notAForm, runAction } from "@/lib/server/action";
import { createArticle } from "@/lib/server/articles/create-article";
import { type ActionResult, AppError } from "@/lib/server/errors";
import { createProject } from "@/lib/server/projects/create-project";
import { setProjectLocked } from "@/lib/server/projects/projects";
import {
  createLabel,
  deleteLabel,
  moveLabel,
  setLabelArchived,
  updateLabel,
} from "@/lib/server/taxonomy/manage-labels";
import { createUser } from "@/lib/server/users/create-user";

/** A form action's result; a refusal also carries the values typed, so the form keeps them. */
export type AdminFormState = (ActionResult<unknown> & KeptValues) | null;

// Forms post FormData; runAction parses it with the shared schema, so these only reshape.
const entries = (form: FormData): Record<string, FormDataEntryValue> =>
  Object.fromEntries([...form.entries()].filter(([k]) => !k.startsWith("$")));

/** Revalidates the page after a success; a refusal goes back with the typed values, so the form keeps them. */
function done<T>(result: ActionResult<T>, path: string, form: FormData): ActionResult<T> & KeptValues {
  if (result.ok) revalidatePath(path);
  return keepValues(result, form);
}

export async function createReviewerAction(_prev: AdminFormState, form: FormData): Promise<AdminFormState> {
  if (!isForm(form)) return notAForm();
  // The account form posts `projectIds` once per ticked project.
  const r = await runAction(
    ZCreateAccount,
    { ...entries(form), projectIds: form.getAll("projectIds") },
    (actor, { role, projectIds, ...account }) => createUser(actor, account, role, projectIds),
  );
  return done(r, "/admin/users", form);
}

export async function createArticleAction(_prev: AdminFormState, form: FormData): Promise<AdminFormState> {
  if (!isForm(form)) return notAForm();
  const raw: Record<string, unknown> = entries(form);
  const file = form.get("file");
  if (file instanceof File && file.size > 0) {
    const tooBig = uploadTooBigMessage();
    if (file.size > MAX_UPLOAD_FILE_BYTES)
      return keepValues(
        { ok: false, code: "INVALID", error: `file: ${tooBig}`, fields: [{ field: "file", message: tooBig }] },
        form,
      );
    if (!/\.(txt|md)$/i.test(file.name))
      return keepValues(
        {
          ok: false,
          code: "INVALID",
          error: "file: must be a .txt or .md file",
          fields: [{ field: "file", message: "must be a .txt or .md file" }],
        },
        form,
      );
    // Strict UTF-8: File.text() would turn invalid bytes into U+FFFD silently.
    try {
      raw.text = decodeUtf8(new Uint8Array(await file.arrayBuffer()));
    } catch (e) {
      if (!(e instanceof InvalidUtf8Error)) throw e;
      return keepValues(
        { ok: false, code: "INVALID", error: `file: ${e.message}`, fields: [{ field: "file", message: e.message }] },
        form,
      );
    }
  }
  // Untitled: the first non-empty line of the text (what a newsroom article starts with: its headline).
  if (!String(raw.title ?? "").trim() && typeof raw.text === "string") raw.title = titleFromText(raw.text);
  delete raw.file;
  const r = await runAction(ZCreateArticle, raw, createArticle);
  return done(r, `/admin/projects/${String(raw.projectId)}`, form);
}

export async function createLabelAction(_prev: AdminFormState, form: FormData): Promise<AdminFormState> {
  if (!isForm(form)) return notAForm();
  const r = await runAction(ZCreateLabel, entries(form), createLabel);
  return done(r, `/admin/projects/${String(form.get("projectId"))}`, form);
}

export async function updateLabelAction(_prev: AdminFormState, form: FormData): Promise<AdminFormState> {
  if (!isForm(form)) return notAForm();
  const { projectId, ...raw } = entries(form);
  const r = await runAction(ZUpdateLabel, raw, updateLabel);
  return done(r, `/admin/projects/${String(projectId)}`, form);
}

export async function labelOpAction(form: FormData): Promise<void> {
  assertForm(form);
  const r = await runAction(ZLabelOp, entries(form), async (actor, { id, op, index }) => {
    if (op === "up" || op === "down")
      return moveLabel(actor, { id, toIndex: Math.max(0, index + (op === "up" ? -1 : 1)) });
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

export async function createProjectAction(_prev: AdminFormState, form: FormData): Promise<AdminFormState> {
  if (!isForm(form)) return notAForm();
  return done(await runAction(ZCreateProject, entries(form), createProject), "/admin", form);
}
