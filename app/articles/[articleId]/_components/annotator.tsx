"use client";

import Link from "next/link";
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import { OffsetIndex, snapToWords, trimSpan } from "@/lib/domain/offsets";
import { MAX_QUOTE, type TArticleStatus } from "@/lib/schemas/annotation";
import { createAnnotationAction, deleteAnnotationAction, setArticleStatusAction, updateAnnotationAction } from "../actions";
import { ArticleText } from "./article-text";
import { HelpOverlay } from "./help-overlay";
import { LabelPicker } from "./label-picker";
import { SpanList } from "./span-list";
import { SpanPopover } from "./span-popover";
import { type Anchor, type ClientSpan, type ClientWorkspace, SpanKeys, byTextOrder, fromDto, fromWire } from "./types";
import { UndoToast } from "./undo-toast";
import { type TextSelection, useTextSelection } from "./use-selection";

const STATUS_TEXT: Record<TArticleStatus, string> = { not_started: "Not started", in_progress: "In progress", done: "Done" };
const SNAP_KEY = "framewise:snapToWords";
const TOAST_MS = 10_000;
const NETWORK_ERROR = { ok: false, code: "UNAVAILABLE", error: "Could not reach the server; the change was not saved.", fields: [] } as const;

type PickerState = { start: number; end: number; anchor: Anchor; focus: boolean };
type PopoverState = { ids: string[]; anchor: Anchor };
type UndoEntry = { key: number; spans: ClientSpan[] };
type SpanSpec = { labelId: string; start: number; end: number; quote: string; note: string };

/** Server actions resolve to a result; a thrown error (network, server down) becomes one too. */
async function safe<R>(p: Promise<R>): Promise<R | typeof NETWORK_ERROR> {
  try {
    return await p;
  } catch {
    return NETWORK_ERROR;
  }
}

/** A callback with a stable identity that always runs the latest closure (keeps memoised children quiet). */
function useStable<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
  const ref = useRef(fn);
  useLayoutEffect(() => {
    ref.current = fn;
  });
  return useCallback((...args: A) => ref.current(...args), []);
}

function isTextEntry(target: EventTarget | null): boolean {
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) return !["checkbox", "radio", "button", "submit", "reset"].includes(target.type);
  return target instanceof HTMLElement && target.isContentEditable;
}

export function Annotator({ workspace }: { workspace: ClientWorkspace }) {
  // Keyed on the article: client-side navigation to a neighbour must start from fresh state.
  return <Workbench key={workspace.article.id} workspace={workspace} />;
}

