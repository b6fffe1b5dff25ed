/**
 * Layout of overlapping / nested spans for rendering layered highlights.
 * Offsets are code points but nothing here depends on the text itself.
 * Spans with start > end or non-integer / negative offsets throw RangeError.
 */
import { MinHeap } from "./heap";

export interface SpanRef<Id = string> {
  readonly id: Id;
  readonly start: number;
  readonly end: number;
}

export type WithLane<T> = T & { readonly lane: number };

export interface Segment<Id = string> {
  readonly start: number;
  readonly end: number;
  /** Ids of spans covering [start, end): by start asc, then longer first, then input order. */
  readonly ids: Id[];
}

function checkSpan(s: SpanRef<unknown>, length?: number): void {
  if (!Number.isInteger(s.start) || !Number.isInteger(s.end) || s.start < 0 || s.start > s.end) {
    throw new RangeError(`invalid span ${String(s.id)}: [${s.start}, ${s.end})`);
  }
  if (length !== undefined && s.end > length) {
    throw new RangeError(`span ${String(s.id)} [${s.start}, ${s.end}) exceeds length ${length}`);
  }
}

/** Indices of `spans` sorted by start asc, length desc, input order (the order lanes are given in). */
export function drawOrder(spans: readonly SpanRef<unknown>[]): number[] {
  const order = spans.map((_, i) => i);
  order.sort((i, j) => {
    const a = spans[i] as SpanRef<unknown>;
    const b = spans[j] as SpanRef<unknown>;
    return a.start - b.start || b.end - a.end || i - j;
  });
  return order;
}

/**
 * Greedy interval colouring: spans sorted by start asc, length desc; each gets
 * the lowest lane not used by a span it overlaps. Overlap means sharing at
 * least one position ([0,5) and [5,9) do not overlap). Optimal: the number of
 * lanes equals the maximum number of spans covering one position (empty spans
 * are counted as occupying their start for this purpose so they still get a
 * lane). Nested spans: the outer one gets the lower lane. O(n log n).
 * Returns the lane of each span, in INPUT order; `order` is `drawOrder(spans)` when the caller has it.
 */
export function spanLanes(spans: readonly SpanRef<unknown>[], order = drawOrder(spans)): number[] {
  for (const s of spans) checkSpan(s);
  const lanes = new Array<number>(spans.length).fill(0);
  // While few lanes are in use, a scan of each lane's end is the cheapest way to the lowest free one (a lane
  // is free once the span in it ends at or before the current start); past SCAN_LANES, two heaps keep it
  // O(n log n). Both give the same lanes.
  const laneEnd: number[] = [];
  let k = 0;
  for (; k < order.length && laneEnd.length <= SCAN_LANES; k++) {
    const i = order[k] as number;
    const s = spans[i] as SpanRef<unknown>;
    let lane = 0;
    while (lane < laneEnd.length && (laneEnd[lane] as number) > s.start) lane++;
    lanes[i] = lane;
    // An empty span occupies its start position for lane purposes.
    laneEnd[lane] = Math.max(s.end, s.start + 1);
  }
  if (k === order.length) return lanes;
  // Active spans keyed by end; free lanes keyed by number.
  const active = new MinHeap<{ end: number; lane: number }>((a, b) => a.end < b.end);
  const free = new MinHeap<number>((a, b) => a < b);
  for (let lane = 0; lane < laneEnd.length; lane++) active.push({ end: laneEnd[lane] as number, lane });
  let laneCount = laneEnd.length;
  for (; k < order.length; k++) {
    const i = order[k] as number;
    const s = spans[i] as SpanRef<unknown>;
    for (let top = active.peek(); top !== undefined && top.end <= s.start; top = active.peek()) {
      active.pop();
      free.push(top.lane);
    }
    const lane = free.size > 0 ? (free.pop() as number) : laneCount++;
    lanes[i] = lane;
    active.push({ end: Math.max(s.end, s.start + 1), lane });
  }
  return lanes;
}

/** Lane counts up to which `spanLanes` scans the lanes instead of keeping heaps. */
const SCAN_LANES = 32;

/** `spanLanes` as new objects in INPUT order, each with `lane` added. */
export function layoutSpans<T extends SpanRef<unknown>>(spans: readonly T[]): WithLane<T>[] {
  const lanes = spanLanes(spans);
  return spans.map((s, i) => ({ ...s, lane: lanes[i] as number }));
}

/** Number of lanes used by a `layoutSpans` result (0 for no spans). */
export function laneCount(laidOut: readonly { lane: number }[]): number {
  let max = -1;
  for (const s of laidOut) if (s.lane > max) max = s.lane;
  return max + 1;
}

/**
 * Splits [0, length) into the minimal list of segments whose covering span
 * set is constant. Segments tile the whole range in order (uncovered stretches
 * are included with `ids: []`); consecutive segments always differ in ids.
 * Empty spans cover nothing. Spans must lie within [0, length].
 * O(n log n + total output size).
 */
export function segmentText<Id>(length: number, spans: readonly SpanRef<Id>[]): Segment<Id>[] {
  if (!Number.isInteger(length) || length < 0) {
    throw new RangeError(`length must be a non-negative integer, got ${String(length)}`);
  }
  for (const s of spans) checkSpan(s, length);
  const opens = drawOrder(spans).filter((i) => (spans[i] as SpanRef<Id>).end > (spans[i] as SpanRef<Id>).start);
  const closes = opens.slice().sort((i, j) => (spans[i] as SpanRef<Id>).end - (spans[j] as SpanRef<Id>).end);
  // Map preserves insertion order = draw order, with O(1) delete.
  const activeSet = new Map<number, Id>();
  const out: Segment<Id>[] = [];
  let pos = 0;
  let oi = 0;
  let ci = 0;
  while (pos < length) {
    const nextOpen = oi < opens.length ? (spans[opens[oi] as number] as SpanRef<Id>).start : length;
    const nextClose = ci < closes.length ? (spans[closes[ci] as number] as SpanRef<Id>).end : length;
    const next = Math.min(nextOpen, nextClose, length);
    if (next > pos) {
      out.push({ start: pos, end: next, ids: Array.from(activeSet.values()) });
      pos = next;
    }
    while (ci < closes.length && (spans[closes[ci] as number] as SpanRef<Id>).end === pos) {
      activeSet.delete(closes[ci] as number);
      ci++;
    }
    while (oi < opens.length && (spans[opens[oi] as number] as SpanRef<Id>).start === pos) {
      activeSet.set(opens[oi] as number, (spans[opens[oi] as number] as SpanRef<Id>).id);
      oi++;
    }
  }
  return out;
}
