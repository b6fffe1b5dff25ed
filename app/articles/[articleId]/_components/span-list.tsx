"use client";

import { memo, useDeferredValue, useEffect, useId, useLayoutEffect, useMemo, useRef, useState } from "react";
import { groupLabels } from "@/components/annotate/label-picker";
import { type ClientSpan, type Label, byTextOrder, truncate } from "./types";

const SpanItem = memo(function SpanItem({
  span,
  label,
  onShow,
  onEdit,
  index,
  of,
}: {
  span: ClientSpan;
  label: Label | undefined;
  onShow: (id: string) => void;
  onEdit: (id: string, el: HTMLElement) => void;
  /** In a windowed list: the row's place in the whole (filtered) list and its length, for assistive technology. */
  index?: number;
  of?: number;
}) {
  const name = label?.name ?? "Unknown label";
  return (
    <li
      className="fw-span-item"
      aria-posinset={index === undefined ? undefined : index + 1}
      aria-setsize={of}
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

/** Lists up to this long are rendered whole; longer ones only around what the panel shows. */
const WHOLE = 200;
/** Items rendered beyond each edge of the visible part of a long list. */
const OVERSCAN = 20;
/** Row height (px, with the gap) assumed until rendered rows are measured. */
const ROW_GUESS = 60;

/**
 * The window [first, last) of a long list to render: the rows under the visible part of the panel (its own
 * scroll box, or the viewport where the panel does not scroll), so adding a span to a list of thousands
 * touches a few dozen elements, not every row.
 */
function useWindow(count: number, ready: boolean) {
  const listRef = useRef<HTMLOListElement>(null);
  const row = useRef(ROW_GUESS);
  const [view, setView] = useState({ top: 0, height: 1200 });
  useEffect(() => {
    if (!ready || count <= WHOLE) return;
    let frame = 0;
    const measure = () => {
      frame = 0;
      const list = listRef.current;
      const panel = list?.closest<HTMLElement>(".fw-side");
      if (!list || !panel) return;
      const box = list.getBoundingClientRect();
      const side = panel.getBoundingClientRect();
      const top = Math.max(side.top, 0) - box.top;
      const height = Math.max(0, Math.min(side.bottom, window.innerHeight) - Math.max(side.top, 0));
      setView((v) => (Math.abs(v.top - top) < row.current / 2 && v.height === height ? v : { top, height }));
    };
    const schedule = () => {
      if (frame === 0) frame = requestAnimationFrame(measure);
    };
    measure();
    window.addEventListener("scroll", schedule, { passive: true, capture: true });
    window.addEventListener("resize", schedule);
    return () => {
      cancelAnimationFrame(frame);
      window.removeEventListener("scroll", schedule, { capture: true });
      window.removeEventListener("resize", schedule);
    };
  }, [ready, count]);
  // The rendered rows' mean height (with the gap) sizes the space kept for the others: measured when the
  // rows change, not on every render (each measure forces a layout of the page).
  // biome-ignore lint/correctness/useExhaustiveDependencies: the rows shown change with these
  useLayoutEffect(() => {
    const list = listRef.current;
    const items = list?.children;
    if (!list || !items || items.length < 2) return;
    const a = (items[0] as HTMLElement).getBoundingClientRect();
    const b = (items[items.length - 1] as HTMLElement).getBoundingClientRect();
    const mean = (b.top - a.top) / (items.length - 1);
    if (mean > 0) row.current = mean;
  }, [count, ready, view]);
  if (count <= WHOLE) return { listRef, first: 0, last: count, before: 0, after: 0 };
  const first = Math.max(0, Math.min(count, Math.floor(view.top / row.current) - OVERSCAN));
  const last = Math.min(count, Math.max(first, Math.ceil((view.top + view.height) / row.current) + OVERSCAN));
  return { listRef, first, last, before: first * row.current, after: (count - last) * row.current };
}

export const SpanList = memo(function SpanList({
  spans: latest,
  ready,
  labelsById,
  labels,
  guidelines,
  onShow,
  onEdit,
}: {
  /** In any order: the list sorts them into text order. */
  spans: ClientSpan[];
  /** False during server render and hydration: the items follow right after mount. */
  ready: boolean;
  labelsById: Map<string, Label>;
  labels: Label[];
  guidelines: string;
  onShow: (id: string) => void;
  onEdit: (id: string, el: HTMLElement) => void;
}) {
  // A new span is painted in the text first; the list (sort, filter, rows) follows in a deferred render
  // that does not hold up that frame (with 10,000 spans the list's work is a third of an add's).
  const unordered = useDeferredValue(latest);
  const spans = useMemo(() => [...unordered].sort(byTextOrder), [unordered]);
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

  const { listRef, first, last, before, after } = useWindow(filtered.length, ready);
  const shown = first === 0 && last === filtered.length ? filtered : filtered.slice(first, last);
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
          <ol
            ref={listRef}
            className="fw-span-items"
            start={first + 1}
            style={before || after ? { paddingTop: before, paddingBottom: after } : undefined}
          >
            {shown.map((s, k) => (
              <SpanItem
                key={s.id}
                span={s}
                label={labelsById.get(s.labelId)}
                onShow={onShow}
                onEdit={onEdit}
                index={shown === filtered ? undefined : first + k}
                of={shown === filtered ? undefined : filtered.length}
              />
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
