"use client";

import { useActionState } from "react";
import { FieldMessage } from "@/components/form-errors";
import type { FormState } from "../setup/actions";
import { signInAction } from "./actions";

export function SignInForm() {
  const [state, action, pending] = useActionState<FormState, FormData>(signInAction, null);
  return (
    <form action={action} className="stack">
      <label className="field">Email<input name="email" type="email" required autoComplete="username" /></label>
      <FieldMessage fields={state?.fields} name="email" />
      <label className="field">Password<input name="password" type="password" required autoComplete="current-password" /></label>
      <FieldMessage fields={state?.fields} name="password" />
      {state && !state.fields.length && <p className="error" role="alert" data-testid="sign-in-error">{state.error}</p>}
      <button className="primary" disabled={pending}>Sign in</button>
    </form>
  );
}
