import { LaneLayout, type OffsetIndex } from "@/lib/domain/offsets";
import type { ClientSpan, Label, SpanKeys } from "./types";

/**
 * Lanes beyond this share the last one, so a pathological pile-up cannot blow up line height; the title of
 * such a piece says how many spans it hides and a click lists them all.
 */
export const MAX_LANES = 16;
/** Vertical distance between lanes, and the bar height, in px. */
export const LANE_PX = 4;
const BAR_PX = 3;

/** A run of text with a constant set of covering spans, within one line. `look` -1: no highlight. */
export type SegProps = {
  text: string;
  cp: number;
  u: number;
  ids: string;
  title: string;
  look: number;
  pending: boolean;
};

/**
 * One source line (text up to and including "\n"), rendered as its own block so the browser
 * re-lays out only the lines an edit touches, and offscreen lines can skip layout entirely.
 * `segs` is null for a line built plain (far from the viewport): its text, with the padding of its lanes.
 */
export type Line = { cp: number; u: number; ue: number; segs: SegProps[] | null; lanes: number };

/** How a highlight piece is drawn: its tint and one bar per lane (one look per distinct combination). */
export type LookStyle = { "--fw-t": string; backgroundImage: string; backgroundPosition: string };
/** The looks met so far, numbered in order of first use; grows monotonically. */
export type Looks = { bySig: Map<string, number>; styles: LookStyle[] };
export const emptyLooks = (): Looks => ({ bySig: new Map(), styles: [] });

