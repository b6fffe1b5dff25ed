"use client";

import { useActionState } from "react";
import { FieldMessage } from "@/components/form-errors";
import { type AdminFormState, createProjectAction } from "../actions";

/** The admin's new project (default taxonomy, a "Main" round); the optional manager runs it from there. */
export function CreateProjectForm() {
  const [state, action, pending] = useActionState<AdminFormState, FormData>(createProjectAction, null);
  const fields = state && !state.ok ? state.fields : undefined;
  const v = state && !state.ok ? state.values : undefined;
  return (
    <form action={action} className="stack" data-testid="create-project-form" key={state ? JSON.stringify(v) : "new"}>
      <label className="field">
        Project name
        <input name="name" required maxLength={200} defaultValue={v?.name ?? ""} />
      </label>
      <FieldMessage fields={fields} name="name" />
      <label className="field">
        Manager&apos;s email (optional: an existing account that will run the study)
        <input name="managerEmail" type="email" defaultValue={v?.managerEmail ?? ""} />
      </label>
      <FieldMessage fields={fields} name="managerEmail" />
      {state?.ok && (
        <p className="notice" role="status">
          Project created.
        </p>
      )}
      <button type="submit" className="primary" disabled={pending}>
        Create project
      </button>
    </form>
  );
}
