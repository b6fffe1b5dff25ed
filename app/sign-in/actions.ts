"use server";

import { redirect } from "next/navigation";
import { isForm, notAForm } from "@/lib/server/action";
import { signIn } from "@/lib/server/auth-flows/sign-in";
import { toActionError } from "@/lib/server/errors";
import type { FormState } from "../setup/actions";

export async function signInAction(_prev: FormState, form: FormData): Promise<FormState> {
  if (!isForm(form)) return notAForm();
  try {
    await signIn({ email: form.get("email"), password: form.get("password") });
  } catch (e) {
    return toActionError(e);
  }
  redirect("/");
}
