import { describe, expect, it } from "vitest";
import { OffsetIndex, layoutSpans, segmentText } from "@/lib/domain/offsets";
import {
  type Cover,
  type Line,
  type Looks,
  MAX_LANES,
  buildLines,
  coverLines,
  emptyLineMemo,
  emptyLooks,
  lineStartsOf,
  linesOf,
} from "./build-lines";
import { type ClientSpan, type Label, SpanKeys } from "./types";

const labels: Label[] = ["#d62728", "#1f77b4", "#2ca02c"].map((colour, i) => ({
  id: `l${i}`,
  name: `Label ${i}`,
  definition: "",
  guideline: "",
  colour,
  hotkey: String(i + 1),
  archived: false,
  group: "g",
}));
const labelsById = new Map(labels.map((l) => [l.id, l]));

/** Mulberry32: a fixed sequence, so a failure reproduces. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Lines of varied length, an astral character (two UTF-16 units, one code point) and an empty line.
const text = `${Array.from({ length: 40 }, (_, i) => `line ${i} ${"word ".repeat(i % 7)}😀 end`).join("\n")}\n\nlast`;
const index = new OffsetIndex(text);
const total = index.codePointLength;

let seq = 0;
function randomSpan(rand: () => number): ClientSpan {
  const start = Math.floor(rand() * total);
  // Mostly short, some across several lines, some empty.
  const len = rand() < 0.1 ? 0 : rand() < 0.2 ? Math.floor(rand() * 120) : 1 + Math.floor(rand() * 12);
  const end = Math.min(total, start + len);
  return {
    id: `s${++seq}`,
    labelId: `l${Math.floor(rand() * 3)}`,
    start,
    end,
    quote: "",
    note: "",
    version: 1,
    pending: rand() < 0.2,
  };
}

/** The lines as the page had them before: `segmentText` over all spans, cut at line ends. */
function reference(spans: ClientSpan[], keys: SpanKeys) {
  const lanes = new Map(layoutSpans(spans).map((s) => [s.id, Math.min(s.lane, MAX_LANES - 1)]));
  const byId = new Map(spans.map((s) => [s.id, s]));
  const starts = lineStartsOf(text, index);
  const out: { cp: number; segs: { text: string; cp: number; ids: string; look: string; title: string }[] }[] = [];
  for (let i = 0; i < starts.length; i++) {
    const end = starts[i + 1] ?? total;
    if (end > (starts[i] as number)) out.push({ cp: starts[i] as number, segs: [] });
  }
  let li = 0;
  for (const seg of segmentText(total, spans)) {
    const covering = seg.ids.map((id) => byId.get(id) as ClientSpan);
    const colour = (s: ClientSpan) => labelsById.get(s.labelId)?.colour;
    const look = covering.length
      ? `${covering.map((s) => `${lanes.get(s.id)}:${colour(s)},`).join("")}${colour(covering.at(-1) as ClientSpan)}`
      : "";
    const names = [...new Set(covering.map((s) => labelsById.get(s.labelId)?.name))];
    for (let s = seg.start; s < seg.end; ) {
      while (li + 1 < out.length && (out[li + 1]?.cp as number) <= s) li++;
      const e = Math.min(seg.end, out[li + 1]?.cp ?? total);
      out[li]?.segs.push({
        text: index.slice(s, e),
        cp: s,
        ids: covering.map((x) => keys.key(x.id)).join(" "),
        look,
        title: names.join("; "),
      });
      s = e;
    }
  }
  return out;
}

/** A build's lines in the reference's shape: looks by their signature, not their generated number. */
function shape(lines: Line[], looks: Looks) {
  const sigOf = new Map([...looks.bySig].map(([sig, n]) => [n, sig]));
  return lines.map((l) => ({
    cp: l.cp,
    segs: (l.segs ?? []).map((s) => ({
      text: s.text,
      cp: s.cp,
      ids: s.ids,
      look: sigOf.get(s.look) ?? "",
      title: s.title,
    })),
  }));
}

