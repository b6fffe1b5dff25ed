import { type OffsetIndex, sliceCodePoints } from "@/lib/domain/offsets";
import type { AnnotationDto } from "@/lib/schemas/annotation";
import type { AnnotationWorkspace } from "@/lib/schemas/article";

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

/**
 * A saved span as the page sends it to the browser: no quote (the client slices it from the text it
 * already has), no article id, no timestamps. With 2,000 spans this halves the page's payload.
 */
export type WireSpan = Pick<AnnotationDto, "id" | "labelId" | "start" | "end" | "note" | "version">;

/** The workspace as the article page hands it to the client. */
export type ClientWorkspace = Omit<AnnotationWorkspace, "annotations"> & { annotations: WireSpan[] };

export function toWire(d: WireSpan): WireSpan {
  return { id: d.id, labelId: d.labelId, start: d.start, end: d.end, note: d.note, version: d.version };
}

export function fromWire(d: WireSpan, text: OffsetIndex): ClientSpan {
  return { ...d, quote: sliceCodePoints(text, d.start, d.end), pending: false };
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
