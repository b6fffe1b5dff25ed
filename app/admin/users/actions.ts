"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { ZResetPassword, ZSetUserRole, ZUserId } from "@/lib/schemas/user";
import { isForm, notAForm, runAction } from "@/lib/server/action";
import type { ActionResult } from "@/lib/server/errors";
import { resetPassword, setUserActive, setUserRole } from "@/lib/server/users/manage-accounts";

type State = ActionResult<unknown> | null;
const fields = (form: FormData) =>
  Object.fromEntries([...form.entries()].filter(([k, v]) => !k.startsWith("$") && typeof v === "string"));
const ZActiveForm = ZUserId.extend({ active: z.enum(["true", "false"], { error: "must be true or false" }) }).strict();

function refresh<T>(r: ActionResult<T>): ActionResult<T> {
  if (r.ok) revalidatePath("/admin/users");
  return r;
}

export async function setUserActiveAction(_prev: State, form: FormData): Promise<State> {
  if (!isForm(form)) return notAForm();
  return refresh(
    await runAction(ZActiveForm, fields(form), (actor, { userId, active }) =>
      setUserActive(actor, { userId, active: active === "true" }),
    ),
  );
}

export async function setUserRoleAction(_prev: State, form: FormData): Promise<State> {
  if (!isForm(form)) return notAForm();
  return refresh(await runAction(ZSetUserRole, fields(form), setUserRole));
}

export async function resetPasswordAction(_prev: State, form: FormData): Promise<State> {
  if (!isForm(form)) return notAForm();
  return refresh(await runAction(ZResetPassword, fields(form), resetPassword));
}
