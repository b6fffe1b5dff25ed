/**
 * Layout of the compare view: the text wrapped into rows, and under each row one track per
 * reviewer (plus gold), each track split into as many lanes as its overlapping spans need.
 * Every row is a grid whose columns are the stretches between span boundaries, so a bar spans
 * exactly the columns of its text whatever the glyph widths (CJK, emoji, proportional fonts).
 * Offsets are code points, [start, end).
 */
import { layoutSpans } from "../offsets/layout";

export interface Row {
  readonly start: number;
  readonly end: number;
  /** True for the first row of a paragraph (after a blank line). */
  readonly paragraph: boolean;
  /** Extra column boundaries inside the row where the browser may wrap it (see `paragraphRows`). */
  readonly breaks?: readonly number[];
}

export interface TrackSpan {
  readonly id: string;
  readonly track: string;
  readonly start: number;
  readonly end: number;
}

export interface Piece {
  readonly id: string;
  /** First column (0-based) and number of columns covered. */
  readonly col: number;
  readonly cols: number;
  /** The span goes on before this row / after it. */
  readonly fromBefore: boolean;
  readonly toAfter: boolean;
}

export interface LaidRow extends Row {
  /** [start, end) of each column; together they tile [row.start, row.end). `ids`: spans covering it; `tracks`: their tracks. */
  readonly columns: {
    readonly start: number;
    readonly end: number;
    readonly tracks: string[];
    readonly ids: string[];
  }[];
  /**
   * One entry per requested track, in order; each at least one (possibly empty) lane. With
   * `onlyUsed`, tracks without a piece in the row are left out. `hidden`: spans of the track in
   * this row beyond `maxLanes` lanes, not laid out.
   */
  readonly tracks: { readonly track: string; readonly lanes: Piece[][]; readonly hidden: number }[];
}

export interface LayoutOptions {
  /** Lanes drawn per track and row; the spans of further lanes are only counted (`hidden`). */
  readonly maxLanes?: number;
  /** Leave out tracks that have nothing in a row. */
  readonly onlyUsed?: boolean;
}

const NEWLINE = 0x0a;
const isSpace = (cp: number) => cp === 0x20 || cp === 0x09 || cp === 0xa0 || cp === 0x3000;

/**
 * Rows of at most `width` code points: hard breaks at "\n" (the newline itself belongs to no row),
 * soft breaks after the last space that fits, a cut at `width` when a word is longer.
 * Empty lines produce no row; the row after them is marked `paragraph`.
 */
export function wrapRows(text: string, width: number): Row[] {
  if (!Number.isInteger(width) || width < 1)
    throw new RangeError(`width must be a positive integer, got ${String(width)}`);
  const cps = Array.from(text, (ch) => ch.codePointAt(0) as number);
  const rows: Row[] = [];
  let paragraph = true;
  let lineStart = 0;
  for (let i = 0; i <= cps.length; i++) {
    if (i < cps.length && cps[i] !== NEWLINE) continue;
    if (i === lineStart) paragraph = true;
    for (let s = lineStart; s < i; ) {
      let e = Math.min(i, s + width);
      if (e < i) {
        let b = e;
        while (b > s && !isSpace(cps[b - 1]!)) b--;
        if (b > s) e = b;
      }
      rows.push({ start: s, end: e, paragraph });
      paragraph = false;
      s = e;
    }
    lineStart = i + 1;
  }
  return rows;
}

/**
 * Lays spans out on rows (in text order, as `wrapRows` gives them). Spans of tracks not listed are
 * ignored; a span that starts on a newline or in a blank line shows on the rows it reaches.
 * A sweep over spans sorted by start: O(s log s + r + pieces) for s spans and r rows.
 */
