import { useEffect, useLayoutEffect, useRef, useState } from "react";
import type { OffsetIndex } from "@/lib/domain/offsets";
import { createAnnotationAction, deleteAnnotationAction, updateAnnotationAction } from "../actions";
import { type ClientSpan, type SpanKeys, type WireSpan, fromDto, fromWire } from "./types";
import { useStable } from "./use-stable";
import { WriteQueue } from "./write-queue";

const TOAST_MS = 10_000;
export const NETWORK_ERROR = {
  ok: false,
  code: "UNAVAILABLE",
  error: "Could not reach the server; the change was not saved.",
  fields: [],
} as const;

type UndoEntry = { key: number; spans: ClientSpan[] };
export type SpanSpec = { labelId: string; start: number; end: number; quote: string; note: string };

/** Server actions resolve to a result; a thrown error (network, server down) becomes one too. */
export async function safe<R>(p: Promise<R>): Promise<R | typeof NETWORK_ERROR> {
  try {
    return await p;
  } catch {
    return NETWORK_ERROR;
  }
}

type Options = {
  articleId: string;
  initial: WireSpan[];
  index: OffsetIndex;
  spanKeys: SpanKeys;
  readOnly: boolean;
  /** A refused or failed write: the message to show (the span is rolled back already). */
  onError: (message: string | null) => void;
  /** A span was saved (the article's status moves to "in progress"). */
  onCreated: () => void;
};

/**
 * The reviewer's spans with optimistic writes: each change shows at once, is sent through a per-span
 * WriteQueue (in order, with the last confirmed version), and rolls back to the confirmed state when the
 * server refuses it. Deletes can be undone (the span is re-created after its delete has gone through).
 */
export function useSpanWrites({ articleId, initial, index, spanKeys, readOnly, onError, onCreated }: Options) {
  const [spans, setSpans] = useState<ClientSpan[]>(() => initial.map((a) => fromWire(a, index)));
  const [undoStack, setUndoStack] = useState<UndoEntry[]>([]);
  const [toast, setToast] = useState(false);
  /** Writes sent but not yet answered: shown in the toolbar, and leaving the page asks first. */
  const [saving, setSaving] = useState(false);
  const spansRef = useRef(spans);
  /** Last server-confirmed state per span id: the version to send, and what to roll back to. */
  const confirmed = useRef<Map<string, ClientSpan> | null>(null);
  if (confirmed.current === null) confirmed.current = new Map(initial.map((a) => [a.id, fromWire(a, index)]));
  const [queue] = useState(() => new WriteQueue(() => onError(NETWORK_ERROR.error), setSaving));
  /** temp id -> server id, so an open popover follows a span once it is saved. */
  const renamed = useRef(new Map<string, string>());
  const seq = useRef(0);

  useLayoutEffect(() => {
    spansRef.current = spans;
  }, [spans]);

  /** Optimistically adds a span; `after` makes it wait for that span's pending writes (undo of a delete). */
  const createSpan = (spec: SpanSpec, after?: string) => {
    const tempId = `temp-${++seq.current}`;
    setSpans((s) => [...s, { ...spec, id: tempId, version: 0, pending: true }]);
    queue.enqueue(after ?? tempId, async () => {
      const { labelId, start, end, quote, note } = spec;
      const res = await safe(
        createAnnotationAction({ articleId, labelId, start, end, quote, ...(note ? { note } : {}) }),
      );
      if (res.ok) {
        const real = fromDto(res.data);
        confirmed.current?.set(real.id, real);
        renamed.current.set(tempId, real.id);
        spanKeys.alias(real.id, tempId);
        setSpans((s) => s.map((x) => (x.id === tempId ? real : x)));
        onCreated();
      } else {
        setSpans((s) => s.filter((x) => x.id !== tempId));
        onError(res.error);
      }
    });
  };

  const updateSpan = useStable((id: string, patch: { labelId: string } | { note: string }) => {
    const current = spansRef.current.find((s) => s.id === id);
    if (readOnly || !current || current.pending) return;
    const clash = (s: ClientSpan) =>
      "labelId" in patch &&
      s.id !== id &&
      s.labelId === patch.labelId &&
      s.start === current.start &&
      s.end === current.end;
    if (spansRef.current.some(clash)) {
      onError("You already have that label on exactly this text.");
      return;
    }
    onError(null);
    setSpans((s) => s.map((x) => (x.id === id ? { ...x, ...patch } : x)));
    queue.enqueue(id, async () => {
      const base = confirmed.current?.get(id);
      if (!base) return;
      const res = await safe(updateAnnotationAction({ id, ...patch, version: base.version }));
      if (res.ok) {
        const real = fromDto(res.data);
        confirmed.current?.set(id, real);
        // If more edits of this span are queued, keep their optimistic values; only take the version.
        const more = queue.pending(id) > 1;
        setSpans((s) => s.map((x) => (x.id === id ? (more ? { ...x, version: real.version } : real) : x)));
      } else {
        const back = confirmed.current?.get(id);
        if (back) setSpans((s) => s.map((x) => (x.id === id ? back : x)));
        onError(res.error);
      }
    });
  });

  const deleteSpan = useStable((id: string) => {
    const current = spansRef.current.find((s) => s.id === id);
    if (readOnly || !current || current.pending) return;
    onError(null);
    const key = ++seq.current;
    setSpans((s) => s.filter((x) => x.id !== id));
    setUndoStack((st) => [...st, { key, spans: [current] }]);
    setToast(true);
    queue.enqueue(id, async () => {
      const res = await safe(deleteAnnotationAction({ id }));
      if (res.ok) {
        confirmed.current?.delete(id);
      } else if (res.code === "NOT_FOUND") {
        // Deleted elsewhere (another tab or window): it stays gone, and there is nothing to undo.
        confirmed.current?.delete(id);
        setUndoStack((st) => st.filter((e) => e.key !== key));
        setToast(false);
        onError("That span had already been deleted (in another tab or window).");
      } else {
        const back = confirmed.current?.get(id) ?? current;
        setSpans((s) => (s.some((x) => x.id === id) ? s : [...s, back]));
        setUndoStack((st) => st.filter((e) => e.key !== key));
        onError(res.error);
      }
    });
  });

  const undo = useStable(() => {
    const entry = undoStack[undoStack.length - 1];
    if (readOnly || !entry) return;
    setUndoStack((st) => st.filter((e) => e.key !== entry.key));
    if (undoStack.length <= 1) setToast(false);
    onError(null);
    for (const s of entry.spans) {
      createSpan({ labelId: s.labelId, start: s.start, end: s.end, quote: s.quote, note: s.note }, s.id);
    }
  });

  // biome-ignore lint/correctness/useExhaustiveDependencies: another delete restarts the toast's timer
  useEffect(() => {
    if (!toast) return;
    const t = window.setTimeout(() => setToast(false), TOAST_MS);
    return () => window.clearTimeout(t);
  }, [toast, undoStack.length]);

  useEffect(() => {
    if (!saving) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [saving]);

  return {
    spans,
    saving,
    spansRef,
    renamed,
    createSpan,
    updateSpan,
    deleteSpan,
    undo,
    canUndo: undoStack.length > 0,
    lastUndo: toast ? undoStack[undoStack.length - 1] : undefined,
    dismissUndo: () => setToast(false),
  };
}
