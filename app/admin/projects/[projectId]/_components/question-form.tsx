"use client";

import { useActionState, useEffect, useState } from "react";
import { FieldMessage, FormOutcome } from "@/components/form-errors";
import type { AdminFormState } from "../../../actions";
import { createQuestionAction } from "../../../question-actions";

export function NewQuestionForm({ projectId }: { projectId: string }) {
  const [state, action, pending] = useActionState<AdminFormState, FormData>(createQuestionAction, null);
  // Controlled, so a refused submission keeps what was typed (React resets uncontrolled fields after an action).
  const [prompt, setPrompt] = useState("");
  const [kind, setKind] = useState("choice");
  const [options, setOptions] = useState("");
  useEffect(() => {
    if (state?.ok) {
      setPrompt("");
      setOptions("");
    }
  }, [state]);
  const fields = state && !state.ok ? state.fields : undefined;
  return (
    <form action={action} className="stack" data-testid="new-question-form">
      <input type="hidden" name="projectId" value={projectId} />
      <label className="field">
        Question
        <input
          name="prompt"
          value={prompt}
          onChange={(e) => setPrompt(e.target.value)}
          placeholder="Overall slant toward the US administration"
        />
      </label>
      <FieldMessage fields={fields} name="prompt" />
      <label className="field">
        Kind
        <select name="kind" value={kind} onChange={(e) => setKind(e.target.value)}>
          <option value="choice">Single choice (nominal)</option>
          <option value="ordinal">Single choice, ordered (ordinal)</option>
          <option value="frame">One of the framing labels (nominal)</option>
        </select>
      </label>
      <FieldMessage fields={fields} name="kind" />
      {kind !== "frame" && (
        <label className="field">
          Options, one per line{kind === "ordinal" ? ", in order" : ""}
          <textarea
            name="options"
            rows={3}
            value={options}
            onChange={(e) => setOptions(e.target.value)}
            placeholder={"critical\nneutral\nsupportive"}
          />
        </label>
      )}
      <FieldMessage fields={fields} name="options" />
      <FormOutcome state={state} done="Question added." />
      <button type="submit" className="primary" disabled={pending}>
        Add question
      </button>
    </form>
  );
}
