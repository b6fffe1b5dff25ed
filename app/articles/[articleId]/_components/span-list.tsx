"use client";

import { memo, startTransition, useDeferredValue, useEffect, useId, useMemo, useState } from "react";
import { groupLabels } from "@/components/annotate/label-picker";
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
    <li
      className="fw-span-item"
      data-testid="span-list-item"
      data-span-id={span.id}
      data-pending={span.pending ? "" : undefined}
    >
      <button
        type="button"
        className="fw-span-item-main"
        style={{ borderLeftColor: label?.colour ?? "#888" }}
        onClick={() => onShow(span.id)}
        title="Show in text"
      >
        <b>{name}</b>
        <q>{truncate(span.quote, 80)}</q>
        {span.note && <i>{truncate(span.note, 120)}</i>}
      </button>
      <button
        type="button"
        className="fw-span-item-edit"
        data-testid="span-edit"
        aria-label={`Edit ${name} span`}
        disabled={span.pending}
        onClick={(e) => onEdit(span.id, e.currentTarget)}
      >
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
  const [labelFilter, setLabelFilter] = useState("");
  const [query, setQuery] = useState("");
  // Typing stays responsive with thousands of spans: the list catches up in a deferred render.
  const deferredQuery = useDeferredValue(query);
  /** Narrow screens: the panel is a drawer opened from a button that stays in view. */
  const [open, setOpen] = useState(false);
  const ids = { label: useId(), search: useId() };

  const usedLabels = useMemo(() => {
    const used = new Set(spans.map((s) => s.labelId));
    return labels.filter((l) => used.has(l.id));
  }, [spans, labels]);
  const filtered = useMemo(() => {
    const q = deferredQuery.trim().toLocaleLowerCase();
    if (!labelFilter && !q) return spans;
    return spans.filter(
      (s) =>
        (!labelFilter || s.labelId === labelFilter) &&
        (!q || s.quote.toLocaleLowerCase().includes(q) || s.note.toLocaleLowerCase().includes(q)),
    );
  }, [spans, labelFilter, deferredQuery]);

  useEffect(() => {
    if (!ready || limit >= filtered.length) return;
    const t = window.setTimeout(() => startTransition(() => setLimit((l) => l + BATCH)), 0);
    return () => window.clearTimeout(t);
  }, [ready, limit, filtered.length]);
  const shown = limit >= filtered.length ? filtered : filtered.slice(0, limit);
  const filtering = labelFilter !== "" || deferredQuery.trim() !== "";
  return (
    <>
      <button
        type="button"
        className="fw-side-toggle"
        aria-expanded={open}
        aria-controls="fw-side"
        data-testid="side-toggle"
        onClick={() => setOpen((o) => !o)}
      >
        {open ? "Close panel" : "Spans & label guide"}
      </button>
      <aside
        className="fw-side"
        id="fw-side"
        data-open={open ? "" : undefined}
        data-testid="span-list"
        aria-label="Your spans"
      >
        <h2>
          Your spans{" "}
          <span className="muted" data-testid="span-count">
            ({filtering ? `${filtered.length} of ${spans.length}` : spans.length})
          </span>
        </h2>
        {ready && spans.length > 0 && (
          <div className="fw-span-filters">
            <label htmlFor={ids.label}>Label</label>
            <select
              id={ids.label}
              data-testid="span-filter-label"
              value={labelFilter}
              onChange={(e) => setLabelFilter(e.target.value)}
            >
              <option value="">All labels</option>
              {usedLabels.map((l) => (
                <option key={l.id} value={l.id}>
                  {l.name}
                </option>
              ))}
            </select>
            <label htmlFor={ids.search}>Search</label>
            <input
              id={ids.search}
              type="search"
              data-testid="span-filter-search"
              placeholder="quote or note"
              value={query}
              onChange={(e) => setQuery(e.target.value)}
            />
          </div>
        )}
        {!ready ? (
          <p className="muted">Loading…</p>
        ) : spans.length === 0 ? (
          <p className="muted">No spans yet. Select text to label it.</p>
        ) : filtered.length === 0 ? (
          <p className="muted">No span matches the filter.</p>
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
    </>
  );
});
