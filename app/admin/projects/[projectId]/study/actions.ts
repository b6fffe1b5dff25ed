"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { MAX_UPLOAD_FILE_BYTES, formatBytes } from "@/lib/schemas/limits";
import {
  ZAddMember,
  ZAssignmentSettings,
  ZAssignOverlap,
  ZCreateRound,
  ZMoveRound,
  ZRemoveMember,
  ZSetQualification,
  ZUpdateGuidelines,
} from "@/lib/schemas/project";
import { ZId } from "@/lib/schemas/common";
import { isForm, notAForm, runAction } from "@/lib/server/action";
import { assignManual } from "@/lib/server/assignment/assign-manual";
import { assignOverlap } from "@/lib/server/assignment/assign-overlap";
import { reassignUnstarted, ZReassign } from "@/lib/server/assignment/reassign-unstarted";
import { setAssignmentSettings } from "@/lib/server/assignment/set-assignment-settings";
import type { ActionResult } from "@/lib/server/errors";
import { addMember } from "@/lib/server/members/add-member";
import { removeMember } from "@/lib/server/members/remove-member";
import { createRound, moveRound, setQualification, updateGuidelines } from "@/lib/server/rounds/manage-rounds";

type State = ActionResult<unknown> | null;

/** Text fields of a form; empty optional fields are left out so the schema's defaults apply. */
const fields = (form: FormData, optional: string[] = []) =>
  Object.fromEntries(
    [...form.entries()].filter(
      ([k, v]) => !k.startsWith("$") && typeof v === "string" && !(optional.includes(k) && v.trim() === ""),
    ),
  );

function refresh<T>(r: ActionResult<T>, form: FormData): ActionResult<T> {
  const projectId = form.get("projectId");
  if (r.ok && typeof projectId === "string") revalidatePath(`/admin/projects/${projectId}/study`);
  return r;
}

export async function addMemberAction(_prev: State, form: FormData): Promise<State> {
  if (!isForm(form)) return notAForm();
  return refresh(await runAction(ZAddMember, fields(form), addMember), form);
}

export async function removeMemberAction(_prev: State, form: FormData): Promise<State> {
  if (!isForm(form)) return notAForm();
  return refresh(await runAction(ZRemoveMember, fields(form), removeMember), form);
}

export async function setAssignmentSettingsAction(_prev: State, form: FormData): Promise<State> {
  if (!isForm(form)) return notAForm();
  return refresh(await runAction(ZAssignmentSettings, fields(form, ["routeBelow"]), setAssignmentSettings), form);
}

export async function assignOverlapAction(_prev: State, form: FormData): Promise<State> {
  if (!isForm(form)) return notAForm();
  return refresh(await runAction(ZAssignOverlap, fields(form, ["seed", "round"]), assignOverlap), form);
}

export async function reassignAction(_prev: State, form: FormData): Promise<State> {
  if (!isForm(form)) return notAForm();
  return refresh(await runAction(ZReassign, fields(form), reassignUnstarted), form);
}

const ZManualForm = z
  .object({ projectId: ZId, csv: z.string().min(1, "is required: upload a CSV file with article_id,user") })
  .strict();

export async function assignManualAction(_prev: State, form: FormData): Promise<State> {
  if (!isForm(form)) return notAForm();
  const file = form.get("file");
  const raw: Record<string, unknown> = { projectId: form.get("projectId") };
  if (file instanceof File && file.size > MAX_UPLOAD_FILE_BYTES) {
    const message = `must be at most ${formatBytes(MAX_UPLOAD_FILE_BYTES)}`;
    return { ok: false, code: "INVALID", error: `file: ${message}`, fields: [{ field: "file", message }] };
  }
  raw.csv = file instanceof File ? await file.text() : "";
  return refresh(await runAction(ZManualForm, raw, (actor, input) => assignManual(actor, input)), form);
}

export async function createRoundAction(_prev: State, form: FormData): Promise<State> {
  if (!isForm(form)) return notAForm();
  return refresh(await runAction(ZCreateRound, fields(form, ["qualifyF1"]), createRound), form);
}

export async function setQualificationAction(_prev: State, form: FormData): Promise<State> {
  if (!isForm(form)) return notAForm();
  const { projectId: _project, ...raw } = fields(form);
  return refresh(await runAction(ZSetQualification, raw, setQualification), form);
}

export async function updateGuidelinesAction(_prev: State, form: FormData): Promise<State> {
  if (!isForm(form)) return notAForm();
  return refresh(await runAction(ZUpdateGuidelines, fields(form), updateGuidelines), form);
}

export async function moveRoundAction(_prev: State, form: FormData): Promise<State> {
  if (!isForm(form)) return notAForm();
  const { projectId: _project, ...raw } = fields(form);
  return refresh(await runAction(ZMoveRound, raw, moveRound), form);
}
