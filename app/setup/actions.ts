"use server";

import { redirect } from "next/navigation";
import { isForm, notAForm } from "@/lib/server/action";
import { signIn } from "@/lib/server/auth-flows/sign-in";
import { ZCreateUser } from "@/lib/schemas/user";
import { type ActionResult, toActionError } from "@/lib/server/errors";
import { parseInput } from "@/lib/server/input";
import { createFirstAdmin } from "@/lib/server/users/create-user";

export type FormState = Extract<ActionResult<never>, { ok: false }> | null;

/** Only succeeds while no user exists (enforced atomically in the use case). */
export async function createFirstAdminAction(_prev: FormState, form: FormData): Promise<FormState> {
  if (!isForm(form)) return notAForm();
  try {
    const input = parseInput(ZCreateUser, { name: form.get("name"), email: form.get("email"), password: form.get("password") });
    await createFirstAdmin(input);
    await signIn({ email: input.email, password: input.password });
  } catch (e) {
    return toActionError(e);
  }
  redirect("/");
}
