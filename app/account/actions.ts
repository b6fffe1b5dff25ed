"use server";

import { revalidatePath } from "next/cache";
import { ZChangeOwnName, ZChangeOwnPassword } from "@/lib/schemas/user";
import { isForm, notAForm, runAction } from "@/lib/server/action";
import type { ActionResult } from "@/lib/server/errors";
import { changeOwnName, changeOwnPassword } from "@/lib/server/users/own-account";

type State = ActionResult<unknown> | null;
const fields = (form: FormData) =>
  Object.fromEntries([...form.entries()].filter(([k, v]) => !k.startsWith("$") && typeof v === "string"));

export async function changeOwnNameAction(_prev: State, form: FormData): Promise<State> {
  if (!isForm(form)) return notAForm();
  const r = await runAction(ZChangeOwnName, fields(form), changeOwnName);
  if (r.ok) revalidatePath("/", "layout");
  return r;
}

export async function changeOwnPasswordAction(_prev: State, form: FormData): Promise<State> {
  if (!isForm(form)) return notAForm();
  return runAction(ZChangeOwnPassword, fields(form), changeOwnPassword);
}