export function layoutRows(
  rows: readonly Row[],
  tracks: readonly string[],
  spans: readonly TrackSpan[],
  options: LayoutOptions = {},
): LaidRow[] {
  const maxLanes = options.maxLanes ?? Infinity;
  const trackIndex = new Map(tracks.map((t, i) => [t, i]));
  for (const s of spans) {
    if (!Number.isInteger(s.start) || !Number.isInteger(s.end) || s.start < 0 || s.start >= s.end)
      throw new RangeError(`invalid span ${s.id}: [${s.start}, ${s.end})`);
  }
  // Stable sort: spans with equal offsets keep their input order (layoutSpans' last tie-break).
  const byStart = spans.filter((s) => trackIndex.has(s.track)).sort((a, b) => a.start - b.start);
  let next = 0;
  let active: TrackSpan[] = [];
  let previousStart = -1;
  return rows.map((row) => {
    if (row.start < previousStart) throw new RangeError("rows must be in text order");
    previousStart = row.start;
    active = active.filter((s) => s.end > row.start);
    for (; next < byStart.length && byStart[next]!.start < row.end; next++)
      if (byStart[next]!.end > row.start) active.push(byStart[next]!);
    const inRow = active;
    const bounds = new Set<number>([row.start, row.end]);
    for (const b of row.breaks ?? []) if (b > row.start && b < row.end) bounds.add(b);
    for (const s of inRow) {
      bounds.add(Math.max(s.start, row.start));
      bounds.add(Math.min(s.end, row.end));
    }
    const sorted = [...bounds].sort((a, b) => a - b);
    const colOf = new Map(sorted.map((b, i) => [b, i]));
    const columns = sorted
      .slice(0, -1)
      .map((b, i) => ({ start: b, end: sorted[i + 1]!, tracks: [] as string[], ids: [] as string[] }));

    const perTrack = tracks.map(() => [] as (Piece & { start: number; end: number })[]);
    for (const s of inRow) {
      const a = Math.max(s.start, row.start);
      const b = Math.min(s.end, row.end);
      const col = colOf.get(a)!;
      const cols = colOf.get(b)! - col;
      perTrack[trackIndex.get(s.track)!]!.push({
        id: s.id,
        col,
        cols,
        fromBefore: s.start < row.start,
        toAfter: s.end > row.end,
        start: a,
        end: b,
      });
      for (let c = col; c < col + cols; c++) {
        const column = columns[c]!;
        column.ids.push(s.id);
        if (!column.tracks.includes(s.track)) column.tracks.push(s.track);
      }
    }
    const laidTracks = tracks.flatMap((track, t) => {
      const pieces = perTrack[t]!;
      if (options.onlyUsed && pieces.length === 0) return [];
      const lanes: Piece[][] = [[]];
      let hidden = 0;
      for (const p of layoutSpans(pieces)) {
        if (p.lane >= maxLanes) {
          hidden++;
          continue;
        }
        while (lanes.length <= p.lane) lanes.push([]);
        lanes[p.lane]!.push({ id: p.id, col: p.col, cols: p.cols, fromBefore: p.fromBefore, toAfter: p.toAfter });
      }
      for (const lane of lanes) lane.sort((x, y) => x.col - y.col);
      return [{ track, lanes, hidden }];
    });
    return { ...row, columns, tracks: laidTracks };
  });
}

const isSentenceEnd = (cp: number) =>
  cp === 0x2e || cp === 0x21 || cp === 0x3f || cp === 0x3002 || cp === 0xff01 || cp === 0xff1f;

/**
 * Rows that follow the text's paragraphs: one row per line (the newline belongs to no row; a row
 * after a blank line is marked `paragraph`). A line longer than `maxRow` code points is split after
 * the last sentence end that fits (in its last three quarters), else after the last space, else cut. Each row carries `breaks`
 * about every `breakEvery` code points (after a space where there is one), where the browser may
 * wrap it, so a paragraph flows at any window width.
 */
export function paragraphRows(text: string, maxRow = 800, breakEvery = 24): Row[] {
  for (const [name, v] of [
    ["maxRow", maxRow],
    ["breakEvery", breakEvery],
  ] as const) {
    if (!Number.isInteger(v) || v < 1) throw new RangeError(`${name} must be a positive integer, got ${String(v)}`);
  }
  const cps = Array.from(text, (ch) => ch.codePointAt(0) as number);
  const rows: Row[] = [];
  let paragraph = true;
  let lineStart = 0;
  for (let i = 0; i <= cps.length; i++) {
    if (i < cps.length && cps[i] !== NEWLINE) continue;
    if (i === lineStart) paragraph = true;
    for (let s = lineStart; s < i; ) {
      let e = Math.min(i, s + maxRow);
      if (e < i) {
        let sentence = 0;
        let space = 0;
        for (let b = e; b > s && !sentence; b--) {
          if (isSpace(cps[b - 1]!)) {
            if (!space) space = b;
            if (4 * (b - s) >= maxRow && isSentenceEnd(cps[b - 2]!)) sentence = b;
          }
        }
        e = sentence || space || e;
      }
      rows.push({ start: s, end: e, paragraph, breaks: softBreaks(cps, s, e, breakEvery) });
      paragraph = false;
      s = e;
    }
    lineStart = i + 1;
  }
  return rows;
}

function softBreaks(cps: readonly number[], start: number, end: number, every: number): number[] {
  const out: number[] = [];
  let last = start;
  let candidate = start;
  for (let p = start + 1; p < end; p++) {
    if (isSpace(cps[p - 1]!)) candidate = p;
    if (p - last >= every) {
      last = candidate > last ? candidate : p;
      out.push(last);
    }
  }
  return out;
}

export interface Page {
  /** [start, end) in code points, from the first row's start to the last row's end. */
  readonly start: number;
  readonly end: number;
  /** Rows [firstRow, endRow) of the input. */
  readonly firstRow: number;
  readonly endRow: number;
}

/** Consecutive rows grouped into pages of at most `maxChars` code points (a longer row is a page of its own). */
export function pageRows(rows: readonly Row[], maxChars: number): Page[] {
  if (!Number.isInteger(maxChars) || maxChars < 1)
    throw new RangeError(`maxChars must be a positive integer, got ${String(maxChars)}`);
  const pages: Page[] = [];
  let first = 0;
  for (let i = 1; i <= rows.length; i++) {
    if (i < rows.length && rows[i]!.end - rows[first]!.start <= maxChars) continue;
    pages.push({ start: rows[first]!.start, end: rows[i - 1]!.end, firstRow: first, endRow: i });
    first = i;
  }
  return pages;
}
