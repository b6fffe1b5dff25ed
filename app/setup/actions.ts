"use server";

import { redirect } from "next/navigation";
import { isForm, notAForm } from "@/lib/server/action";
import { ZSignIn } from "@/lib/schemas/user";
import { signIn } from "@/lib/server/auth-flows/sign-in";
import { parseInput } from "@/lib/server/input";
import { type ActionResult, toActionError } from "@/lib/server/errors";
import { createFirstAdmin } from "@/lib/server/users/create-user";

export type FormState = Extract<ActionResult<never>, { ok: false }> | null;

/** Only succeeds while no user exists and with the one-time setup token (both enforced in the use case). */
export async function createFirstAdminAction(_prev: FormState, form: FormData): Promise<FormState> {
  if (!isForm(form)) return notAForm();
  const input = { name: form.get("name"), email: form.get("email"), password: form.get("password"), token: form.get("token") };
  try {
    await createFirstAdmin(input);
    await signIn(parseInput(ZSignIn, { email: input.email, password: input.password }));
  } catch (e) {
    return toActionError(e);
  }
  redirect("/");
}
