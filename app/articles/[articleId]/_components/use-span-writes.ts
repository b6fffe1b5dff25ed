import { useEffect, useLayoutEffect, useRef, useState } from "react";
import type { OffsetIndex } from "@/lib/domain/offsets";
import { createAnnotationAction, deleteAnnotationAction, updateAnnotationAction } from "../actions";
import { afterNextPaint } from "./after-paint";
import { type Change, History, type SpanPatch, type SpanSnapshot, isTempId } from "./history";
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

export type SpanSpec = SpanSnapshot;
type Failure = { ok: false; code: string; error: string; fields?: readonly { field: string }[] };
type Outcome = { ok: true; span: ClientSpan | null } | Failure;

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
  /** The signed-in reviewer: the undo history is kept per article and reviewer. */
  userId: string;
  initial: WireSpan[];
  index: OffsetIndex;
  spanKeys: SpanKeys;
  readOnly: boolean;
  /** A refused or failed write: the message to show (the span is rolled back already). */
  onError: (message: string | null) => void;
  /** A span was saved (the article's status moves to "in progress"). */
  onCreated: () => void;
};

const historyKey = (userId: string, articleId: string) => `framewise:history:${userId}:${articleId}`;

function readHistory(key: string): History {
  try {
    return History.parse(window.sessionStorage.getItem(key));
  } catch {
    return new History();
  }
}

const STALE_UNDO = "That span was changed in another tab or window since; nothing was undone.";
const STALE_REDO = "That span was changed in another tab or window since; nothing was redone.";
const GONE = "That span was deleted in another tab or window; there is nothing to undo.";

/**
 * The reviewer's spans with optimistic writes: each change shows at once, is sent through a per-span
 * WriteQueue (in order, with the version the previous write got back), and rolls back to the confirmed
 * state when the server refuses it. Every change (create, delete, label, note, edges) goes on an undo
 * history (history.ts) kept in sessionStorage; an undo or redo sends the version this tab's own last write
 * left the span at, so a span changed elsewhere since is refused by the server and nothing happens but a
 * message.
 */
