"use client";

import { useActionState, useId, useState } from "react";
import { FieldMessage } from "@/components/form-errors";
import { underlineContrastWarning } from "@/lib/domain/taxonomy/contrast";
import { type AdminFormState, createLabelAction, updateLabelAction } from "../../../actions";

type EditableLabel = {
  id: string;
  name: string;
  definition: string;
  guideline: string;
  colour: string;
  hotkey: string | null;
};

/** The colour input, with a live warning when the underline would be too faint on the article background. */
function ColourField({ initial }: { initial: string }) {
  const [colour, setColour] = useState(initial);
  const warningId = useId();
  const warning = underlineContrastWarning(colour);
  return (
    <>
      <label className="field">
        Colour
        <input
          name="colour"
          type="color"
          value={colour}
          onChange={(e) => setColour(e.target.value)}
          aria-describedby={warning ? warningId : undefined}
        />
      </label>
      <p
        className="field-warning"
        id={warningId}
        aria-live="polite"
        data-testid="colour-contrast-warning"
        hidden={!warning}
      >
        {warning}
      </p>
    </>
  );
}

function LabelFields({ label, state }: { label?: EditableLabel; state: AdminFormState }) {
  const fields = state && !state.ok ? state.fields : undefined;
  // After a refusal, what was typed (the form is reset to these defaults), else the label's current values.
  const v = state && !state.ok ? state.values : undefined;
  return (
    <>
      <label className="field">
        Name
        <input name="name" defaultValue={v?.name ?? label?.name} required />
      </label>
      <FieldMessage fields={fields} name="name" />
      <label className="field">
        Definition (one line)
        <input name="definition" defaultValue={v?.definition ?? label?.definition} />
      </label>
      <label className="field">
        Guideline
        <textarea name="guideline" rows={3} defaultValue={v?.guideline ?? label?.guideline} />
      </label>
      <ColourField key={v?.colour} initial={v?.colour ?? label?.colour ?? "#1f5fbf"} />
      <FieldMessage fields={fields} name="colour" />
      <label className="field">
        Hotkey (one digit or letter)
        <input
          name="hotkey"
          maxLength={1}
          defaultValue={v?.hotkey ?? label?.hotkey ?? ""}
          aria-invalid={fields?.some((f) => f.field === "hotkey") || undefined}
        />
      </label>
      <FieldMessage fields={fields} name="hotkey" />
    </>
  );
}

function Status({ state }: { state: AdminFormState }) {
  if (!state) return null;
  if (state.ok)
    return (
      <p className="notice" role="status">
        Saved.
      </p>
    );
  return state.fields.length ? null : (
    <p className="error" role="alert">
      {state.error}
    </p>
  );
}

export function LabelEditor({
  projectId,
  label,
}: {
  projectId: string;
  label: EditableLabel & { archivedAt: string | null };
}) {
  const [state, action, pending] = useActionState<AdminFormState, FormData>(updateLabelAction, null);
  return (
    <details>
      <summary>Edit</summary>
      <form action={action} className="stack">
        <input type="hidden" name="id" value={label.id} />
        <input type="hidden" name="projectId" value={projectId} />
        <LabelFields label={label} state={state} />
        <Status state={state} />
        <button type="submit" className="primary" disabled={pending}>
          Save label
        </button>
      </form>
    </details>
  );
}

export function NewLabelForm({ projectId, groupId }: { projectId: string; groupId: string }) {
  const [state, action, pending] = useActionState<AdminFormState, FormData>(createLabelAction, null);
  return (
    <details>
      <summary>Add a label</summary>
      <form action={action} className="stack">
        <input type="hidden" name="projectId" value={projectId} />
        <input type="hidden" name="groupId" value={groupId} />
        <LabelFields state={state} />
        <Status state={state} />
        <button type="submit" className="primary" disabled={pending}>
          Add label
        </button>
      </form>
    </details>
  );
}
