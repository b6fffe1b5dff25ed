"use client";

import { useActionState } from "react";
import { FieldMessage } from "@/components/form-errors";
import { type AdminFormState, createReviewerAction } from "../actions";

/** A reviewer joins the ticked projects as an annotator; the only project is ticked (the quick start's sample). */
export function CreateUserForm({ projects }: { projects: { id: string; name: string }[] }) {
  const [state, action, pending] = useActionState<AdminFormState, FormData>(createReviewerAction, null);
  const fields = state && !state.ok ? state.fields : undefined;
  return (
    <form action={action} className="stack" data-testid="create-user-form">
      <label className="field">Name<input name="name" required /></label>
      <FieldMessage fields={fields} name="name" />
      <label className="field">Email<input name="email" type="email" required /></label>
      <FieldMessage fields={fields} name="email" />
      <label className="field">Initial password (10+ characters)<input name="password" type="password" required minLength={10} autoComplete="new-password" /></label>
      <FieldMessage fields={fields} name="password" />
      <label className="field">Role
        <select name="role" defaultValue="reviewer"><option value="reviewer">Reviewer</option><option value="admin">Admin</option></select>
      </label>
      <fieldset data-testid="new-user-projects">
        <legend>Annotator of</legend>
        {projects.map((p) => (
          <label key={p.id}><input type="checkbox" name="projectIds" value={p.id} defaultChecked={projects.length === 1} /> {p.name}</label>
        ))}
      </fieldset>
      <FieldMessage fields={fields} name="projectIds" />
      {state && !state.ok && !state.fields.length && <p className="error" role="alert">{state.error}</p>}
      {state?.ok && <p className="notice" role="status">Account created.</p>}
      <button className="primary" disabled={pending}>Create account</button>
    </form>
  );
}