export function useSpanWrites({ articleId, userId, initial, index, spanKeys, readOnly, onError, onCreated }: Options) {
  const [spans, setSpans] = useState<ClientSpan[]>(() => initial.map((a) => fromWire(a, index)));
  const storageKey = historyKey(userId, articleId);
  const history = useRef<History | null>(null);
  const [, setHistoryTick] = useState(0);
  const [toast, setToast] = useState(false);
  /** Writes sent but not yet answered: shown in the toolbar, and leaving the page asks first. */
  const [saving, setSaving] = useState(false);
  const spansRef = useRef(spans);
  /** Last server-confirmed state per span id: the version to send, and what to roll back to. */
  const confirmed = useRef<Map<string, ClientSpan> | null>(null);
  // The initial spans themselves: nothing mutates a span object, so they double as the confirmed state.
  if (confirmed.current === null) confirmed.current = new Map(spans.map((a) => [a.id, a]));
  // Each write goes out once the frame showing its optimistic change is painted (after-paint.ts).
  const [queue] = useState(() => new WriteQueue(() => onError(NETWORK_ERROR.error), setSaving, afterNextPaint));
  /** temp id -> server id, so an open popover follows a span once it is saved. */
  const renamed = useRef(new Map<string, string>());
  /** Span id -> write-queue key: a span and its re-creations (undo of a delete) share one chain. */
  const lineage = useRef(new Map<string, string>());
  const seq = useRef(0);

  useLayoutEffect(() => {
    spansRef.current = spans;
  }, [spans]);
  useEffect(() => {
    history.current = readHistory(storageKey);
    setHistoryTick((t) => t + 1);
  }, [storageKey]);

  const changed = () => {
    const h = history.current;
    if (!h) return;
    try {
      window.sessionStorage.setItem(storageKey, h.serialise());
    } catch {
      // Storage full or disabled: the history still works until the page is left.
    }
    setHistoryTick((t) => t + 1);
  };
  const keyOf = (id: string) => lineage.current.get(id) ?? id;
  const resolve = (id: string) => renamed.current.get(id) ?? id;
  const find = (id: string) => spansRef.current.find((s) => s.id === resolve(id));

  /** Optimistically adds a span, queued on `key`; resolves with the saved span or the refusal. */
  const sendCreate = (spec: SpanSpec, key?: string): { tempId: string; done: Promise<Outcome> } => {
    const tempId = `temp-${++seq.current}`;
    const chain = key ?? tempId;
    lineage.current.set(tempId, chain);
    setSpans((s) => [...s, { ...spec, id: tempId, version: 0, pending: true }]);
    let outcome: Outcome = NETWORK_ERROR;
    const done = queue
      .enqueue(chain, async () => {
        const { labelId, start, end, quote, note } = spec;
        const res = await safe(
          createAnnotationAction({ articleId, labelId, start, end, quote, ...(note ? { note } : {}) }),
        );
        if (res.ok) {
          const real = fromDto(res.data);
          confirmed.current?.set(real.id, real);
          history.current?.saw(real.id, real.version);
          renamed.current.set(tempId, real.id);
          lineage.current.set(real.id, chain);
          spanKeys.alias(real.id, tempId);
          setSpans((s) => s.map((x) => (x.id === tempId ? real : x)));
          onCreated();
          outcome = { ok: true, span: real };
        } else {
          setSpans((s) => s.filter((x) => x.id !== tempId));
          outcome = res;
        }
      })
      .then(() => outcome);
    return { tempId, done };
  };

  /** Optimistically patches a span; `version` (read when the write goes out) defaults to the confirmed one. */
  const sendUpdate = (id: string, patch: SpanPatch, version?: () => number): Promise<Outcome> => {
    setSpans((s) => s.map((x) => (x.id === resolve(id) ? { ...x, ...patch } : x)));
    const key = keyOf(resolve(id));
    let outcome: Outcome = NETWORK_ERROR;
    return queue
      .enqueue(key, async () => {
        const real = resolve(id);
        const base = confirmed.current?.get(real);
        if (!base) {
          outcome = { ok: false, code: "NOT_FOUND", error: GONE };
          return;
        }
        const res = await safe(updateAnnotationAction({ id: real, ...patch, version: version?.() ?? base.version }));
        if (res.ok) {
          const saved = fromDto(res.data);
          confirmed.current?.set(real, saved);
          history.current?.saw(real, saved.version);
          // If more edits of this span are queued, keep their optimistic values; only take the version.
          const more = queue.pending(key) > 1;
          setSpans((s) => s.map((x) => (x.id === real ? (more ? { ...x, version: saved.version } : saved) : x)));
          outcome = { ok: true, span: saved };
        } else {
          const back = confirmed.current?.get(real);
          if (back) setSpans((s) => s.map((x) => (x.id === real ? back : x)));
          outcome = res;
        }
      })
      .then(() => outcome);
  };

  /** Optimistically removes a span; with `version`, the server refuses if it changed since. */
  const sendDelete = (id: string, version?: () => number): Promise<Outcome> => {
    const snapshot = find(id);
    setSpans((s) => s.filter((x) => x.id !== resolve(id)));
    let outcome: Outcome = NETWORK_ERROR;
    return queue
      .enqueue(keyOf(resolve(id)), async () => {
        const real = resolve(id);
        if (isTempId(real)) {
          // Its create was refused: nothing to delete.
          outcome = { ok: true, span: null };
          return;
        }
        const res = await safe(deleteAnnotationAction({ id: real, ...(version ? { version: version() } : {}) }));
        if (res.ok || res.code === "NOT_FOUND") {
          confirmed.current?.delete(real);
          outcome = res.ok ? { ok: true, span: null } : res;
        } else {
          const back = confirmed.current?.get(real) ?? snapshot;
          if (back) setSpans((s) => (s.some((x) => x.id === real) ? s : [...s, back]));
          outcome = res;
        }
      })
      .then(() => outcome);
  };

  const record = (change: Change) => {
    history.current?.record(change);
    setToast(change.kind === "delete");
    changed();
  };
  /** The original write was refused: the change never happened, so it cannot be undone either. */
  const refused = (change: Change, res: Failure, message = res.error) => {
    history.current?.forget(change);
    changed();
    onError(message);
  };

  const createSpan = (spec: SpanSpec) => {
    const { tempId, done } = sendCreate(spec);
    const change: Change = { kind: "create", id: tempId, span: spec };
    record(change);
    void done.then((res) => {
      if (!res.ok) return refused(change, res);
      history.current?.rename(tempId, res.span?.id ?? tempId);
      changed();
    });
  };

  const clashes = (id: string, next: { labelId: string; start: number; end: number }) =>
    spansRef.current.some(
      (s) => s.id !== id && s.labelId === next.labelId && s.start === next.start && s.end === next.end,
    );

  const updateSpan = useStable((id: string, patch: SpanPatch) => {
    const current = find(id);
    if (readOnly || !current || current.pending) return;
    if (clashes(current.id, { ...current, ...patch })) {
      onError("You already have that label on exactly this text.");
      return;
    }
    onError(null);
    const before: SpanPatch = {};
    for (const k of Object.keys(patch) as (keyof SpanPatch)[]) Object.assign(before, { [k]: current[k] });
    const change: Change = { kind: "update", id: current.id, before, after: patch };
    record(change);
    void sendUpdate(current.id, patch).then((res) => {
      if (!res.ok) return refused(change, res);
      changed();
    });
  });

  const deleteSpan = useStable((id: string) => {
    const current = find(id);
    if (readOnly || !current || current.pending) return;
    onError(null);
    const { labelId, start, end, quote, note } = current;
    const change: Change = { kind: "delete", id: current.id, span: { labelId, start, end, quote, note } };
    record(change);
    void sendDelete(current.id).then((res) => {
      if (res.ok) return;
      setToast(false);
      // Deleted elsewhere (another tab or window): it stays gone, and there is nothing to undo.
      if (res.code === "NOT_FOUND")
        refused(change, res, "That span had already been deleted (in another tab or window).");
      else refused(change, res);
    });
  });

  /** Carries out `change` backwards (undo) or forwards again (redo). */
  const replay = (change: Change, direction: "undo" | "redo") => {
    const stale = direction === "undo" ? STALE_UNDO : STALE_REDO;
    // The version this tab's own last write left the span at: a change made elsewhere since is refused.
    const version = () => {
      const id = resolve(change.id);
      return history.current?.versionOf(id) ?? confirmed.current?.get(id)?.version ?? 1;
    };
    const fail = (res: Failure) => {
      // Changed or deleted elsewhere since: explain, change nothing, and drop what can no longer be replayed.
      if (res.code === "CONFLICT" && res.fields?.some((f) => f.field === "version")) refused(change, res, stale);
      else if (res.code === "NOT_FOUND") refused(change, res, GONE);
      else refused(change, res);
    };
    const removes = (change.kind === "create") === (direction === "undo");
    if (change.kind !== "update" && removes) {
      void sendDelete(change.id, version).then((res) => {
        if (!res.ok) fail(res);
      });
    } else if (change.kind !== "update") {
      const { tempId, done } = sendCreate(change.span, keyOf(resolve(change.id)));
      const old = change.id;
      history.current?.rename(old, tempId);
      void done.then((res) => {
        if (!res.ok) {
          history.current?.rename(tempId, old);
          return fail(res);
        }
        history.current?.rename(tempId, res.span?.id ?? tempId);
        changed();
      });
    } else {
      if (!find(change.id)) return fail({ ok: false, code: "NOT_FOUND", error: GONE });
      void sendUpdate(change.id, direction === "undo" ? change.before : change.after, version).then((res) => {
        if (!res.ok) return fail(res);
        changed();
      });
    }
  };

  /** One step back or forward in the history, if there is one (never when read-only). */
  const step = (direction: "undo" | "redo") => {
    const change = readOnly ? undefined : history.current?.[direction]();
    if (!change) return;
    setToast(false);
    onError(null);
    changed();
    replay(change, direction);
  };
  const undo = useStable(() => step("undo"));
  const redo = useStable(() => step("redo"));

  const last = history.current?.lastDone;
  // biome-ignore lint/correctness/useExhaustiveDependencies: another delete restarts the toast's timer
  useEffect(() => {
    if (!toast) return;
    const t = window.setTimeout(() => setToast(false), TOAST_MS);
    return () => window.clearTimeout(t);
  }, [toast, last]);

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
    redo,
    canUndo: history.current?.canUndo ?? false,
    canRedo: history.current?.canRedo ?? false,
    lastUndo: toast && last?.kind === "delete" ? { spans: [last.span] } : undefined,
    dismissUndo: () => setToast(false),
  };
}
