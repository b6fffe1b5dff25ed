"use server";

import { revalidatePath } from "next/cache";
import {
  ZAcceptMajority,
  ZCandidateRef,
  ZCompareSettings,
  ZDrawGoldSpan,
  ZEditGoldSpan,
  ZGoldSpanId,
  ZSetAdjudicated,
} from "@/lib/schemas/adjudication";
import { isForm, notAForm, runAction } from "@/lib/server/action";
import { acceptCandidate } from "@/lib/server/adjudication/accept-candidate";
import { acceptMajority } from "@/lib/server/adjudication/accept-majority";
import { deleteGoldSpan } from "@/lib/server/adjudication/delete-gold-span";
import { drawGoldSpan } from "@/lib/server/adjudication/draw-gold-span";
import { editGoldSpan } from "@/lib/server/adjudication/edit-gold-span";
import { rejectCandidate } from "@/lib/server/adjudication/reject-candidate";
import { setArticleAdjudicated } from "@/lib/server/adjudication/set-article-adjudicated";
import { setCompareSettings } from "@/lib/server/adjudication/set-compare-settings";
import type { ActionResult } from "@/lib/server/errors";

export type CompareFormState = ActionResult<unknown> | null;

// Forms post strings; these only reshape them for the shared schemas, which do the validating.
const text = (form: FormData, name: string) => {
  const v = form.get(name);
  return typeof v === "string" ? v : undefined;
};
/** "" and missing stay undefined (so the schema reports the field); anything else becomes a number, NaN included. */
const num = (form: FormData, name: string) => {
  const v = text(form, name);
  return v === undefined || v.trim() === "" ? undefined : Number(v);
};
const bool = (form: FormData, name: string) => {
  const v = text(form, name);
  return v === "true" ? true : v === "false" ? false : undefined;
};

function refresh<T>(result: ActionResult<T>, form: FormData): ActionResult<T> {
  if (result.ok) {
    const articleId = text(form, "articleId");
    if (articleId) {
      revalidatePath(`/admin/articles/${articleId}/compare`);
      revalidatePath(`/articles/${articleId}/compare`);
    }
    const projectId = text(form, "projectId");
    if (projectId) revalidatePath(`/admin/projects/${projectId}`);
  }
  return result;
}

const candidate = (form: FormData) => ({
  articleId: text(form, "articleId"),
  labelId: text(form, "labelId"),
  start: num(form, "start"),
  end: num(form, "end"),
});

export async function acceptCandidateAction(_prev: CompareFormState, form: FormData): Promise<CompareFormState> {
  if (!isForm(form)) return notAForm();
  return refresh(await runAction(ZCandidateRef, candidate(form), acceptCandidate), form);
}

export async function rejectCandidateAction(_prev: CompareFormState, form: FormData): Promise<CompareFormState> {
  if (!isForm(form)) return notAForm();
  return refresh(await runAction(ZCandidateRef, candidate(form), rejectCandidate), form);
}

export async function acceptMajorityAction(_prev: CompareFormState, form: FormData): Promise<CompareFormState> {
  if (!isForm(form)) return notAForm();
  return refresh(
    await runAction(
      ZAcceptMajority,
      { articleId: text(form, "articleId"), minSupport: num(form, "minSupport") },
      acceptMajority,
    ),
    form,
  );
}

export async function editGoldSpanAction(_prev: CompareFormState, form: FormData): Promise<CompareFormState> {
  if (!isForm(form)) return notAForm();
  // Only what changed is sent on: an unchanged archived label or unchanged boundaries are not re-checked.
  const moving = text(form, "start") !== text(form, "originalStart") || text(form, "end") !== text(form, "originalEnd");
  const labelId = text(form, "labelId");
  const raw = {
    id: text(form, "id"),
    labelId: labelId === text(form, "originalLabelId") ? undefined : labelId,
    note: text(form, "note"),
    ...(moving && { start: num(form, "start"), end: num(form, "end"), quote: text(form, "quote") }),
  };
  return refresh(await runAction(ZEditGoldSpan, raw, editGoldSpan), form);
}

export async function drawGoldSpanAction(_prev: CompareFormState, form: FormData): Promise<CompareFormState> {
  if (!isForm(form)) return notAForm();
  const raw = { ...candidate(form), quote: text(form, "quote"), note: text(form, "note") };
  return refresh(await runAction(ZDrawGoldSpan, raw, drawGoldSpan), form);
}

export async function deleteGoldSpanAction(_prev: CompareFormState, form: FormData): Promise<CompareFormState> {
  if (!isForm(form)) return notAForm();
  return refresh(await runAction(ZGoldSpanId, { id: text(form, "id") }, deleteGoldSpan), form);
}

export async function setAdjudicatedAction(_prev: CompareFormState, form: FormData): Promise<CompareFormState> {
  if (!isForm(form)) return notAForm();
  return refresh(
    await runAction(
      ZSetAdjudicated,
      { articleId: text(form, "articleId"), adjudicated: bool(form, "adjudicated") },
      setArticleAdjudicated,
    ),
    form,
  );
}

export async function setCompareSettingsAction(_prev: CompareFormState, form: FormData): Promise<CompareFormState> {
  if (!isForm(form)) return notAForm();
  const raw = {
    projectId: text(form, "projectId"),
    revealed: bool(form, "revealed"),
    reviewersMayCompare: bool(form, "reviewersMayCompare"),
  };
  return refresh(await runAction(ZCompareSettings, raw, setCompareSettings), form);
}
