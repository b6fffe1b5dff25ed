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

/** Draw order of span `a` at input index `i` against `b` at `j`: start asc, length desc, input order. */
function drawCompare(a: SpanRef<unknown>, i: number, b: SpanRef<unknown>, j: number): number {
  return a.start - b.start || b.end - a.end || i - j;
}

/** Where a span holds its lane until: its end, and an empty span its start position. */
const heldUntil = (s: SpanRef<unknown>) => Math.max(s.end, s.start + 1);

/** Indices of `spans` sorted by start asc, length desc, input order (the order lanes are given in). */
export function drawOrder(spans: readonly SpanRef<unknown>[]): number[] {
  const order = spans.map((_, i) => i);
  order.sort((i, j) => drawCompare(spans[i] as SpanRef<unknown>, i, spans[j] as SpanRef<unknown>, j));
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
    laneEnd[lane] = heldUntil(s);
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
    active.push({ end: heldUntil(s), lane });
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

/** An edit touching more spans than this is laid out afresh (`LaneLayout.next`). */
const MAX_EDIT = 64;
/** A re-coloured stretch longer than this (one long span over many) is laid out afresh too. */
const MAX_WINDOW = 4096;

/**
 * What an edit re-coloured: draw-order positions [from, to) of the new layout (and [from, oldTo) of the
 * old one), which hold every span added, removed or given another lane; all of them lie in the code-point
 * stretch [lo, hi). Spans before `from` end at or before `lo`, spans from `to` on start at or after `hi`,
 * and neither changed lane. Null: laid out afresh, anything may have changed.
 */
export type LaneWindow = { from: number; to: number; oldTo: number; lo: number; hi: number };

/**
 * `spanLanes` kept across edits: the spans in draw order with their lanes. `next` lays out an edited copy
 * of the spans (a few added, removed or replaced, as an annotator's edit does; unchanged spans are the same
 * objects in the same relative order) by re-colouring only the overlap clusters the edit touches, where
 * `spanLanes` sorts and colours every span again. The lanes are always those `spanLanes` gives.
 */
export class LaneLayout<S extends SpanRef<unknown>> {
  private constructor(
    /** The spans, in input order. */
    readonly spans: readonly S[],
    /** The spans in draw order (`drawOrder`). */
    readonly sorted: readonly S[],
    /** lane[k]: the lane of sorted[k]. */
    readonly lane: readonly number[],
    /** idx[k]: the input index of sorted[k]. */
    private readonly idx: readonly number[],
    /** reach[k]: how far the spans sorted[0..k) reach (the greatest `heldUntil`). */
    private readonly reach: readonly number[],
  ) {}

  static of<S extends SpanRef<unknown>>(spans: readonly S[]): LaneLayout<S> {
    const order = drawOrder(spans);
    const lanes = spanLanes(spans, order);
    const sorted = order.map((i) => spans[i] as S);
    return new LaneLayout(
      spans,
      sorted,
      order.map((i) => lanes[i] as number),
      order,
      reachOf(sorted),
    );
  }

  /** The layout of `spans`, and the window the change from this layout's spans re-coloured. */
  next(spans: readonly S[]): { layout: LaneLayout<S>; window: LaneWindow | null } {
    const old = this.spans;
    const nO = old.length;
    const nN = spans.length;
    let p = 0;
    while (p < nO && p < nN && old[p] === spans[p]) p++;
    let q = 0;
    while (q < nO - p && q < nN - p && old[nO - 1 - q] === spans[nN - 1 - q]) q++;
    const removedCount = nO - p - q;
    const addedCount = nN - p - q;
    const afresh = () => ({ layout: LaneLayout.of(spans), window: null });
    if (removedCount + addedCount > MAX_EDIT) return afresh();
    if (removedCount + addedCount === 0) {
      const layout = new LaneLayout(spans, this.sorted, this.lane, this.idx, this.reach);
      return { layout, window: { from: 0, to: 0, oldTo: 0, lo: 0, hi: 0 } };
    }
    const d = addedCount - removedCount;
    const removed = new Set<S>(old.slice(p, nO - q));
    const added: { s: S; i: number }[] = [];
    for (let i = p; i < p + addedCount; i++) {
      const s = spans[i] as S;
      checkSpan(s);
      added.push({ s, i });
    }
    added.sort((x, y) => drawCompare(x.s, x.i, y.s, y.i));

    // The new draw order: the old one without the removed spans, merged with the added ones.
    const sorted: S[] = [];
    const idx: number[] = [];
    const lane: number[] = [];
    /** For each new position, the old position of the same span (-1: added). */
    const oldPos: number[] = [];
    let first = -1;
    let lastAdded = -1;
    let lastRemoved = -1;
    let skipped = 0;
    let a = 0;
    const pushAdded = () => {
      const { s, i } = added[a++] as { s: S; i: number };
      if (first < 0) first = sorted.length;
      lastAdded = sorted.length;
      sorted.push(s);
      idx.push(i);
      lane.push(-1);
      oldPos.push(-1);
    };
    for (let j = 0; j < nO; j++) {
      const s = this.sorted[j] as S;
      if (removed.has(s)) {
        if (first < 0) first = sorted.length;
        lastRemoved = j;
        skipped++;
        continue;
      }
      const oi = this.idx[j] as number;
      const i = oi < p ? oi : oi + d;
      while (a < added.length) {
        const x = added[a] as { s: S; i: number };
        if (drawCompare(x.s, x.i, s, i) >= 0) break;
        pushAdded();
      }
      sorted.push(s);
      idx.push(i);
      lane.push(this.lane[j] as number);
      oldPos.push(j);
    }
    while (a < added.length) pushAdded();
    // A span object in the array twice (in the edit and out of it): not an edit this can follow.
    if (skipped !== removedCount) return afresh();
    const reach = reachOf(sorted);

    // Back from the first change to a point that no earlier span reaches past, in the old layout and the
    // new (positions before `first` are the same in both, and so is what they reach).
    const startAt = (xs: readonly S[], k: number) => (k < xs.length ? (xs[k] as S).start : Number.POSITIVE_INFINITY);
    let from = first;
    while (from > 0 && (reach[from] as number) > Math.min(startAt(sorted, from), startAt(this.sorted, from))) from--;
    // Greedy colouring from there (all lanes free), on until a point past every change that no earlier
    // span reaches past in either layout: from there on both colour the same spans from the same state.
    const laneEnd: number[] = [];
    let to = from;
    let oldTo = nO;
    for (; to < nN; to++) {
      const s = sorted[to] as S;
      const j = oldPos[to] as number;
      if (
        to > lastAdded &&
        j > lastRemoved &&
        (reach[to] as number) <= s.start &&
        (this.reach[j] as number) <= s.start
      ) {
        oldTo = j;
        break;
      }
      if (to - from > MAX_WINDOW) return afresh();
      let l = 0;
      while (l < laneEnd.length && (laneEnd[l] as number) > s.start) l++;
      laneEnd[l] = heldUntil(s);
      lane[to] = l;
    }
    const lo = reach[from] as number;
    const hi = to < nN ? Math.max(reach[to] as number, this.reach[oldTo] as number) : Number.POSITIVE_INFINITY;
    return { layout: new LaneLayout(spans, sorted, lane, idx, reach), window: { from, to, oldTo, lo, hi } };
  }
}

/** reach[k] for k in [0, n]: how far the spans sorted[0..k) hold their lanes (`heldUntil`). */
function reachOf(sorted: readonly SpanRef<unknown>[]): number[] {
  const reach = new Array<number>(sorted.length + 1);
  let r = 0;
  reach[0] = 0;
  for (let k = 0; k < sorted.length; k++) {
    r = Math.max(r, heldUntil(sorted[k] as SpanRef<unknown>));
    reach[k + 1] = r;
  }
  return reach;
}
