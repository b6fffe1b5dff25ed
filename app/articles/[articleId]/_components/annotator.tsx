"use client";

import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { OffsetIndex, moveEdge, snapToWords, trimSpan } from "@/lib/domain/offsets";
import type { TArticleStatus } from "@/lib/schemas/annotation";
import { MAX_QUOTE } from "@/lib/schemas/limits";
import { setArticleStatusAction } from "../actions";
import { ArticleText } from "./article-text";
import { useBenchProbe } from "./bench-probe";
import { HelpOverlay } from "./help-overlay";
import { LabelPicker } from "@/components/annotate/label-picker";
import { SpanList } from "./span-list";
import { SpanPopover } from "./span-popover";
import { TextCursor, lineElementAt } from "./text-cursor";
import { Toolbar } from "./toolbar";
import { type Anchor, type ClientSpan, type ClientWorkspace, SpanKeys, unpackSpans } from "./types";
import { UndoToast } from "./undo-toast";
import { type TextSelection, useTextSelection } from "@/components/annotate/use-selection";
import { useActiveTime } from "./use-active-time";
import { takeEarlyKeys } from "./early-keys";
import { useShortcuts } from "./use-shortcuts";
import { useSnapPreference } from "@/components/annotate/use-snap-preference";
import { safe, useSpanWrites } from "./use-span-writes";
import { useStable } from "./use-stable";

/** `keyboard`: opened from the text cursor, whose selection outlives the picker (Esc returns to it). */
type PickerState = {
  start: number;
  end: number;
  anchor: Anchor;
  focus: boolean;
  keyboard: boolean;
  /** Opened on the selection made while the page was loading (a label key pressed then applies to it). */
  early?: boolean;
};
type PopoverState = { ids: string[]; anchor: Anchor };

export function Annotator({ workspace, userId }: { workspace: ClientWorkspace; userId: string }) {
  // Keyed on the article: client-side navigation to a neighbour must start from fresh state.
  return <Workbench key={workspace.article.id} workspace={workspace} userId={userId} />;
}

