"use client";

import { useActionState } from "react";
import { FieldMessage } from "@/components/form-errors";
import { type AdminFormState, createReviewerAction } from "../actions";

export function CreateUserForm() {
  const [state, action, pending] = useActionState<AdminFormState, FormData>(createReviewerAction, null);
  const fields = state && !state.ok ? state.fields : undefined;
  return (
    <form action={action} className="stack" data-testid="create-user-form">
      <label className="field">
        Name
        <input name="name" required />
      </label>
      <FieldMessage fields={fields} name="name" />
      <label className="field">
        Email
        <input name="email" type="email" required />
      </label>
      <FieldMessage fields={fields} name="email" />
      <label className="field">
        Initial password (10+ characters)
        <input name="password" type="password" required minLength={10} autoComplete="new-password" />
      </label>
      <FieldMessage fields={fields} name="password" />
      <label className="field">
        Role
        <select name="role" defaultValue="reviewer">
          <option value="reviewer">Reviewer</option>
          <option value="admin">Admin</option>
        </select>
      </label>
      {state && !state.ok && !state.fields.length && (
        <p className="error" role="alert">
          {state.error}
        </p>
      )}
      {state?.ok && (
        <p className="notice" role="status">
          Account created.
        </p>
      )}
      <button type="submit" className="primary" disabled={pending}>
        Create account
      </button>
    </form>
  );
}
