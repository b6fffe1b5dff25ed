"use client";

import { memo, startTransition, useEffect, useState } from "react";
import { groupLabels } from "./label-picker";
import { type ClientSpan, type Label, truncate } from "./types";

const SpanItem = memo(function SpanItem({
  span,
  label,
  onShow,
  onEdit,
}: {
  span: ClientSpan;
  label: Label | undefined;
  onShow: (id: string) => void;
  onEdit: (id: string, el: HTMLElement) => void;
}) {
  const name = label?.name ?? "Unknown label";
  return (
    <li className="fw-span-item" data-testid="span-list-item" data-span-id={span.id} data-pending={span.pending ? "" : undefined}>
      <button type="button" className="fw-span-item-main" style={{ borderLeftColor: label?.colour ?? "#888" }} onClick={() => onShow(span.id)} title="Show in text">
        <b>{name}</b>
        <q>{truncate(span.quote, 80)}</q>
        {span.note && <i>{truncate(span.note, 120)}</i>}
      </button>
      <button type="button" className="fw-span-item-edit" data-testid="span-edit" aria-label={`Edit ${name} span`} disabled={span.pending} onClick={(e) => onEdit(span.id, e.currentTarget)}>
        Edit
      </button>
    </li>
  );
});

/** Items rendered with the first paint; the rest follow in small batches so a long list never blocks input. */
const FIRST_BATCH = 150;
const BATCH = 300;

export const SpanList = memo(function SpanList({
  spans,
  ready,
  labelsById,
  labels,
  guidelines,
  onShow,
  onEdit,
}: {
  /** In text order. */
  spans: ClientSpan[];
  /** False during server render and hydration: the items follow right after mount. */
  ready: boolean;
  labelsById: Map<string, Label>;
  labels: Label[];
  guidelines: string;
  onShow: (id: string) => void;
  onEdit: (id: string, el: HTMLElement) => void;
}) {
  const [limit, setLimit] = useState(FIRST_BATCH);
  useEffect(() => {
    if (!ready || limit >= spans.length) return;
    const t = window.setTimeout(() => startTransition(() => setLimit((l) => l + BATCH)), 0);
    return () => window.clearTimeout(t);
  }, [ready, limit, spans.length]);
  const shown = limit >= spans.length ? spans : spans.slice(0, limit);
  return (
    <aside className="fw-side" data-testid="span-list" aria-label="Your spans">
      <h2>
        Your spans <span className="muted" data-testid="span-count">({spans.length})</span>
      </h2>
      {!ready ? (
        <p className="muted">Loading…</p>
      ) : spans.length === 0 ? (
        <p className="muted">No spans yet. Select text to label it.</p>
      ) : (
        <ol className="fw-span-items">
          {shown.map((s) => (
            <SpanItem key={s.id} span={s} label={labelsById.get(s.labelId)} onShow={onShow} onEdit={onEdit} />
          ))}
        </ol>
      )}
      <details className="fw-guide" data-testid="label-guide" open>
        <summary>Label guide</summary>
        {groupLabels(labels.filter((l) => !l.archived)).map((g) => (
          <section key={g.group}>
            <h3>{g.group}</h3>
            <dl>
              {g.labels.map((l) => (
                <div key={l.id} className="fw-guide-entry">
                  <dt>
                    <span className="swatch" style={{ background: l.colour }} aria-hidden />
                    {l.name} {l.hotkey && <kbd>{l.hotkey}</kbd>}
                  </dt>
                  <dd>
                    {l.definition}
                    {l.guideline && (
                      <details>
                        <summary>Guideline</summary>
                        <p>{l.guideline}</p>
                      </details>
                    )}
                  </dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
      </details>
      {guidelines.trim() && (
        <details className="fw-guide" data-testid="project-guidelines">
          <summary>Project guidelines</summary>
          <p className="fw-guidelines-text">{guidelines}</p>
        </details>
      )}
    </aside>
  );
});