function Workbench({ workspace, userId }: { workspace: ClientWorkspace; userId: string }) {
  const { article, project, labels, neighbours } = workspace;
  // Locked project, or the actor's spans here frozen once the comparison is open to them.
  const readOnly = project.locked || workspace.frozen !== null;
  const text = article.text;
  const index = useMemo(() => new OffsetIndex(text), [text]);
  const labelsById = useMemo(() => new Map(labels.map((l) => [l.id, l])), [labels]);
  const activeLabels = useMemo(() => labels.filter((l) => !l.archived), [labels]);
  /** The active label a key applies, if any (the picker's hotkeys, and the label keys pressed while loading). */
  const labelOfKey = useCallback((key: string) => activeLabels.find((l) => l.hotkey === key), [activeLabels]);

  const [status, setStatus] = useState<TArticleStatus>(workspace.status);
  const [statusBusy, setStatusBusy] = useState(false);
  const [picker, setPicker] = useState<PickerState | null>(null);
  const [popover, setPopover] = useState<PopoverState | null>(null);
  const [help, setHelp] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [snap, changeSnap] = useSnapPreference();
  useActiveTime(article.id);
  const textRef = useRef<HTMLDivElement>(null);
  const [spanKeys] = useState(() => new SpanKeys());
  const initialSpans = useMemo(() => unpackSpans(workspace.annotations, labels), [workspace.annotations, labels]);
  const {
    spans,
    saving,
    renamed,
    createSpan,
    updateSpan,
    deleteSpan,
    undo,
    redo,
    canUndo,
    canRedo,
    lastUndo,
    dismissUndo,
  } = useSpanWrites({
    articleId: article.id,
    userId,
    initial: initialSpans,
    index,
    spanKeys,
    readOnly,
    onError: setError,
    onCreated: () => setStatus((st) => (st === "not_started" ? "in_progress" : st)),
  });

  // The server HTML (and hydration) carries only the plain text: thousands of highlight segments
  // are cheaper to create on the client than to serialise, parse and hydrate. They render right after mount.
  const [mounted, setMounted] = useState(false);
  /** Label keys pressed, with text selected, while the page was loading (early-keys.ts). */
  const earlyKeys = useRef<string[]>([]);
  useEffect(() => {
    // Keys pressed while loading: undo and redo now (the history is read by now: useSpanWrites' effect runs
    // first), the list of keys if asked for, label keys once the selection's picker opens (below).
    const early = takeEarlyKeys();
    for (const step of early.steps) (step === "undo" ? undo : redo)();
    if (early.help) setHelp(true);
    earlyKeys.current = early.labelKeys;
    setMounted(true);
  }, [undo, redo]);

  const { onTextComplete, startMeasure } = useBenchProbe(mounted, spans.length, textRef);

  const effective = useMemo(() => {
    if (!picker) return null;
    return snap ? snapToWords(index, picker.start, picker.end) : trimSpan(index, picker.start, picker.end);
  }, [picker, snap, index]);

  const applied = useMemo(() => {
    const out = new Set<string>();
    if (effective)
      for (const s of spans) if (s.start === effective.start && s.end === effective.end) out.add(s.labelId);
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
    startMeasure();
    createSpan({ labelId, start, end, quote, note: "" });
  });

  const changeStatus = async (next: "done" | "in_progress") => {
    setStatusBusy(true);
    setError(null);
    const res = await safe(setArticleStatusAction({ articleId: article.id, status: next }));
    setStatusBusy(false);
    if (res.ok) setStatus(res.data.status as TArticleStatus);
    else setError(res.error);
  };

  const onSelect = useStable((sel: TextSelection, viaMouse: boolean, early?: boolean) => {
    if (readOnly || help) return;
    const span = snap ? snapToWords(index, sel.start, sel.end) : trimSpan(index, sel.start, sel.end);
    if (!span) return;
    if (picker && picker.start === sel.start && picker.end === sel.end) return;
    setPopover(null);
    setPicker({
      start: sel.start,
      end: sel.end,
      anchor: sel.anchor,
      focus: viaMouse,
      keyboard: false,
      early: early === true,
    });
  });
  const onClickHighlight = useStable((keys: string[], anchor: Anchor) => {
    if (help) return;
    const ids = keys.map((k) => spanKeys.id(k)).filter((id): id is string => id !== undefined);
    setPicker(null);
    setPopover({ ids, anchor });
  });
  useTextSelection({ rootRef: textRef, index, onSelect, onClickHighlight });
  /** Enter on the keyboard cursor: the picker opens with its first label focused. */
  const onKeyboardSelect = useStable((sel: TextSelection) => {
    if (readOnly || help) return;
    const span = snap ? snapToWords(index, sel.start, sel.end) : trimSpan(index, sel.start, sel.end);
    if (!span) return;
    setPopover(null);
    setPicker({ start: sel.start, end: sel.end, anchor: sel.anchor, focus: true, keyboard: true });
  });

  const segmentsOf = (id: string) =>
    textRef.current?.querySelectorAll<HTMLElement>(`[data-ids~="${spanKeys.key(id)}"]`) ?? [];

  /**
   * Calls `then` with the span's highlight segments. Lines far from the viewport are plain text until they
   * come near it: scroll the span's line into view first, then wait (a few frames) for its highlights.
   */
  const withSegments = (id: string, then: (els: HTMLElement[]) => void) => {
    const now = Array.from(segmentsOf(id));
    if (now.length > 0) return then(now);
    const span = spans.find((s) => s.id === id);
    const root = textRef.current;
    const line = span && root ? lineElementAt(root, index.toUtf16(span.start)) : null;
    if (!line) return;
    line.scrollIntoView({ block: "center" });
    let frames = 0;
    const poll = () => {
      const els = Array.from(segmentsOf(id));
      if (els.length > 0) then(els);
      else if (++frames < 120) requestAnimationFrame(poll);
    };
    requestAnimationFrame(poll);
  };

  const showSpan = useStable((id: string) => withSegments(id, (els) => flash(els)));
  const flash = (els: HTMLElement[]) => {
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
  };

  const editSpan = useStable((id: string) =>
    withSegments(id, ([first]) => {
      if (!first) return;
      first.scrollIntoView({ block: "center" });
      const r = first.getBoundingClientRect();
      setPicker(null);
      setPopover({
        ids: [id],
        anchor: { left: r.left + window.scrollX, top: r.top + window.scrollY, bottom: r.bottom + window.scrollY },
      });
    }),
  );

  /**
   * A picker dismissed without a label drops a mouse selection with it: left selected, the same text
   * dragged again would move the selection (the browser's drag of selected text) instead of reopening
   * the picker. A keyboard selection stays for the cursor to extend.
   */
  const closePicker = useStable(() => {
    if (picker && !picker.keyboard) document.getSelection()?.removeAllRanges();
    setPicker(null);
  });

  // The picker of the selection made while loading is open: the last label key pressed then labels it.
  useEffect(() => {
    if (!picker?.early) return;
    const keys = earlyKeys.current;
    earlyKeys.current = [];
    for (let i = keys.length - 1; i >= 0; i--) {
      const label = labelOfKey(keys[i] as string);
      if (label) return applyLabel(label.id);
    }
  }, [picker, labelOfKey, applyLabel]);

  useShortcuts({
    escape: () => {
      if (help) setHelp(false);
      else if (picker) closePicker();
      else if (popover) setPopover(null);
      else return false;
      return true;
    },
    undo: canUndo && !readOnly ? undo : undefined,
    redo: canRedo && !readOnly ? redo : undefined,
    hotkey: (key) => {
      const label = picker ? labelOfKey(key) : undefined;
      if (label) applyLabel(label.id);
      return label !== undefined;
    },
    toggleHelp: () => setHelp((h) => !h),
  });

  // biome-ignore lint/correctness/useExhaustiveDependencies: `renamed` is a ref; a rename always comes with a spans change
  const popoverSpans = useMemo(() => {
    if (!popover) return [];
    const ids = popover.ids.map((id) => renamed.current.get(id) ?? id);
    return ids.map((id) => spans.find((s) => s.id === id)).filter((s): s is ClientSpan => s !== undefined);
  }, [popover, spans]);
  useEffect(() => {
    if (popover && popoverSpans.length === 0) setPopover(null);
  }, [popover, popoverSpans.length]);

  const closePopover = useCallback(() => setPopover(null), []);

  return (
    <div className="fw-annotator" data-testid="annotator">
      <Toolbar
        status={status}
        busy={statusBusy}
        saving={saving}
        readOnly={readOnly}
        neighbours={neighbours}
        onChangeStatus={changeStatus}
        onHelp={() => setHelp(true)}
      />
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
            <p className="muted fw-hint" data-testid="workbench-hint" aria-live="polite">
              {mounted ? (
                <>
                  Select text to label it (or focus the text and use Shift+arrows, then Enter) · click a highlight to
                  edit it · <kbd>?</kbd> shortcuts
                </>
              ) : (
                // The server's HTML shows the text before the page listens: say so, rather than let keys vanish.
                "Loading the workbench: text selected now, and a label's key pressed with it, are taken as soon as it is ready."
              )}
            </p>
          )}
          <ArticleText
            ref={textRef}
            text={text}
            index={index}
            spans={spans}
            labelsById={labelsById}
            spanKeys={spanKeys}
            mounted={mounted}
            onComplete={onTextComplete}
          />
          <TextCursor rootRef={textRef} index={index} enabled={!readOnly && mounted} onOpen={onKeyboardSelect} />
        </div>
        <SpanList
          spans={spans}
          ready={mounted}
          labelsById={labelsById}
          labels={labels}
          guidelines={project.guidelines}
          onShow={showSpan}
          onEdit={editSpan}
        />
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
          onMoveEdge={(id, edge, direction) => {
            const span = spans.find((s) => s.id === id);
            const next = span && moveEdge(index, span, edge, direction);
            if (next) updateSpan(id, { ...next, quote: index.slice(next.start, next.end) });
          }}
          onDelete={deleteSpan}
        />
      )}
      {help && <HelpOverlay onClose={() => setHelp(false)} />}
      {lastUndo && !readOnly && <UndoToast count={lastUndo.spans.length} onUndo={undo} onDismiss={dismissUndo} />}
    </div>
  );
}