/** Label colours are validated #rrggbb on the server; anything else falls back to grey (it goes into CSS). */
const safeColour = (c: string | undefined) => (c && /^#[0-9a-fA-F]{3,8}$/.test(c) ? c : "#888888");

/** Code-point starts of the lines: 0, then after every "\n". */
export function lineStartsOf(text: string, index: OffsetIndex): number[] {
  const starts = [0];
  for (let i = text.indexOf("\n"); i !== -1 && i + 1 < text.length; i = text.indexOf("\n", i + 1))
    starts.push(index.toCodePoint(i + 1));
  return starts;
}

export type SpanInfo = {
  id: string;
  /**
   * Its short DOM key, taken from SpanKeys when a built line first draws the span: only the spans near the
   * viewport need one (10,000 keys up front cost ≈5-10 ms of a 200,000-character article's load). Server
   * and hydration build the same lines in the same order, so they hand out the same keys.
   */
  key: string | null;
  lane: number;
  colour: string;
  name: string;
  pending: boolean;
  start: number;
  end: number;
};

/**
 * What one build keeps for the next: per span (by object identity) its info, per line start the spans
 * that cover the line (in draw order) with the line built from them, and the last `coverLines` result with
 * the lanes behind it. An edit re-colours only the spans near it and rebuilds only the lines whose covering
 * spans changed (added, removed, edited, or moved to another lane); the others are returned as the very
 * same objects, so memoised line components skip re-rendering.
 */
export type LineMemo = {
  infos: WeakMap<ClientSpan, SpanInfo>;
  byStart: Map<number, { covering: SpanInfo[]; line: Line }>;
  cover: CoverMemo | null;
};

type CoverMemo = {
  lineStarts: number[];
  labelsById: Map<string, Label>;
  spanKeys: SpanKeys;
  layout: LaneLayout<ClientSpan>;
  result: Cover;
  /** laneUse[l]: how many spans are drawn in lane l (lanes past MAX_LANES share the last). */
  laneUse: number[];
};

export const emptyLineMemo = (): LineMemo => ({ infos: new WeakMap(), byStart: new Map(), cover: null });

/** Index of the line containing code point `cp` (the last start <= cp). */
function lineOf(lineStarts: readonly number[], cp: number): number {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if ((lineStarts[mid] as number) <= cp) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function sameSeg(a: SegProps, b: SegProps): boolean {
  return (
    a.cp === b.cp &&
    a.u === b.u &&
    a.text === b.text &&
    a.ids === b.ids &&
    a.title === b.title &&
    a.look === b.look &&
    a.pending === b.pending
  );
}

const sameLine = (a: Line, b: Line) =>
  a.ue === b.ue &&
  a.lanes === b.lanes &&
  (a.segs === null || b.segs === null
    ? a.segs === b.segs
    : a.segs.length === b.segs.length && a.segs.every((s, k) => sameSeg(s, (b.segs as SegProps[])[k] as SegProps)));

const sameList = (a: readonly SpanInfo[], b: readonly SpanInfo[]) =>
  a === b || (a.length === b.length && a.every((x, i) => x === b[i]));

/**
 * Per line (by index in lineStarts), the spans covering it in draw order, with the lanes used overall and
 * the keys their pieces are drawn with.
 */
export type Cover = { covering: SpanInfo[][]; lanes: number; keys: SpanKeys };

/**
 * Stage one of a build, run when the spans change: lanes (`LaneLayout`) and the spans covering each line.
 * After an edit of a few spans (the same lines, labels and keys) only the overlap clusters the edit touches
 * are re-coloured and only the lines they cover get new lists; the result is the same as a fresh build's.
 * Mutates `memo.infos` (a span keeps its info object while its look is unchanged) and `memo.cover`.
 */
export function coverLines(
  lineStarts: number[],
  spans: ClientSpan[],
  labelsById: Map<string, Label>,
  spanKeys: SpanKeys,
  memo: LineMemo,
): Cover {
  // Colour and name per label, checked once per build rather than once per span.
  const looksOf = new Map<string, { colour: string; name: string }>();
  const infoOf = (span: ClientSpan, rawLane: number): SpanInfo => {
    const lane = Math.min(rawLane, MAX_LANES - 1);
    let labelLook = looksOf.get(span.labelId);
    if (labelLook === undefined) {
      const label = labelsById.get(span.labelId);
      labelLook = { colour: safeColour(label?.colour), name: label?.name ?? "Unknown label" };
      looksOf.set(span.labelId, labelLook);
    }
    const { colour, name } = labelLook;
    let info = memo.infos.get(span);
    if (!info || info.lane !== lane || info.colour !== colour || info.name !== name) {
      info = {
        id: span.id,
        key: null,
        lane,
        colour,
        name,
        pending: span.pending,
        start: span.start,
        end: span.end,
      };
      memo.infos.set(span, info);
    }
    return info;
  };
  const last = memo.cover;
  const step =
    last && last.lineStarts === lineStarts && last.labelsById === labelsById && last.spanKeys === spanKeys
      ? last.layout.next(spans)
      : { layout: LaneLayout.of(spans), window: null };
  const { layout, window } = step;
  const { sorted, lane } = layout;
  let covering: SpanInfo[][];
  let laneUse: number[];
  if (last && window) {
    // Only the window changed: its spans' lanes, and the lists of the lines in [lo, hi).
    // The old window's spans leave their lanes; the stretch the window's spans cover, before the edit and
    // after it, holds the lines whose lists change.
    laneUse = last.laneUse.slice();
    let first = Number.POSITIVE_INFINITY;
    let end = 0;
    for (let k = window.from; k < window.oldTo; k++) {
      const l = Math.min(last.layout.lane[k] as number, MAX_LANES - 1);
      laneUse[l] = (laneUse[l] as number) - 1;
      const { start: a, end: b } = last.layout.sorted[k] as ClientSpan;
      if (b <= a) continue;
      if (a < first) first = a;
      if (b > end) end = b;
    }
    const inWindow: SpanInfo[] = [];
    for (let k = window.from; k < window.to; k++) {
      const info = infoOf(sorted[k] as ClientSpan, lane[k] as number);
      laneUse[info.lane] = (laneUse[info.lane] as number) + 1;
      if (info.end <= info.start) continue;
      inWindow.push(info);
      if (info.start < first) first = info.start;
      if (info.end > end) end = info.end;
    }
    covering = last.result.covering.slice();
    const { lo, hi } = window;
    if (end > first)
      for (let li = lineOf(lineStarts, first); li < lineStarts.length && (lineStarts[li] as number) < end; li++) {
        const ls = lineStarts[li] as number;
        const le = lineStarts[li + 1] ?? Number.POSITIVE_INFINITY;
        const before = last.result.covering[li] as SpanInfo[];
        const list: SpanInfo[] = [];
        // Spans before the window end at or before lo, spans after it start at or after hi (draw order).
        for (const info of before) if (info.start < lo) list.push(info);
        for (const info of inWindow) if (info.start < le && info.end > ls) list.push(info);
        for (const info of before) if (info.start >= hi) list.push(info);
        covering[li] = list;
      }
  } else {
    laneUse = new Array<number>(MAX_LANES).fill(0);
    covering = lineStarts.map(() => []);
    for (let k = 0; k < sorted.length; k++) {
      const info = infoOf(sorted[k] as ClientSpan, lane[k] as number);
      laneUse[info.lane] = (laneUse[info.lane] as number) + 1;
      if (info.end <= info.start) continue; // empty spans cover nothing
      for (
        let li = lineOf(lineStarts, info.start);
        li < lineStarts.length && (lineStarts[li] as number) < info.end;
        li++
      )
        (covering[li] as SpanInfo[]).push(info);
    }
  }
  let lanes = MAX_LANES;
  while (lanes > 0 && laneUse[lanes - 1] === 0) lanes--;
  const result = { covering, lanes, keys: spanKeys };
  memo.cover = { lineStarts, labelsById, spanKeys, layout, result, laneUse };
  return result;
}

/**
 * Stage two, run when the spans or the lines wanted change: the lines, the same segments as cutting
 * `segmentText`'s segments at line ends. Only the lines `wanted` (by their code-point start) get segments;
 * the others are plain (`segs` null), so a build costs what the lines near the viewport cost. Lines whose
 * covering spans are unchanged since the build that filled `memo` are reused as they are (a plain one only
 * while it is still not wanted). Mutates `looks` (new looks) and `memo.byStart`.
 */
export function linesOf(
  text: string,
  index: OffsetIndex,
  lineStarts: number[],
  cover: Cover,
  looks: Looks,
  memo: LineMemo,
  wanted: (cp: number) => boolean = ALL,
): Line[] {
  const total = index.codePointLength;
  const lines: Line[] = [];
  const byStart = new Map<number, { covering: SpanInfo[]; line: Line }>();
  for (let i = 0; i < lineStarts.length; i++) {
    const cp = lineStarts[i] as number;
    const end = lineStarts[i + 1] ?? total;
    if (end <= cp) continue;
    const spans = cover.covering[i] as SpanInfo[];
    const old = memo.byStart.get(cp);
    const want = wanted(cp);
    let line =
      old && sameList(old.covering, spans) && (old.line.segs !== null || !want)
        ? old.line
        : want
          ? buildLine(text, index, cp, end, spans, looks, cover.keys)
          : plainLine(index, cp, end, spans);
    // Other spans, same segments (a span saved under its server id, say): keep the old object all the same.
    if (old && line !== old.line && sameLine(old.line, line)) line = old.line;
    lines.push(line);
    byStart.set(cp, { covering: spans, line });
  }
  memo.byStart = byStart;
  return lines;
}

/** Both stages at once (`coverLines`, then `linesOf`). */
export function buildLines(
  text: string,
  index: OffsetIndex,
  lineStarts: number[],
  spans: ClientSpan[],
  labelsById: Map<string, Label>,
  spanKeys: SpanKeys,
  looks: Looks,
  memo: LineMemo,
  wanted: (cp: number) => boolean = ALL,
): { lines: Line[]; lanes: number } {
  const cover = coverLines(lineStarts, spans, labelsById, spanKeys, memo);
  return { lines: linesOf(text, index, lineStarts, cover, looks, memo, wanted), lanes: cover.lanes };
}

const ALL = () => true;

/** A line [cp, end) without segments; its lanes are those its covering spans use. */
function plainLine(index: OffsetIndex, cp: number, end: number, cover: SpanInfo[]): Line {
  let lanes = 0;
  for (const s of cover) if (s.lane + 1 > lanes) lanes = s.lane + 1;
  return { cp, u: index.toUtf16(cp), ue: index.toUtf16(end), segs: null, lanes };
}

/** One line [cp, end) from the spans covering it, in draw order. */
function buildLine(
  text: string,
  index: OffsetIndex,
  cp: number,
  end: number,
  cover: SpanInfo[],
  looks: Looks,
  keys: SpanKeys,
): Line {
  const segs: SegProps[] = [];
  const line: Line = { cp, u: index.toUtf16(cp), ue: index.toUtf16(end), segs, lanes: 0 };
  const cuts = new Set<number>([cp, end]);
  for (const s of cover) {
    if (s.start > cp) cuts.add(s.start);
    if (s.end < end) cuts.add(s.end);
  }
  const points = Array.from(cuts).sort((a, b) => a - b);
  const { bySig, styles } = looks;
  const names: string[] = [];
  for (let k = 0; k + 1 < points.length; k++) {
    const a = points[k] as number;
    const b = points[k + 1] as number;
    let ids = "";
    let title = "";
    let look = -1;
    let pending = false;
    let segLanes = 0;
    let count = 0;
    let sig = "";
    let tint = "#888888";
    names.length = 0;
    for (const s of cover) {
      if (s.start > a || s.end < b) continue;
      count++;
      if (s.key === null) s.key = keys.key(s.id);
      ids = ids === "" ? s.key : `${ids} ${s.key}`;
      sig += `${s.lane}:${s.colour},`;
      if (s.lane + 1 > segLanes) segLanes = s.lane + 1;
      tint = s.colour; // the innermost span (drawn last) tints the background
      if (!names.includes(s.name)) names.push(s.name);
      if (s.pending) pending = true;
    }
    if (count > 0) {
      sig += tint;
      let n = bySig.get(sig);
      if (n === undefined) {
        n = styles.length;
        bySig.set(sig, n);
        styles.push(lookStyle(sig));
      }
      look = n;
      title = names.join("; ");
      const hidden = count - MAX_LANES;
      if (hidden > 0) title += ` (+${hidden} more overlapping: click to list them)`;
    }
    const u = index.toUtf16(a);
    segs.push({ text: text.slice(u, index.toUtf16(b)), cp: a, u, ids, title, look, pending });
    if (segLanes > line.lanes) line.lanes = segLanes;
  }
  return line;
}

/** Bottom padding of a line whose highlights use `lanes` lanes (the line grows only as far as it needs). */
export function linePad(lanes: number): number {
  return Math.max(1, lanes) * LANE_PX + 1;
}

/**
 * The look of a signature "lane:colour,...,tint": the tint (--fw-t) and one bar per lane, lane K drawn
 * K*4px above lane 0, which sits at the bottom of the line's padding (--fw-pad).
 */
function lookStyle(sig: string): LookStyle {
  const parts = sig.split(",");
  const tint = parts.pop() as string;
  const images: string[] = [];
  const positions: string[] = [];
  for (const p of parts) {
    const [lane, colour] = p.split(":") as [string, string];
    images.push(`linear-gradient(${colour},${colour})`);
    positions.push(`left 0 bottom calc(var(--fw-pad, 5px) - ${BAR_PX + LANE_PX * Number(lane)}px)`);
  }
  return { "--fw-t": tint, backgroundImage: images.join(","), backgroundPosition: positions.join(",") };
}

/** `.fw-lookN { … }`: look N as a rule (the looks of the server's HTML, in its <style>). */
export function lookRule(n: number, look: LookStyle): string {
  return `.fw-look${n}{--fw-t:${look["--fw-t"]};background-image:${look.backgroundImage};background-position:${look.backgroundPosition}}`;
}
