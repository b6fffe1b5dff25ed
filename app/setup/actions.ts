"use server";

import { redirect } from "next/navigation";
import { isForm, notAForm } from "@/lib/server/action";
import { ZSignIn } from "@/lib/schemas/user";
import { signIn } from "@/lib/server/auth-flows/sign-in";
import { parseInput } from "@/lib/server/input";
import { type ActionResult, toActionError } from "@/lib/server/errors";
import { createFirstAdmin } from "@/lib/server/users/create-user";

/** A refusal, with the values typed (secrets left out) so the form shows them again. */
export type FormState = (Extract<ActionResult<never>, { ok: false }> & { values?: Record<string, string> }) | null;

/** Only succeeds while no user exists and with the one-time setup token (both enforced in the use case). */
export async function createFirstAdminAction(_prev: FormState, form: FormData): Promise<FormState> {
  if (!isForm(form)) return notAForm();
  const input = {
    name: form.get("name"),
    email: form.get("email"),
    password: form.get("password"),
    token: form.get("token"),
  };
  try {
    await createFirstAdmin(input);
    await signIn(parseInput(ZSignIn, { email: input.email, password: input.password }));
  } catch (e) {
    const text = (k: string) => (typeof form.get(k) === "string" ? String(form.get(k)) : "");
    return { ...toActionError(e), values: { name: text("name"), email: text("email"), token: text("token") } };
  }
  // The first admin starts in the admin area, with the checklist of what to set up next.
  redirect("/admin?welcome=1");
}
