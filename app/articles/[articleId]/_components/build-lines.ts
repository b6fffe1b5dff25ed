import { type OffsetIndex, layoutSpans, segmentText } from "@/lib/domain/offsets";
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
 */
export type Line = { cp: number; u: number; ue: number; segs: SegProps[]; lanes: number };

/** Generated classes, one per distinct combination of lane colours + tint; grows monotonically. */
export type Looks = { bySig: Map<string, number>; rules: string[] };

/** Label colours are validated #rrggbb on the server; anything else falls back to grey (it goes into CSS). */
const safeColour = (c: string | undefined) => (c && /^#[0-9a-fA-F]{3,8}$/.test(c) ? c : "#888888");

/** Code-point starts of the lines: 0, then after every "\n". */
export function lineStartsOf(text: string, index: OffsetIndex): number[] {
  const starts = [0];
  for (let i = text.indexOf("\n"); i !== -1 && i + 1 < text.length; i = text.indexOf("\n", i + 1))
    starts.push(index.toCodePoint(i + 1));
  return starts;
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

type SpanInfo = { key: string; lane: number; colour: string; name: string; pending: boolean };

/**
 * Lines of segments for the text. Lines equal to one in `previous` (same start) are returned as
 * that very object, so memoised line components skip re-rendering. Mutates `looks` (new rules).
 */
export function buildLines(
  text: string,
  index: OffsetIndex,
  lineStarts: number[],
  spans: ClientSpan[],
  labelsById: Map<string, Label>,
  spanKeys: SpanKeys,
  looks: Looks,
  previous: Map<number, Line>,
): { lines: Line[]; lanes: number; byStart: Map<number, Line> } {
  const laid = layoutSpans(spans);
  const info = new Map<string, SpanInfo>();
  let maxLane = -1;
  for (let i = 0; i < laid.length; i++) {
    const lane = Math.min((laid[i] as { lane: number }).lane, MAX_LANES - 1);
    if (lane > maxLane) maxLane = lane;
    const span = spans[i] as ClientSpan;
    const label = labelsById.get(span.labelId);
    info.set(span.id, {
      key: spanKeys.key(span.id),
      lane,
      colour: safeColour(label?.colour),
      name: label?.name ?? "Unknown label",
      pending: span.pending,
    });
  }

  const total = index.codePointLength;
  const lines: Line[] = [];
  for (let i = 0; i < lineStarts.length; i++) {
    const cp = lineStarts[i] as number;
    const end = lineStarts[i + 1] ?? total;
    if (end > cp) lines.push({ cp, u: index.toUtf16(cp), ue: index.toUtf16(end), segs: [], lanes: 0 });
  }

  const { bySig, rules } = looks;
  const names: string[] = [];
  let li = 0;
  for (const seg of segmentText(total, spans)) {
    let ids = "";
    let title = "";
    let look = -1;
    let pending = false;
    let segLanes = 0;
    if (seg.ids.length > 0) {
      let sig = "";
      let tint = "#888888";
      names.length = 0;
      for (const id of seg.ids) {
        const s = info.get(id);
        if (!s) continue;
        ids = ids === "" ? s.key : `${ids} ${s.key}`;
        sig += `${s.lane}:${s.colour},`;
        if (s.lane + 1 > segLanes) segLanes = s.lane + 1;
        tint = s.colour; // the innermost span (drawn last) tints the background
        if (!names.includes(s.name)) names.push(s.name);
        if (s.pending) pending = true;
      }
      sig += tint;
      let n = bySig.get(sig);
      if (n === undefined) {
        n = rules.length;
        bySig.set(sig, n);
        rules.push(lookRule(n, sig));
      }
      look = n;
      title = names.join("; ");
      const hidden = seg.ids.length - MAX_LANES;
      if (hidden > 0) title += ` (+${hidden} more overlapping: click to list them)`;
    }
    // Cut the segment at line ends.
    for (let s = seg.start; s < seg.end; ) {
      while (li + 1 < lines.length && (lines[li + 1] as Line).cp <= s) li++;
      const line = lines[li] as Line;
      const e = Math.min(seg.end, lines[li + 1]?.cp ?? total);
      const u = index.toUtf16(s);
      line.segs.push({ text: text.slice(u, index.toUtf16(e)), cp: s, u, ids, title, look, pending });
      if (segLanes > line.lanes) line.lanes = segLanes;
      s = e;
    }
  }

  const byStart = new Map<number, Line>();
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as Line;
    const old = previous.get(line.cp);
    if (
      old &&
      old.ue === line.ue &&
      old.lanes === line.lanes &&
      old.segs.length === line.segs.length &&
      old.segs.every((s, k) => sameSeg(s, line.segs[k] as SegProps))
    )
      lines[i] = old;
    byStart.set(line.cp, lines[i] as Line);
  }
  return { lines, lanes: maxLane + 1, byStart };
}

/** Bottom padding of a line whose highlights use `lanes` lanes (the line grows only as far as it needs). */
export function linePad(lanes: number): number {
  return Math.max(1, lanes) * LANE_PX + 1;
}

/**
 * `.fw-lookN { --fw-t: tint; background-image: <one bar per lane>; background-position: <lane K, K*4px up> }`
 * from a signature "lane:colour,...,tint". Lane 0 sits at the bottom of the line's padding (--fw-pad).
 */
function lookRule(n: number, sig: string): string {
  const parts = sig.split(",");
  const tint = parts.pop() as string;
  const images: string[] = [];
  const positions: string[] = [];
  for (const p of parts) {
    const [lane, colour] = p.split(":") as [string, string];
    images.push(`linear-gradient(${colour},${colour})`);
    positions.push(`left 0 bottom calc(var(--fw-pad, 5px) - ${BAR_PX + LANE_PX * Number(lane)}px)`);
  }
  return `.fw-look${n}{--fw-t:${tint};background-image:${images.join(",")};background-position:${positions.join(",")}}`;
}
