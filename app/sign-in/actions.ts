"use server";

import { redirect } from "next/navigation";
import { isForm, notAForm } from "@/lib/server/action";
import { signIn } from "@/lib/server/auth-flows/sign-in";
import { ZSignIn } from "@/lib/schemas/user";
import { toActionError } from "@/lib/server/errors";
import { parseInput } from "@/lib/server/input";
import { safeReturnPath } from "@/lib/schemas/return-path";
import type { FormState } from "../setup/actions";

export async function signInAction(_prev: FormState, form: FormData): Promise<FormState> {
  if (!isForm(form)) return notAForm();
  try {
    await signIn(parseInput(ZSignIn, { email: form.get("email"), password: form.get("password") }));
  } catch (e) {
    // The email stays in the form (the password never comes back).
    const email = form.get("email");
    return { ...toActionError(e), values: { email: typeof email === "string" ? email : "" } };
  }
  redirect(safeReturnPath(form.get("next")));
}