function Workbench({ workspace }: { workspace: ClientWorkspace }) {
  const { article, project, labels, neighbours } = workspace;
  // Locked project, or the actor's spans here frozen once the comparison is open to them.
  const readOnly = project.locked || workspace.frozen !== null;
  const text = article.text;
  const index = useMemo(() => new OffsetIndex(text), [text]);
  const labelsById = useMemo(() => new Map(labels.map((l) => [l.id, l])), [labels]);
  const activeLabels = useMemo(() => labels.filter((l) => !l.archived), [labels]);

  const [spans, setSpans] = useState<ClientSpan[]>(() => workspace.annotations.map((a) => fromWire(a, index)));
  const [status, setStatus] = useState<TArticleStatus>(workspace.status);
  const [statusBusy, setStatusBusy] = useState(false);
  const [picker, setPicker] = useState<PickerState | null>(null);
  const [popover, setPopover] = useState<PopoverState | null>(null);
  const [help, setHelp] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [undoStack, setUndoStack] = useState<UndoEntry[]>([]);
  const [toast, setToast] = useState(false);
  const [snap, setSnap] = useState(true);
  /** Writes sent but not yet answered: shown in the toolbar, and leaving the page asks first. */
  const [saving, setSaving] = useState(false);

  const textRef = useRef<HTMLDivElement>(null);
  const spansRef = useRef(spans);
  /** Last server-confirmed state per span id: the version to send, and what to roll back to. */
  const confirmed = useRef<Map<string, ClientSpan> | null>(null);
  if (confirmed.current === null) confirmed.current = new Map(workspace.annotations.map((a) => [a.id, fromWire(a, index)]));
  /** Per-span chains so a span's writes reach the server in order, each with the latest version. */
  const queues = useRef(new Map<string, Promise<void>>());
  const queued = useRef(new Map<string, number>());
  /** temp id -> server id, so an open popover follows a span once it is saved. */
  const renamed = useRef(new Map<string, string>());
  const seq = useRef(0);
  const [spanKeys] = useState(() => new SpanKeys());
  const measureFrom = useRef<number | null>(null);

  useLayoutEffect(() => {
    spansRef.current = spans;
  }, [spans]);

  // The server HTML (and hydration) carries only the plain text: thousands of highlight segments
  // are cheaper to create on the client than to serialise, parse and hydrate. They render right after mount.
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);

  // Benchmark probe (see FramewiseProbe): first client render committed, all highlights in
  // (completeAt), and the commit that follows each span add (lastRenderMs).
  const completeAt = useRef<number | undefined>(undefined);
  useEffect(() => {
    if (!mounted) return;
    window.__framewise = { ready: true, renderedAt: performance.now(), spanCount: spansRef.current.length, completeAt: completeAt.current };
    return () => {
      window.__framewise = undefined;
    };
  }, [mounted]);
  const onTextComplete = useCallback(() => {
    // May run before the probe exists (short texts complete in the first client render).
    completeAt.current ??= performance.now();
    const probe = window.__framewise;
    if (probe && probe.completeAt === undefined) probe.completeAt = completeAt.current;
  }, []);
  useLayoutEffect(() => {
    const probe = window.__framewise;
    if (probe) probe.spanCount = spans.length;
    if (measureFrom.current !== null) {
      if (probe) probe.lastRenderMs = performance.now() - measureFrom.current;
      measureFrom.current = null;
    }
  }, [spans]);

  useEffect(() => {
    const stored = window.localStorage.getItem(SNAP_KEY);
    if (stored !== null) setSnap(stored !== "false");
  }, []);
  const changeSnap = useCallback((value: boolean) => {
    setSnap(value);
    try {
      window.localStorage.setItem(SNAP_KEY, String(value));
    } catch {
      /* storage full or disabled: the choice just is not remembered */
    }
  }, []);

  const enqueue = (id: string, task: () => Promise<void>) => {
    const count = queued.current;
    count.set(id, (count.get(id) ?? 0) + 1);
    setSaving(true);
    const next: Promise<void> = (queues.current.get(id) ?? Promise.resolve())
      .then(task)
      .catch(() => setError(NETWORK_ERROR.error))
      .finally(() => {
        const n = (count.get(id) ?? 1) - 1;
        if (n > 0) count.set(id, n);
        else count.delete(id);
        if (queues.current.get(id) === next) queues.current.delete(id);
        if (count.size === 0) setSaving(false);
      });
    queues.current.set(id, next);
  };

  /** Optimistically adds a span; `after` makes it wait for that span's pending writes (undo of a delete). */
  const createSpan = (spec: SpanSpec, after?: string) => {
    const tempId = `temp-${++seq.current}`;
    setSpans((s) => [...s, { ...spec, id: tempId, version: 0, pending: true }]);
    enqueue(after ?? tempId, async () => {
      const res = await safe(
        createAnnotationAction({ articleId: article.id, labelId: spec.labelId, start: spec.start, end: spec.end, quote: spec.quote, ...(spec.note ? { note: spec.note } : {}) }),
      );
      if (res.ok) {
        const real = fromDto(res.data);
        confirmed.current?.set(real.id, real);
        renamed.current.set(tempId, real.id);
        spanKeys.alias(real.id, tempId);
        setSpans((s) => s.map((x) => (x.id === tempId ? real : x)));
        setStatus((st) => (st === "not_started" ? "in_progress" : st));
      } else {
        setSpans((s) => s.filter((x) => x.id !== tempId));
        setError(res.error);
      }
    });
  };

  const effective = useMemo(() => {
    if (!picker) return null;
    return snap ? snapToWords(index, picker.start, picker.end) : trimSpan(index, picker.start, picker.end);
  }, [picker, snap, index]);

  const applied = useMemo(() => {
    const out = new Set<string>();
    if (effective) for (const s of spans) if (s.start === effective.start && s.end === effective.end) out.add(s.labelId);
    return out;
  }, [effective, spans]);

  const applyLabel = useStable((labelId: string) => {
    if (readOnly || !effective) return;
    const { start, end } = effective;
    setPicker(null);
    document.getSelection()?.removeAllRanges();
    if (applied.has(labelId)) {
      setError("You already applied this label to exactly this text.");
      return;
    }
    const quote = index.slice(start, end);
    if (quote.length > MAX_QUOTE) {
      setError(`That selection is too long to label (at most ${MAX_QUOTE.toLocaleString("en")} characters).`);
      return;
    }
    setError(null);
    measureFrom.current = performance.now();
    createSpan({ labelId, start, end, quote, note: "" });
  });

  const updateSpan = useStable((id: string, patch: { labelId: string } | { note: string }) => {
    const current = spansRef.current.find((s) => s.id === id);
    if (readOnly || !current || current.pending) return;
    if ("labelId" in patch && spansRef.current.some((s) => s.id !== id && s.labelId === patch.labelId && s.start === current.start && s.end === current.end)) {
      setError("You already have that label on exactly this text.");
      return;
    }
    setError(null);
    setSpans((s) => s.map((x) => (x.id === id ? { ...x, ...patch } : x)));
    enqueue(id, async () => {
      const base = confirmed.current?.get(id);
      if (!base) return;
      const res = await safe(updateAnnotationAction({ id, ...patch, version: base.version }));
      if (res.ok) {
        const real = fromDto(res.data);
        confirmed.current?.set(id, real);
        // If more edits of this span are queued, keep their optimistic values; only take the version.
        const more = (queued.current.get(id) ?? 1) > 1;
        setSpans((s) => s.map((x) => (x.id === id ? (more ? { ...x, version: real.version } : real) : x)));
      } else {
        const back = confirmed.current?.get(id);
        if (back) setSpans((s) => s.map((x) => (x.id === id ? back : x)));
        setError(res.error);
      }
    });
  });

  const deleteSpan = useStable((id: string) => {
    const current = spansRef.current.find((s) => s.id === id);
    if (readOnly || !current || current.pending) return;
    setError(null);
    const key = ++seq.current;
    setSpans((s) => s.filter((x) => x.id !== id));
    setUndoStack((st) => [...st, { key, spans: [current] }]);
    setToast(true);
    enqueue(id, async () => {
      const res = await safe(deleteAnnotationAction({ id }));
      if (res.ok) {
        confirmed.current?.delete(id);
      } else if (res.code === "NOT_FOUND") {
        // Deleted elsewhere (another tab or window): it stays gone, and there is nothing to undo.
        confirmed.current?.delete(id);
        setUndoStack((st) => st.filter((e) => e.key !== key));
        setToast(false);
        setError("That span had already been deleted (in another tab or window).");
      } else {
        const back = confirmed.current?.get(id) ?? current;
        setSpans((s) => (s.some((x) => x.id === id) ? s : [...s, back]));
        setUndoStack((st) => st.filter((e) => e.key !== key));
        setError(res.error);
      }
    });
  });

  const undo = useStable(() => {
    const entry = undoStack[undoStack.length - 1];
    if (readOnly || !entry) return;
    setUndoStack((st) => st.filter((e) => e.key !== entry.key));
    if (undoStack.length <= 1) setToast(false);
    setError(null);
    for (const s of entry.spans) createSpan({ labelId: s.labelId, start: s.start, end: s.end, quote: s.quote, note: s.note }, s.id);
  });

  useEffect(() => {
    if (!toast) return;
    const t = window.setTimeout(() => setToast(false), TOAST_MS);
    return () => window.clearTimeout(t);
  }, [toast, undoStack.length]);

  const changeStatus = async (next: "done" | "in_progress") => {
    setStatusBusy(true);
    setError(null);
    const res = await safe(setArticleStatusAction({ articleId: article.id, status: next }));
    setStatusBusy(false);
    if (res.ok) setStatus(res.data.status as TArticleStatus);
    else setError(res.error);
  };

  // ---- selection, popovers, keyboard ----

  const onSelect = useStable((sel: TextSelection, viaMouse: boolean) => {
    if (readOnly || help) return;
    const span = snap ? snapToWords(index, sel.start, sel.end) : trimSpan(index, sel.start, sel.end);
    if (!span) return;
    if (picker && picker.start === sel.start && picker.end === sel.end) return;
    setPopover(null);
    setPicker({ start: sel.start, end: sel.end, anchor: sel.anchor, focus: viaMouse });
  });
  const onClickHighlight = useStable((keys: string[], anchor: Anchor) => {
    if (help) return;
    const ids = keys.map((k) => spanKeys.id(k)).filter((id): id is string => id !== undefined);
    setPicker(null);
    setPopover({ ids, anchor });
  });
  useTextSelection({ rootRef: textRef, index, onSelect, onClickHighlight });

  const segmentsOf = (id: string) => textRef.current?.querySelectorAll<HTMLElement>(`[data-ids~="${spanKeys.key(id)}"]`) ?? [];

  const showSpan = useStable((id: string) => {
    const els = Array.from(segmentsOf(id));
    const first = els[0];
    if (!first) return;
    first.scrollIntoView({ block: "center", behavior: "smooth" });
    for (const el of els) el.removeAttribute("data-flash");
    // Restart the CSS animation on the next frame, without forcing a layout per element.
    requestAnimationFrame(() => {
      for (const el of els) el.setAttribute("data-flash", "");
      window.setTimeout(() => {
        for (const el of els) el.removeAttribute("data-flash");
      }, 1600);
    });
  });

  const editSpan = useStable((id: string) => {
    const first = segmentsOf(id)[0];
    if (!first) return;
    first.scrollIntoView({ block: "center" });
    const r = first.getBoundingClientRect();
    setPicker(null);
    setPopover({ ids: [id], anchor: { left: r.left + window.scrollX, top: r.top + window.scrollY, bottom: r.bottom + window.scrollY } });
  });

  const onKeyDown = useStable((e: KeyboardEvent) => {
    if (e.key === "Escape") {
      if (help) setHelp(false);
      else if (picker) setPicker(null);
      else if (popover) setPopover(null);
      else return;
      e.preventDefault();
      return;
    }
    const typing = isTextEntry(e.target);
    if ((e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === "z") {
      if (typing || undoStack.length === 0 || readOnly) return;
      e.preventDefault();
      undo();
      return;
    }
    if (e.ctrlKey || e.metaKey || e.altKey || typing) return;
    if (picker && e.key.length === 1) {
      const key = e.key.toLowerCase();
      const label = activeLabels.find((l) => l.hotkey === key);
      if (label) {
        e.preventDefault();
        applyLabel(label.id);
        return;
      }
    }
    if (e.key === "?") {
      e.preventDefault();
      setHelp((h) => !h);
    }
  });
  useEffect(() => {
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [onKeyDown]);

  const ordered = useMemo(() => [...spans].sort(byTextOrder), [spans]);
  const popoverSpans = useMemo(() => {
    if (!popover) return [];
    const ids = popover.ids.map((id) => renamed.current.get(id) ?? id);
    return ids.map((id) => spans.find((s) => s.id === id)).filter((s): s is ClientSpan => s !== undefined);
  }, [popover, spans]);
  useEffect(() => {
    if (popover && popoverSpans.length === 0) setPopover(null);
  }, [popover, popoverSpans.length]);

  const closePicker = useCallback(() => setPicker(null), []);
  useEffect(() => {
    if (!saving) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [saving]);

  const closePopover = useCallback(() => setPopover(null), []);
  const lastUndo = undoStack[undoStack.length - 1];

  return (
    <div className="fw-annotator" data-testid="annotator">
      <div className="fw-toolbar">
        <span className={`badge ${status}`} data-testid="article-status">
          {STATUS_TEXT[status]}
        </span>
        {status === "done" ? (
          <button type="button" data-testid="reopen" disabled={readOnly || statusBusy} onClick={() => changeStatus("in_progress")}>
            Reopen
          </button>
        ) : (
          <button type="button" className="primary" data-testid="mark-done" disabled={readOnly || statusBusy} onClick={() => changeStatus("done")}>
            Mark as done
          </button>
        )}
        <span className="muted fw-save-state" role="status" data-testid="save-state" data-saving={saving ? "" : undefined}>
          {saving ? "Saving…" : "All changes saved"}
        </span>
        <nav className="fw-neighbours" aria-label="Articles">
          {neighbours.previousId ? (
            <Link href={`/articles/${neighbours.previousId}`} data-testid="prev-article" rel="prev">
              ← Previous
            </Link>
          ) : (
            <span className="muted">← Previous</span>
          )}
          {neighbours.nextId ? (
            <Link href={`/articles/${neighbours.nextId}`} data-testid="next-article" rel="next">
              Next →
            </Link>
          ) : (
            <span className="muted">Next →</span>
          )}
        </nav>
        <button type="button" className="fw-help-button" data-testid="help-button" aria-keyshortcuts="?" onClick={() => setHelp(true)}>
          Shortcuts <kbd>?</kbd>
        </button>
      </div>
      {project.locked ? (
        <p className="fw-locked" data-testid="locked-notice">
          This project is locked: annotations are read-only.
        </p>
      ) : (
        workspace.frozen && (
          <p className="fw-locked" data-testid="frozen-notice">
            {workspace.frozen}
          </p>
        )
      )}
      {error && (
        <div className="fw-error" role="alert" data-testid="annotator-error">
          <span>{error}</span>
          <button type="button" className="fw-icon" aria-label="Dismiss error" onClick={() => setError(null)}>
            ×
          </button>
        </div>
      )}
      <div className="fw-layout">
        <div className="fw-main">
          {!readOnly && (
            <p className="muted fw-hint">
              Select text to label it · click a highlight to edit it · <kbd>?</kbd> shortcuts
            </p>
          )}
          <ArticleText ref={textRef} text={text} index={index} spans={spans} labelsById={labelsById} spanKeys={spanKeys} mounted={mounted} onComplete={onTextComplete} />
        </div>
        <SpanList spans={ordered} ready={mounted} labelsById={labelsById} labels={labels} guidelines={project.guidelines} onShow={showSpan} onEdit={editSpan} />
      </div>
      {picker && (
        <LabelPicker
          anchor={picker.anchor}
          quote={effective ? index.slice(effective.start, effective.end) : null}
          labels={activeLabels}
          applied={applied}
          snap={snap}
          onSnapChange={changeSnap}
          onApply={applyLabel}
          onClose={closePicker}
          focusOnOpen={picker.focus}
        />
      )}
      {popover && popoverSpans.length > 0 && (
        <SpanPopover
          anchor={popover.anchor}
          spans={popoverSpans}
          labels={labels}
          readOnly={readOnly}
          onClose={closePopover}
          onChangeLabel={(id, labelId) => updateSpan(id, { labelId })}
          onSaveNote={(id, note) => updateSpan(id, { note })}
          onDelete={deleteSpan}
        />
      )}
      {help && <HelpOverlay onClose={() => setHelp(false)} />}
      {toast && lastUndo && !readOnly && <UndoToast count={lastUndo.spans.length} onUndo={undo} onDismiss={() => setToast(false)} />}
    </div>
  );
}
