"use client";

import { useActionState } from "react";
import { FieldMessage, FormOutcome } from "@/components/form-errors";
import { type AdminFormState, createReviewerAction } from "../actions";

/** A reviewer joins the ticked projects as an annotator; the only project is ticked (the quick start's sample). */
export function CreateUserForm({ projects }: { projects: { id: string; name: string }[] }) {
  const [state, action, pending] = useActionState<AdminFormState, FormData>(createReviewerAction, null);
  const fields = state && !state.ok ? state.fields : undefined;
  // After a refusal the form shows what was typed (the password is never sent back).
  const v = state && !state.ok ? state.values : undefined;
  const ticked = v ? new Set((v.projectIds ?? "").split("\n")) : null;
  const invalid = (name: string) => fields?.some((f) => f.field === name) || undefined;
  return (
    <form action={action} className="stack" data-testid="create-user-form" key={state ? JSON.stringify(v) : "new"}>
      <label className="field">
        Name
        <input name="name" required defaultValue={v?.name ?? ""} aria-invalid={invalid("name")} />
      </label>
      <FieldMessage fields={fields} name="name" />
      <label className="field">
        Email
        <input name="email" type="email" required defaultValue={v?.email ?? ""} aria-invalid={invalid("email")} />
      </label>
      <FieldMessage fields={fields} name="email" />
      <label className="field">
        Initial password (10+ characters)
        <input
          name="password"
          type="password"
          required
          minLength={10}
          autoComplete="new-password"
          aria-invalid={invalid("password")}
        />
      </label>
      <FieldMessage fields={fields} name="password" />
      <label className="field">
        Role
        <select name="role" defaultValue={v?.role ?? "reviewer"}>
          <option value="reviewer">Reviewer</option>
          <option value="admin">Admin</option>
        </select>
      </label>
      <fieldset data-testid="new-user-projects">
        <legend>Annotator of (reviewers only)</legend>
        {projects.map((p) => (
          <label key={p.id}>
            <input
              type="checkbox"
              name="projectIds"
              value={p.id}
              defaultChecked={ticked ? ticked.has(p.id) : projects.length === 1}
            />{" "}
            {p.name}
          </label>
        ))}
      </fieldset>
      <FieldMessage fields={fields} name="projectIds" />
      <FormOutcome state={state} done="Account created." />
      <button type="submit" className="primary" disabled={pending}>
        Create account
      </button>
    </form>
  );
}
