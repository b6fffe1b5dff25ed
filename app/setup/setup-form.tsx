"use client";

import { useActionState } from "react";
import { FieldMessage } from "@/components/form-errors";
import { createFirstAdminAction, type FormState } from "./actions";

export function SetupForm({ token }: { token: string }) {
  const [state, action, pending] = useActionState<FormState, FormData>(createFirstAdminAction, null);
  // After a refusal the form shows what was typed (React resets uncontrolled fields to these defaults).
  const v = state?.values;
  return (
    <form action={action} className="stack">
      <label className="field">
        Setup token
        <input name="token" required defaultValue={v?.token ?? token} autoComplete="off" spellCheck={false} />
      </label>
      <FieldMessage fields={state?.fields} name="token" />
      <label className="field">
        Your name
        <input name="name" required autoComplete="name" defaultValue={v?.name ?? ""} />
      </label>
      <FieldMessage fields={state?.fields} name="name" />
      <label className="field">
        Email
        <input name="email" type="email" required autoComplete="email" defaultValue={v?.email ?? ""} />
      </label>
      <FieldMessage fields={state?.fields} name="email" />
      <label className="field">
        Password (10+ characters)
        <input name="password" type="password" required minLength={10} autoComplete="new-password" />
      </label>
      <FieldMessage fields={state?.fields} name="password" />
      {state && !state.fields.length && (
        <p className="error" role="alert">
          {state.error}
        </p>
      )}
      <button type="submit" className="primary" disabled={pending}>
        Create admin account
      </button>
    </form>
  );
}
