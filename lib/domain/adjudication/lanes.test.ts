import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { layoutRows, pageRows, paragraphRows, wrapRows } from "./lanes";

const cp = (text: string, a: number, b: number) => Array.from(text).slice(a, b).join("");

describe("wrapRows", () => {
  it("breaks after the last space that fits and at newlines, skipping blank lines", () => {
    const text = "aaa bbb ccc\n\nddd";
    const rows = wrapRows(text, 8);
    expect(rows.map((r) => cp(text, r.start, r.end))).toEqual(["aaa bbb ", "ccc", "ddd"]);
    expect(rows.map((r) => r.paragraph)).toEqual([true, false, true]);
  });

  it("cuts a word longer than the width", () => {
    expect(wrapRows("abcdefghij", 4).map((r) => [r.start, r.end])).toEqual([
      [0, 4],
      [4, 8],
      [8, 10],
    ]);
  });

  it("counts code points, not UTF-16 units", () => {
    const text = "👍🏽 情報 x";
    const rows = wrapRows(text, 3);
    expect(rows.map((r) => cp(text, r.start, r.end))).toEqual(["👍🏽 ", "情報 ", "x"]);
  });

  it("property: rows are in order, within width, and cover every code point except newlines", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[ab \n情👍]{0,60}$/u), fc.integer({ min: 1, max: 12 }), (text, width) => {
        const rows = wrapRows(text, width);
        const covered = new Set<number>();
        let last = 0;
        for (const r of rows) {
          expect(r.end - r.start).toBeGreaterThan(0);
          expect(r.end - r.start).toBeLessThanOrEqual(width);
          expect(r.start).toBeGreaterThanOrEqual(last);
          last = r.end;
          for (let i = r.start; i < r.end; i++) covered.add(i);
        }
        for (const [i, ch] of Array.from(text).entries()) expect(covered.has(i)).toBe(ch !== "\n");
      }),
    );
  });
});

describe("layoutRows", () => {
  const rows = [
    { start: 0, end: 10, paragraph: true },
    { start: 10, end: 20, paragraph: false },
  ];

  it("columns tile the row at span boundaries; pieces cover exactly their columns", () => {
    const [r0] = layoutRows(
      rows.slice(0, 1),
      ["ann", "ben"],
      [
        { id: "a1", track: "ann", start: 2, end: 6 },
        { id: "b1", track: "ben", start: 4, end: 8 },
      ],
    );
    expect(r0!.columns.map((c) => [c.start, c.end, c.tracks, c.ids])).toEqual([
      [0, 2, [], []],
      [2, 4, ["ann"], ["a1"]],
      [4, 6, ["ann", "ben"], ["a1", "b1"]],
      [6, 8, ["ben"], ["b1"]],
      [8, 10, [], []],
    ]);
    expect(r0!.tracks).toEqual([
      { track: "ann", lanes: [[{ id: "a1", col: 1, cols: 2, fromBefore: false, toAfter: false }]], hidden: 0 },
      { track: "ben", lanes: [[{ id: "b1", col: 2, cols: 2, fromBefore: false, toAfter: false }]], hidden: 0 },
    ]);
  });

  it("gives every track a lane even without spans, and a second lane to overlapping spans of one track", () => {
    const [r0] = layoutRows(
      rows.slice(0, 1),
      ["ann", "gold"],
      [
        { id: "x", track: "ann", start: 0, end: 6 },
        { id: "y", track: "ann", start: 3, end: 9 },
        { id: "z", track: "ann", start: 6, end: 8 },
      ],
    );
    const ann = r0!.tracks[0]!;
    expect(ann.lanes.map((l) => l.map((p) => p.id))).toEqual([["x", "z"], ["y"]]);
    expect(r0!.tracks[1]).toEqual({ track: "gold", lanes: [[]], hidden: 0 });
  });

  it("splits a span crossing rows into pieces flagged as continuing", () => {
    const out = layoutRows(rows, ["ann"], [{ id: "long", track: "ann", start: 7, end: 13 }]);
    expect(out[0]!.tracks[0]!.lanes[0]).toEqual([{ id: "long", col: 1, cols: 1, fromBefore: false, toAfter: true }]);
    expect(out[0]!.columns[1]).toMatchObject({ start: 7, end: 10 });
    expect(out[1]!.tracks[0]!.lanes[0]).toEqual([{ id: "long", col: 0, cols: 1, fromBefore: true, toAfter: false }]);
    expect(out[1]!.columns[0]).toMatchObject({ start: 10, end: 13 });
  });

  it("ignores spans of unlisted tracks (a reviewer filtered out)", () => {
    const [r0] = layoutRows(rows.slice(0, 1), ["ann"], [{ id: "b", track: "ben", start: 1, end: 3 }]);
    expect(r0!.columns).toHaveLength(1);
    expect(r0!.tracks).toEqual([{ track: "ann", lanes: [[]], hidden: 0 }]);
  });

  it("property: within a lane pieces never overlap, and each piece's columns are exactly the span clipped to the row", () => {
    const spanArb = fc.array(
      fc.record({ track: fc.constantFrom("a", "b"), start: fc.nat(25), len: fc.integer({ min: 1, max: 9 }) }),
      { maxLength: 25 },
    );
    fc.assert(
      fc.property(spanArb, (xs) => {
        const spans = xs.map((x, i) => ({ id: `s${i}`, track: x.track, start: x.start, end: x.start + x.len }));
        const laid = layoutRows(wrapRows("x".repeat(40), 10), ["a", "b"], spans);
        for (const row of laid) {
          expect(row.columns[0]!.start).toBe(row.start);
          expect(row.columns.at(-1)!.end).toBe(row.end);
          for (const t of row.tracks) {
            for (const lane of t.lanes) {
              for (let i = 1; i < lane.length; i++)
                expect(lane[i]!.col).toBeGreaterThanOrEqual(lane[i - 1]!.col + lane[i - 1]!.cols);
              for (const p of lane) {
                const s = spans.find((x) => x.id === p.id)!;
                expect(s.track).toBe(t.track);
                expect(row.columns[p.col]!.start).toBe(Math.max(s.start, row.start));
                expect(row.columns[p.col + p.cols - 1]!.end).toBe(Math.min(s.end, row.end));
              }
            }
          }
        }
      }),
    );
  });
});

