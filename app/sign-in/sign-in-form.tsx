"use client";

import { useActionState } from "react";
import { FieldMessage } from "@/components/form-errors";
import type { FormState } from "../setup/actions";
import { signInAction } from "./actions";

/** `next`: where to return after signing in (checked again on the server). */
export function SignInForm({ next }: { next: string }) {
  const [state, action, pending] = useActionState<FormState, FormData>(signInAction, null);
  return (
    <form action={action} className="stack">
      <input type="hidden" name="next" value={next} />
      <label className="field">
        Email
        <input name="email" type="email" required autoComplete="username" defaultValue={state?.values?.email ?? ""} />
      </label>
      <FieldMessage fields={state?.fields} name="email" />
      <label className="field">
        Password
        <input name="password" type="password" required autoComplete="current-password" />
      </label>
      <FieldMessage fields={state?.fields} name="password" />
      {state && !state.fields.length && (
        <p className="error" role="alert" data-testid="sign-in-error">
          {state.error}
        </p>
      )}
      <button type="submit" className="primary" disabled={pending}>
        Sign in
      </button>
    </form>
  );
}