describe("buildLines", () => {
  const starts = lineStartsOf(text, index);

  it("cuts segmentText's segments at line ends, with lanes over all spans", () => {
    const rand = random(7);
    for (let round = 0; round < 30; round++) {
      const spans = Array.from({ length: 1 + Math.floor(rand() * 60) }, () => randomSpan(rand));
      const keys = new SpanKeys();
      const looks: Looks = emptyLooks();
      const { lines } = buildLines(text, index, starts, spans, labelsById, keys, looks, emptyLineMemo());
      expect(shape(lines, looks)).toEqual(reference(spans, keys));
      expect(lines.flatMap((l) => (l.segs ?? []).map((s) => s.text)).join("")).toBe(text);
    }
  });

  it("after any edit, equals a fresh build and reuses every line the edit did not touch", () => {
    const rand = random(11);
    const keys = new SpanKeys();
    const looks: Looks = emptyLooks();
    const memo = emptyLineMemo();
    let spans = Array.from({ length: 40 }, () => randomSpan(rand));
    let before = buildLines(text, index, starts, spans, labelsById, keys, looks, memo).lines;
    for (let step = 0; step < 200; step++) {
      const r = rand();
      const next =
        r < 0.5
          ? [...spans, randomSpan(rand)]
          : r < 0.75 && spans.length > 0
            ? spans.filter((_, i) => i !== Math.floor(rand() * spans.length))
            : spans.map((s, i) =>
                i === Math.floor(rand() * spans.length) ? { ...s, labelId: "l2", pending: false } : s,
              );
      const after = buildLines(text, index, starts, next, labelsById, keys, looks, memo).lines;
      const fresh: Looks = emptyLooks();
      const rebuilt = buildLines(text, index, starts, next, labelsById, keys, fresh, emptyLineMemo()).lines;
      expect(shape(after, looks)).toEqual(shape(rebuilt, fresh));
      expect(shape(after, looks)).toEqual(reference(next, keys));
      // A line whose segments are unchanged is the very same object (its component skips re-rendering).
      const old = new Map(before.map((l) => [l.cp, l]));
      const same = (a: Line, b: Line) => JSON.stringify(a) === JSON.stringify(b);
      for (const l of after) {
        const o = old.get(l.cp) as Line;
        if (same(o, l)) expect(l).toBe(o);
      }
      spans = next;
      before = after;
    }
  });

  it("rebuilds only the line a new span lands on", () => {
    const keys = new SpanKeys();
    const looks: Looks = emptyLooks();
    const memo = emptyLineMemo();
    const rand = random(3);
    const spans = Array.from({ length: 30 }, () => ({ ...randomSpan(rand), end: 0, start: 0 }));
    const first = buildLines(text, index, starts, spans, labelsById, keys, looks, memo).lines;
    const at = starts[5] as number;
    const added = { ...randomSpan(rand), start: at, end: at + 3 };
    const second = buildLines(text, index, starts, [...spans, added], labelsById, keys, looks, memo).lines;
    const changed = second.filter((l, i) => l !== first[i]).map((l) => l.cp);
    expect(changed).toEqual([at]);
  });

  it("builds segments only for the lines wanted; a line wanted later gets the segments a full build gives it", () => {
    const rand = random(5);
    const spans = Array.from({ length: 60 }, () => randomSpan(rand));
    const keys = new SpanKeys();
    const looks: Looks = emptyLooks();
    const memo = emptyLineMemo();
    const near = new Set(starts.slice(0, 10));
    const first = buildLines(text, index, starts, spans, labelsById, keys, looks, memo, (cp) => near.has(cp)).lines;
    const full = buildLines(text, index, starts, spans, labelsById, keys, looks, emptyLineMemo()).lines;
    expect(first.filter((l) => l.segs !== null).map((l) => l.cp)).toEqual([...near].filter((cp) => cp < total));
    // A plain line keeps the padding of its lanes, so building it later moves nothing.
    expect(first.map((l) => l.lanes)).toEqual(full.map((l) => l.lanes));
    for (const cp of starts.slice(10, 20)) near.add(cp);
    const second = buildLines(text, index, starts, spans, labelsById, keys, looks, memo, (cp) => near.has(cp)).lines;
    second.forEach((l, i) => {
      if (near.has(l.cp)) expect(shape([l], looks)).toEqual(shape([full[i] as Line], looks));
      else expect(l.segs).toBeNull();
      // The lines built before are reused as they are.
      if (i < 10) expect(l).toBe(first[i]);
    });
  });

  it("in two stages: one cover of the spans serves every later set of wanted lines (scrolling)", () => {
    const rand = random(9);
    const spans = Array.from({ length: 80 }, () => randomSpan(rand));
    const keys = new SpanKeys();
    const looks: Looks = emptyLooks();
    const memo = emptyLineMemo();
    const cover = coverLines(starts, spans, labelsById, keys, memo);
    const full = buildLines(text, index, starts, spans, labelsById, keys, looks, emptyLineMemo()).lines;
    const near = new Set<number>();
    let before: Line[] = [];
    for (let step = 0; step < starts.length; step += 7) {
      for (const cp of starts.slice(step, step + 7)) near.add(cp);
      const lines = linesOf(text, index, starts, cover, looks, memo, (cp) => near.has(cp));
      lines.forEach((l, i) => {
        expect(shape([l], looks)).toEqual(near.has(l.cp) ? shape([full[i] as Line], looks) : [{ cp: l.cp, segs: [] }]);
        // A line already built is the same object: its component does not render again.
        if (before[i]?.segs) expect(l).toBe(before[i]);
      });
      before = lines;
    }
    expect(before.every((l) => l.segs !== null)).toBe(true);
  });

  /** A cover's lists by what they draw (info objects differ between a kept memo and a fresh one). */
  const drawn = (cover: Cover) => ({
    lanes: cover.lanes,
    covering: cover.covering.map((list) =>
      list.map(({ id, lane, colour, start, end, pending }) => ({ id, lane, colour, start, end, pending })),
    ),
  });

  it("the cover after any edits, in place or several at once, equals a fresh cover", () => {
    const rand = random(13);
    const keys = new SpanKeys();
    const memo = emptyLineMemo();
    let spans = Array.from({ length: 120 }, () => randomSpan(rand));
    coverLines(starts, spans, labelsById, keys, memo);
    for (let step = 0; step < 300; step++) {
      const r = rand();
      const at = Math.floor(rand() * spans.length);
      const next = spans.slice();
      if (r < 0.4) next.push(randomSpan(rand));
      else if (r < 0.6) next.splice(at, 1);
      else if (r < 0.8) next[at] = { ...(next[at] ?? randomSpan(rand)), pending: false, labelId: "l1" };
      else if (r < 0.9)
        next.splice(
          at,
          Math.floor(rand() * 4),
          ...Array.from({ length: Math.floor(rand() * 4) }, () => randomSpan(rand)),
        );
      // Far more than an edit: laid out afresh.
      else next.splice(0, next.length, ...next.slice(40), ...Array.from({ length: 40 }, () => randomSpan(rand)));
      const after = coverLines(starts, next, labelsById, keys, memo);
      expect(drawn(after)).toEqual(drawn(coverLines(starts, next, labelsById, keys, emptyLineMemo())));
      spans = next;
    }
  });

  it("a span added away from the others gives a new list to its line alone", () => {
    const keys = new SpanKeys();
    const memo = emptyLineMemo();
    // One short span at the start of every other line.
    const spans = starts
      .filter((_, i) => i % 2 === 0)
      .map((cp, i) => ({ ...randomSpan(random(i)), start: cp, end: cp + 2 }));
    const before = coverLines(starts, spans, labelsById, keys, memo);
    const at = starts[5] as number;
    const after = coverLines(
      starts,
      [...spans, { ...randomSpan(random(99)), start: at + 1, end: at + 4 }],
      labelsById,
      keys,
      memo,
    );
    const renewed = after.covering.flatMap((list, li) => (list === before.covering[li] ? [] : [li]));
    expect(renewed).toEqual([5]);
    expect(after.covering[5]?.map((s) => s.start)).toEqual([at + 1]);
  });
});
