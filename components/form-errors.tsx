import type { FieldError } from "@/lib/schemas/result";

/** The message for one field, announced to screen readers. */
export function FieldMessage({ fields, name }: { fields: FieldError[] | undefined; name: string }) {
  const message = fields?.find((f) => f.field === name)?.message;
  return (
    <span className="error" aria-live="polite" data-testid={`error-${name}`}>
      {message ?? ""}
    </span>
  );
}

type FormState = { ok: true } | { ok: false; error: string; fields: FieldError[] } | null | undefined;

/** Under a form's fields: the refusal not tied to a field (an alert), or `done` once the action succeeded. */
export function FormOutcome({ state, done }: { state: FormState; done: string }) {
  if (!state) return null;
  if (state.ok)
    return (
      <p className="notice" role="status">
        {done}
      </p>
    );
  if (state.fields.length) return null;
  return (
    <p className="error" role="alert">
      {state.error}
    </p>
  );
}
