/**
 * The reviewer's undo and redo stacks for one article: what each change was and what undoing it needs
 * (the span's edges, label and note), and for each span the version this tab's own last write left it at:
 * an undo sends that version, so the server refuses it when the span was changed elsewhere since
 * (optimistic concurrency), before or after a reload. No React, so it is unit-tested; the last
 * HISTORY_LIMIT changes survive a reload via sessionStorage (serialise / parse).
 */
export type SpanSnapshot = { labelId: string; start: number; end: number; quote: string; note: string };
export type SpanPatch = Partial<SpanSnapshot>;

/** `id` is the span the change is about now (it changes when an undo re-creates a deleted span). */
export type Change =
  | { kind: "create"; id: string; span: SpanSnapshot }
  | { kind: "delete"; id: string; span: SpanSnapshot }
  | { kind: "update"; id: string; before: SpanPatch; after: SpanPatch };

export const HISTORY_LIMIT = 50;

/** Ids of spans not yet saved: their changes are not kept across a reload. */
export const isTempId = (id: string) => id.startsWith("temp-");

export class History {
  constructor(
    private undoStack: Change[] = [],
    private redoStack: Change[] = [],
    private readonly versions = new Map<string, number>(),
  ) {}

  /** This tab wrote the span and got `version` back. */
  saw(id: string, version: number): void {
    this.versions.set(id, version);
  }
  /** The version this tab last left the span at (undefined: none of its writes touched it). */
  versionOf(id: string): number | undefined {
    return this.versions.get(id);
  }

  get canUndo(): boolean {
    return this.undoStack.length > 0;
  }
  get canRedo(): boolean {
    return this.redoStack.length > 0;
  }
  /** The change the next undo would revert. */
  get lastDone(): Change | undefined {
    return this.undoStack[this.undoStack.length - 1];
  }

  /** A new change by the reviewer: it can be undone; what was undone before can no longer be redone. */
  record(change: Change): void {
    this.undoStack.push(change);
    if (this.undoStack.length > HISTORY_LIMIT) this.undoStack.splice(0, this.undoStack.length - HISTORY_LIMIT);
    this.redoStack = [];
  }

  /** Takes the last change to undo and puts it on the redo stack. */
  undo(): Change | undefined {
    const change = this.undoStack.pop();
    if (change) this.redoStack.push(change);
    return change;
  }

  /** Takes the last undone change to redo and puts it back on the undo stack. */
  redo(): Change | undefined {
    const change = this.redoStack.pop();
    if (change) this.undoStack.push(change);
    return change;
  }

  /** Forgets a change (its write was refused, or it can no longer be undone). */
  forget(change: Change): void {
    this.undoStack = this.undoStack.filter((c) => c !== change);
    this.redoStack = this.redoStack.filter((c) => c !== change);
  }

  /** A span got a new id (saved, or re-created by an undo): every change about it follows. */
  rename(from: string, to: string): void {
    for (const c of [...this.undoStack, ...this.redoStack]) if (c.id === from) c.id = to;
    const v = this.versions.get(from);
    if (v !== undefined && !this.versions.has(to)) this.versions.set(to, v);
  }

  serialise(): string {
    const keep = (cs: Change[]) => cs.filter((c) => !isTempId(c.id));
    const undo = keep(this.undoStack);
    const redo = keep(this.redoStack);
    const ids = new Set([...undo, ...redo].map((c) => c.id));
    const versions = Object.fromEntries([...this.versions].filter(([id]) => ids.has(id)));
    return JSON.stringify({ undo, redo, versions });
  }

  /** What `serialise` wrote; anything unreadable (another version, a hand edit) gives an empty history. */
  static parse(raw: string | null): History {
    if (!raw) return new History();
    try {
      const data = JSON.parse(raw) as { undo?: unknown; redo?: unknown; versions?: unknown };
      const list = (x: unknown) => (Array.isArray(x) ? x.filter(isChange) : []);
      const versions = isObject(data.versions)
        ? Object.entries(data.versions).filter((e): e is [string, number] => Number.isInteger(e[1]))
        : [];
      return new History(
        list(data.undo).slice(-HISTORY_LIMIT),
        list(data.redo).slice(-HISTORY_LIMIT),
        new Map(versions),
      );
    } catch {
      return new History();
    }
  }
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null;
const isPatch = (x: unknown): x is SpanPatch =>
  isObject(x) &&
  ["labelId", "quote", "note"].every((k) => x[k] === undefined || typeof x[k] === "string") &&
  ["start", "end"].every((k) => x[k] === undefined || Number.isInteger(x[k]));
const isSnapshot = (x: unknown): x is SpanSnapshot =>
  isPatch(x) &&
  ["labelId", "quote", "note", "start", "end"].every((k) => (x as Record<string, unknown>)[k] !== undefined);

function isChange(x: unknown): x is Change {
  if (!isObject(x) || typeof x.id !== "string") return false;
  if (x.kind === "create" || x.kind === "delete") return isSnapshot(x.span);
  return x.kind === "update" && isPatch(x.before) && isPatch(x.after);
}