describe("paragraphRows", () => {
  it("gives one row per line whatever its length up to maxRow, marking rows after blank lines", () => {
    const text = `${"word ".repeat(40)}end\nshort\n\nnext one`;
    const rows = paragraphRows(text, 800);
    expect(rows.map((r) => cp(text, r.start, r.end))).toEqual([`${"word ".repeat(40)}end`, "short", "next one"]);
    expect(rows.map((r) => r.paragraph)).toEqual([true, false, true]);
  });
  it("splits a long paragraph after a sentence end, not at a fixed width", () => {
    const a = "One sentence here. ";
    const text = `${a.repeat(6)}tail words`; // 124 code points
    const rows = paragraphRows(text, 100);
    expect(rows.map((r) => cp(text, r.start, r.end))).toEqual([a.repeat(5), `${a}tail words`]);
  });
  it("falls back to the last space, then to a cut, and counts code points", () => {
    expect(paragraphRows("aaa bbb ccc", 6).map((r) => [r.start, r.end])).toEqual([
      [0, 4],
      [4, 8],
      [8, 11],
    ]);
    expect(paragraphRows("情報情報情報", 4).map((r) => [r.start, r.end])).toEqual([
      [0, 4],
      [4, 6],
    ]);
    const text = "👍🏽👍🏽 x";
    expect(paragraphRows(text, 800)[0]).toMatchObject({ start: 0, end: Array.from(text).length });
  });
  it("puts wrap points about every breakEvery code points, after spaces where possible", () => {
    const text = "aaaa bbbb cccc dddd eeee";
    const [row] = paragraphRows(text, 800, 8);
    expect(row!.breaks).toEqual([5, 10, 15, 20]);
    expect(paragraphRows("x".repeat(20), 800, 8)[0]!.breaks).toEqual([8, 16]);
  });
  it("property: rows are in order, at most maxRow long, cover every code point except newlines; breaks inside", () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[ab .\n情👍]{0,80}$/u),
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 1, max: 9 }),
        (text, maxRow, every) => {
          const rows = paragraphRows(text, maxRow, every);
          const covered = new Set<number>();
          let last = 0;
          for (const r of rows) {
            expect(r.end - r.start).toBeGreaterThan(0);
            expect(r.end - r.start).toBeLessThanOrEqual(maxRow);
            expect(r.start).toBeGreaterThanOrEqual(last);
            last = r.end;
            for (const b of r.breaks!) expect(b > r.start && b < r.end).toBe(true);
            for (let i = r.start; i < r.end; i++) covered.add(i);
          }
          for (const [i, ch] of Array.from(text).entries()) expect(covered.has(i)).toBe(ch !== "\n");
        },
      ),
    );
  });
});

describe("pageRows", () => {
  it("groups whole rows into pages of at most maxChars, a longer row alone", () => {
    const rows = [
      { start: 0, end: 40, paragraph: true },
      { start: 41, end: 90, paragraph: false },
      { start: 92, end: 300, paragraph: true },
      { start: 301, end: 310, paragraph: false },
    ];
    expect(pageRows(rows, 100)).toEqual([
      { start: 0, end: 90, firstRow: 0, endRow: 2 },
      { start: 92, end: 300, firstRow: 2, endRow: 3 },
      { start: 301, end: 310, firstRow: 3, endRow: 4 },
    ]);
    expect(pageRows([], 100)).toEqual([]);
  });
});

describe("layoutRows options (bounded output)", () => {
  const row = [{ start: 0, end: 100, paragraph: true, breaks: [25, 50, 75] }];
  it("adds the row's breaks as column boundaries", () => {
    const [r] = layoutRows(row, ["a"], []);
    expect(r!.columns.map((c) => [c.start, c.end])).toEqual([
      [0, 25],
      [25, 50],
      [50, 75],
      [75, 100],
    ]);
  });
  it("onlyUsed leaves out tracks with nothing in the row", () => {
    const [r] = layoutRows(row, ["a", "b", "gold"], [{ id: "x", track: "b", start: 3, end: 9 }], { onlyUsed: true });
    expect(r!.tracks.map((t) => t.track)).toEqual(["b"]);
  });
  it("5,000 whole-text spans of one track: at most maxLanes lanes laid out, the rest counted", () => {
    const spans = Array.from({ length: 5000 }, (_, i) => ({
      id: `s${i}`,
      track: "a",
      start: i % 40,
      end: 100 - (Math.floor(i / 40) % 40),
    }));
    const [r] = layoutRows(row, ["a", "gold"], spans, { maxLanes: 6, onlyUsed: true });
    expect(r!.tracks).toHaveLength(1);
    expect(r!.tracks[0]!.lanes).toHaveLength(6);
    expect(r!.tracks[0]!.lanes.flat()).toHaveLength(6);
    expect(r!.tracks[0]!.hidden).toBe(4994);
  });
});
