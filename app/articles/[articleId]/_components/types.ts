import { type OffsetIndex, sliceCodePoints } from "@/lib/domain/offsets";
import type { AnnotationDto } from "@/lib/schemas/annotation";
import type { AnnotationWorkspace, WorkspaceSpan } from "@/lib/schemas/article";

/** A span as the client holds it (the server's AnnotationDto, less ids and times); `pending` until saved. */
export type ClientSpan = Pick<AnnotationDto, "id" | "labelId" | "start" | "end" | "quote" | "note" | "version"> & {
  pending: boolean;
};

export type { Anchor, Label } from "@/components/annotate/types";
export { truncate } from "@/components/annotate/types";

export type ServerFailure = { ok: false; code: string; error: string };

export function fromDto(
  d: Pick<AnnotationDto, "id" | "labelId" | "start" | "end" | "quote" | "note" | "version">,
): ClientSpan {
  return {
    id: d.id,
    labelId: d.labelId,
    start: d.start,
    end: d.end,
    quote: d.quote,
    note: d.note,
    version: d.version,
    pending: false,
  };
}

/** A saved span as the client receives it: no quote (sliced from the text), no article id, no timestamps. */
export type WireSpan = WorkspaceSpan;

/**
 * The viewer's saved spans as the page sends them to the browser: columns instead of objects, so 10,000
 * spans are about 0.5 MB of page instead of 1.6 MB (and as much less to parse before the page is
 * interactive). Span k is: id `ids.split(" ")[k]` (ids are [A-Za-z0-9_-]), label `labels[label[k]]` of the
 * workspace, start = the previous span's start + `start[k]` (a delta: spans come in text order), end =
 * start + `length[k]`, version `version[k]`, and the note of `notes` whose index is k (only non-empty
 * notes are listed).
 */
export type PackedSpans = {
  ids: string;
  label: number[];
  start: number[];
  length: number[];
  version: number[];
  notes: [number, string][];
};

/** The workspace as the article page hands it to the client. */
export type ClientWorkspace = Omit<AnnotationWorkspace, "annotations"> & { annotations: PackedSpans };

export function packSpans(spans: readonly WireSpan[], labels: readonly { id: string }[]): PackedSpans {
  const labelAt = new Map(labels.map((l, i) => [l.id, i]));
  const packed: PackedSpans = { ids: "", label: [], start: [], length: [], version: [], notes: [] };
  const ids: string[] = [];
  let previous = 0;
  spans.forEach((s, k) => {
    const label = labelAt.get(s.labelId);
    if (label === undefined) throw new Error(`span ${s.id}: its label ${s.labelId} is not among the project's labels`);
    if (!/^[A-Za-z0-9_-]+$/.test(s.id)) throw new Error(`span id ${JSON.stringify(s.id)} cannot be packed`);
    ids.push(s.id);
    packed.label.push(label);
    packed.start.push(s.start - previous);
    packed.length.push(s.end - s.start);
    packed.version.push(s.version);
    if (s.note !== "") packed.notes.push([k, s.note]);
    previous = s.start;
  });
  packed.ids = ids.join(" ");
  return packed;
}

export function unpackSpans(packed: PackedSpans, labels: readonly { id: string }[]): WireSpan[] {
  const ids = packed.ids === "" ? [] : packed.ids.split(" ");
  const notes = new Map(packed.notes);
  let start = 0;
  return ids.map((id, k) => {
    start += packed.start[k] as number;
    return {
      id,
      labelId: (labels[packed.label[k] as number] as { id: string }).id,
      start,
      end: start + (packed.length[k] as number),
      note: notes.get(k) ?? "",
      version: packed.version[k] as number,
    };
  });
}

export function fromWire(d: WireSpan, text: OffsetIndex): ClientSpan {
  // Field by field: an object spread here is fifteen times slower, and this runs for every span on load.
  return {
    id: d.id,
    labelId: d.labelId,
    start: d.start,
    end: d.end,
    quote: sliceCodePoints(text, d.start, d.end),
    note: d.note,
    version: d.version,
    pending: false,
  };
}

/** Text order: start ascending, longer first. */
export function byTextOrder(a: ClientSpan, b: ClientSpan): number {
  return a.start - b.start || b.end - a.end || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * Short, stable DOM keys for span ids (data-ids="a 1f 2b" instead of 36-character UUIDs):
 * assigned in first-seen order, so server and client renders agree.
 */
export class SpanKeys {
  private readonly byId = new Map<string, string>();
  private readonly byKey = new Map<string, string>();
  private next = 0;
  key(id: string): string {
    let k = this.byId.get(id);
    if (k === undefined) {
      k = (this.next++).toString(36);
      this.byId.set(id, k);
      this.byKey.set(k, id);
    }
    return k;
  }
  /** Gives `newId` the key of `oldId` (a saved span replacing its temp copy keeps its DOM identity). */
  alias(newId: string, oldId: string): void {
    const k = this.byId.get(oldId);
    if (k === undefined || this.byId.has(newId)) return;
    this.byId.set(newId, k);
    this.byKey.set(k, newId);
  }
  id(key: string): string | undefined {
    return this.byKey.get(key);
  }
}
