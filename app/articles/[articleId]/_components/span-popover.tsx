"use client";

import { useEffect, useState } from "react";
import { MAX_NOTE } from "@/lib/schemas/limits";
import { Floating } from "@/components/annotate/floating";
import { type Anchor, type ClientSpan, type Label, truncate } from "./types";

type Handlers = {
  onChangeLabel: (id: string, labelId: string) => void;
  onSaveNote: (id: string, note: string) => void;
  onDelete: (id: string) => void;
  /** Moves one edge of the span by a word (-1: towards the start of the text). */
  onMoveEdge: (id: string, edge: "start" | "end", direction: 1 | -1) => void;
};

export function SpanPopover({
  anchor,
  spans,
  labels,
  readOnly,
  onClose,
  ...handlers
}: Handlers & {
  anchor: Anchor;
  spans: ClientSpan[];
  /** All labels, archived included (a span may still carry an archived one). */
  labels: Label[];
  readOnly: boolean;
  onClose: () => void;
}) {
  return (
    <Floating
      anchor={anchor}
      label="Span details"
      testId="span-popover"
      className="fw-span-popover"
      onDismiss={onClose}
      autoFocus=".fw-span-card select"
    >
      <div className="fw-popover-head">
        <strong>
          {spans.length} span{spans.length === 1 ? "" : "s"} here
        </strong>
        <button type="button" className="fw-icon" aria-label="Close" onClick={onClose}>
          ×
        </button>
      </div>
      <ul className="fw-span-cards">
        {spans.map((s) => (
          <SpanCard key={s.id} span={s} labels={labels} readOnly={readOnly} {...handlers} />
        ))}
      </ul>
    </Floating>
  );
}

function SpanCard({
  span,
  labels,
  readOnly,
  onChangeLabel,
  onSaveNote,
  onDelete,
  onMoveEdge,
}: Handlers & { span: ClientSpan; labels: Label[]; readOnly: boolean }) {
  const [draft, setDraft] = useState(span.note);
  // The note can change under the field (undo, redo, a refused save rolled back): follow it.
  useEffect(() => setDraft(span.note), [span.note]);
  const label = labels.find((l) => l.id === span.labelId);
  const disabled = readOnly || span.pending;
  const save = () => {
    if (!disabled && draft !== span.note) onSaveNote(span.id, draft);
  };
  return (
    <li className="fw-span-card" data-testid="span-card" data-span-id={span.id}>
      <div className="fw-span-card-head">
        <span className="swatch" style={{ background: label?.colour ?? "#888" }} aria-hidden />
        <select
          aria-label="Label"
          data-testid="span-label-select"
          value={span.labelId}
          disabled={disabled}
          onChange={(e) => onChangeLabel(span.id, e.target.value)}
        >
          {labels
            .filter((l) => !l.archived || l.id === span.labelId)
            .map((l) => (
              <option key={l.id} value={l.id} disabled={l.archived}>
                {l.name}
                {l.archived ? " (archived)" : ""}
              </option>
            ))}
        </select>
        {span.pending && <span className="muted fw-saving">Saving…</span>}
      </div>
      <q className="fw-span-quote">{truncate(span.quote, 160)}</q>
      <textarea
        aria-label="Note"
        data-testid="span-note"
        rows={2}
        maxLength={MAX_NOTE}
        placeholder={readOnly ? "" : "Note (saved when you leave the field)"}
        value={draft}
        disabled={disabled}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={save}
      />
      <fieldset className="fw-span-edges" disabled={disabled}>
        <legend>Edges</legend>
        <button type="button" aria-label="Start one word earlier" onClick={() => onMoveEdge(span.id, "start", -1)}>
          ⇤
        </button>
        <button type="button" aria-label="Start one word later" onClick={() => onMoveEdge(span.id, "start", 1)}>
          ⇥
        </button>
        <span className="muted">start · end</span>
        <button type="button" aria-label="End one word earlier" onClick={() => onMoveEdge(span.id, "end", -1)}>
          ⇤
        </button>
        <button type="button" aria-label="End one word later" onClick={() => onMoveEdge(span.id, "end", 1)}>
          ⇥
        </button>
      </fieldset>
      <div className="fw-span-card-actions">
        <button type="button" data-testid="span-note-save" disabled={disabled || draft === span.note} onClick={save}>
          Save note
        </button>
        <button
          type="button"
          className="danger"
          data-testid="span-delete"
          disabled={disabled}
          onClick={() => onDelete(span.id)}
        >
          Delete
        </button>
      </div>
    </li>
  );
}
