"use client";

import { useActionState, useState } from "react";
import { FieldMessage, FormOutcome } from "@/components/form-errors";
import type { ActionResult } from "@/lib/schemas/result";
import { useArticleCodePoints } from "./text-context";

type State = ActionResult<unknown> | null;
type Label = { id: string; name: string; archived: boolean };
type Gold = { id: string; labelId: string; start: number; end: number; note: string };

/** Python-style code-point slice; "" when the range is not valid (the server reports why). */
function slice(cps: string[], start: number, end: number): string {
  return Number.isInteger(start) && Number.isInteger(end) && start >= 0 && start < end && end <= cps.length
    ? cps.slice(start, end).join("")
    : "";
}

/**
 * Edits one gold span. The quote sent with new boundaries is what this page shows at [start, end);
 * the server checks it against the stored text, as it does for reviewers' spans.
 */
export function GoldEditForm({
  action,
  articleId,
  gold,
  labels,
}: {
  action: (prev: State, form: FormData) => Promise<State>;
  articleId: string;
  gold: Gold;
  labels: Label[];
}) {
  const [state, formAction, pending] = useActionState(action, null);
  const [start, setStart] = useState(String(gold.start));
  const [end, setEnd] = useState(String(gold.end));
  const cps = useArticleCodePoints();
  const quote = slice(cps, Number(start), Number(end));
  const fields = state && !state.ok ? state.fields : undefined;
  return (
    <form action={formAction} className="cmp-edit" data-testid="gold-edit-form">
      <input type="hidden" name="id" value={gold.id} />
      <input type="hidden" name="articleId" value={articleId} />
      <input type="hidden" name="originalLabelId" value={gold.labelId} />
      <input type="hidden" name="originalStart" value={gold.start} />
      <input type="hidden" name="originalEnd" value={gold.end} />
      <input type="hidden" name="quote" value={quote} />
      <label className="field">
        Label
        <select name="labelId" defaultValue={gold.labelId}>
          {labels.map((l) => (
            <option key={l.id} value={l.id} disabled={l.archived && l.id !== gold.labelId}>
              {l.name}
              {l.archived ? " (archived)" : ""}
            </option>
          ))}
        </select>
      </label>
      <FieldMessage fields={fields} name="labelId" />
      <div className="cmp-edit-offsets">
        <label className="field">
          Start
          <input name="start" inputMode="numeric" value={start} onChange={(e) => setStart(e.target.value)} size={6} />
        </label>
        <label className="field">
          End
          <input name="end" inputMode="numeric" value={end} onChange={(e) => setEnd(e.target.value)} size={6} />
        </label>
      </div>
      <FieldMessage fields={fields} name="start" />
      <FieldMessage fields={fields} name="end" />
      <p className="cmp-quote" data-testid="gold-edit-quote">
        {quote ? `“${quote}”` : "(not a valid range)"}
      </p>
      <FieldMessage fields={fields} name="quote" />
      <label className="field">
        Note
        <input name="note" defaultValue={gold.note} maxLength={2000} />
      </label>
      <FieldMessage fields={fields} name="note" />
      <FormOutcome state={state} done="Saved." />
      <button type="submit" className="primary" disabled={pending}>
        Save gold span
      </button>
    </form>
  );
}
