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
