import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { LaneLayout, drawOrder, laneCount, layoutSpans, segmentText, spanLanes, type SpanRef } from "./layout";

// Offsets here are code points (Python text[s:e] == Array.from(text).slice(s, e).join("")),
// but layout never looks at the text itself.

const overlaps = (a: SpanRef<unknown>, b: SpanRef<unknown>) => Math.max(a.start, b.start) < Math.min(a.end, b.end);

/** Max number of non-empty spans covering a single position (lower bound on lanes). */
function maxDepth(spans: SpanRef<unknown>[]): number {
  let best = 0;
  for (const s of spans) {
    if (s.end <= s.start) continue;
    let d = 0;
    for (const o of spans) if (o.start <= s.start && s.start < o.end) d++;
    best = Math.max(best, d);
  }
  return best;
}

const spansArb = (maxLen: number) =>
  fc
    .array(
      fc.tuple(fc.nat(maxLen), fc.nat(maxLen)).map(([a, b]) => ({ start: Math.min(a, b), end: Math.max(a, b) })),
      { maxLength: 40 },
    )
    .map((xs) => xs.map((x, i) => ({ id: `s${i}`, ...x })));

describe("layoutSpans", () => {
  it("returns [] for no spans", () => {
    expect(layoutSpans([])).toEqual([]);
    expect(laneCount([])).toBe(0);
  });

  it("nested spans: outer gets lane 0, inner lanes increase", () => {
    const out = layoutSpans([
      { id: "inner", start: 4, end: 6 },
      { id: "outer", start: 0, end: 10 },
      { id: "middle", start: 2, end: 8 },
    ]);
    expect(out.map((s) => [s.id, s.lane])).toEqual([
      ["inner", 2],
      ["outer", 0],
      ["middle", 1],
    ]);
    expect(laneCount(out)).toBe(3);
  });

  it("touching spans [0,5) and [5,9) share a lane; freed lanes are reused lowest-first", () => {
    const out = layoutSpans([
      { id: "a", start: 0, end: 5 },
      { id: "b", start: 5, end: 9 },
      { id: "c", start: 1, end: 3 },
      { id: "d", start: 6, end: 7 },
    ]);
    expect(Object.fromEntries(out.map((s) => [s.id, s.lane]))).toEqual({ a: 0, b: 0, c: 1, d: 1 });
  });

  it("keeps extra fields and input order; does not mutate input", () => {
    const input = [
      { id: 7, start: 3, end: 4, label: "x" },
      { id: 8, start: 0, end: 9, label: "y" },
    ];
    const copy = structuredClone(input);
    const out = layoutSpans(input);
    expect(out).toEqual([
      { id: 7, start: 3, end: 4, label: "x", lane: 1 },
      { id: 8, start: 0, end: 9, label: "y", lane: 0 },
    ]);
    expect(input).toEqual(copy);
  });

  it("identical spans get distinct lanes, tie-broken by input order", () => {
    const out = layoutSpans([
      { id: "a", start: 2, end: 4 },
      { id: "b", start: 2, end: 4 },
    ]);
    expect(out.map((s) => s.lane)).toEqual([0, 1]);
  });

  it("throws on invalid spans", () => {
    expect(() => layoutSpans([{ id: "x", start: 5, end: 2 }])).toThrow(RangeError);
    expect(() => layoutSpans([{ id: "x", start: -1, end: 2 }])).toThrow(RangeError);
    expect(() => layoutSpans([{ id: "x", start: 0.5, end: 2 }])).toThrow(RangeError);
  });

  it("overlapping spans never share a lane, and lane count is optimal (property)", () => {
    fc.assert(
      fc.property(spansArb(60), (spans) => {
        const out = layoutSpans(spans);
        for (let i = 0; i < out.length; i++) {
          for (let j = i + 1; j < out.length; j++) {
            const a = out[i]!;
            const b = out[j]!;
            if (overlaps(a, b)) expect(a.lane).not.toBe(b.lane);
          }
        }
        const nonEmpty = out.filter((s) => s.end > s.start);
        expect(laneCount(nonEmpty)).toBeLessThanOrEqual(Math.max(maxDepth(spans), 0));
      }),
      { numRuns: 300 },
    );
  });
});

describe("spanLanes", () => {
  /** The greedy colouring by its definition: in draw order, the lowest lane no earlier span still holds. */
  function reference(spans: SpanRef<unknown>[]): number[] {
    const order = spans
      .map((_, i) => i)
      .sort((i, j) => spans[i]!.start - spans[j]!.start || spans[j]!.end - spans[i]!.end || i - j);
    const lanes: number[] = new Array(spans.length);
    const held: { lane: number; end: number }[] = [];
    for (const i of order) {
      const s = spans[i]!;
      const taken = new Set(held.filter((h) => h.end > s.start).map((h) => h.lane));
      let lane = 0;
      while (taken.has(lane)) lane++;
      lanes[i] = lane;
      held.push({ lane, end: Math.max(s.end, s.start + 1) });
    }
    return lanes;
  }

  it("gives the greedy lanes, in input order (property)", () => {
    fc.assert(
      fc.property(spansArb(60), (spans) => {
        expect(spanLanes(spans)).toEqual(reference(spans));
        expect(layoutSpans(spans).map((s) => s.lane)).toEqual(reference(spans));
      }),
      { numRuns: 300 },
    );
  });

  it("past the lanes it scans (deep pile-ups), the same lanes as the definition", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(30), fc.nat(30)), { minLength: 40, maxLength: 120 }), (pairs) => {
        // Many spans over a short stretch: well over 32 lanes.
        const spans = pairs.map(([a, b], i) => ({ id: `p${i}`, start: Math.min(a, b), end: Math.max(a, b) + 31 }));
        expect(spanLanes(spans)).toEqual(reference(spans));
      }),
      { numRuns: 200 },
    );
    const nested = Array.from({ length: 100 }, (_, i) => ({ id: `n${i}`, start: i, end: 200 - i }));
    expect(spanLanes(nested)).toEqual(nested.map((_, i) => i));
  });
});

describe("LaneLayout", () => {
  type S = { id: string; start: number; end: number };
  let made = 0;
  const span = (start: number, end: number): S => ({ id: `e${made++}`, start, end });
  /** Lanes in input order (the spans are distinct objects). */
  const lanesOf = (layout: LaneLayout<S>) => {
    const byObject = new Map(layout.sorted.map((s, k) => [s, layout.lane[k]]));
    return layout.spans.map((s) => byObject.get(s));
  };
  const reach = (s: S) => Math.max(s.end, s.start + 1);

  /** Edits an annotator makes: add (appended), delete, replace (relabel, resize, save), several at once. */
  const editArb = fc.oneof(
    fc.record({ kind: fc.constant("add" as const), a: fc.nat(80), len: fc.nat(12) }),
    fc.record({ kind: fc.constant("delete" as const), at: fc.nat() }),
    fc.record({ kind: fc.constant("replace" as const), at: fc.nat(), a: fc.nat(80), len: fc.nat(12) }),
    fc.record({
      kind: fc.constant("splice" as const),
      at: fc.nat(),
      count: fc.nat(5),
      adds: fc.array(fc.tuple(fc.nat(80), fc.nat(12)), { maxLength: 5 }),
    }),
  );
  type Edit = typeof editArb extends fc.Arbitrary<infer E> ? E : never;
  function apply(spans: S[], e: Edit): S[] {
    const at = spans.length === 0 ? 0 : ("at" in e ? e.at : 0) % spans.length;
    switch (e.kind) {
      case "add":
        return [...spans, span(e.a, e.a + e.len)];
      case "delete":
        return spans.filter((_, i) => i !== at);
      case "replace":
        return spans.length === 0 ? spans : spans.map((s, i) => (i === at ? span(e.a, e.a + e.len) : s));
      case "splice": {
        const next = spans.slice();
        next.splice(at, e.count, ...e.adds.map(([a, len]) => span(a, a + len)));
        return next;
      }
    }
  }

  it("after any sequence of edits, the lanes spanLanes gives; outside the window, nothing moved (property)", () => {
    fc.assert(
      fc.property(spansArb(80), fc.array(editArb, { minLength: 1, maxLength: 12 }), (start, edits) => {
        let spans: S[] = start.map((s) => span(s.start, s.end));
        let layout = LaneLayout.of(spans);
        for (const e of edits) {
          const old = layout;
          spans = apply(spans, e);
          const { layout: next, window } = old.next(spans);
          expect(next.spans).toBe(spans);
          expect(next.sorted).toEqual(drawOrder(spans).map((i) => spans[i]));
          expect(lanesOf(next)).toEqual(spanLanes(spans));
          if (window) {
            const { from, to, oldTo, lo, hi } = window;
            for (let k = 0; k < from; k++) {
              expect(next.sorted[k]).toBe(old.sorted[k]);
              expect(next.lane[k]).toBe(old.lane[k]);
              expect(reach(next.sorted[k]!)).toBeLessThanOrEqual(lo);
            }
            expect(next.sorted.length - to).toBe(old.sorted.length - oldTo);
            for (let k = to; k < next.sorted.length; k++) {
              expect(next.sorted[k]).toBe(old.sorted[k - to + oldTo]);
              expect(next.lane[k]).toBe(old.lane[k - to + oldTo]);
              expect(next.sorted[k]!.start).toBeGreaterThanOrEqual(hi);
            }
            // Every span the edit added, removed or moved is in the window, within [lo, hi).
            for (const [layoutOf, end] of [
              [next, to],
              [old, oldTo],
            ] as const)
              for (let k = from; k < end; k++) {
                expect(layoutOf.sorted[k]!.start).toBeGreaterThanOrEqual(lo);
                expect(reach(layoutOf.sorted[k]!)).toBeLessThanOrEqual(hi);
              }
          }
          layout = next;
        }
      }),
      { numRuns: 400 },
    );
  });

  it("a span joining a cluster re-colours it alone; deleting a lone span far off re-colours nothing", () => {
    const a = span(0, 10);
    const b = span(2, 8);
    const c = span(20, 30);
    const d = span(22, 28);
    const far = span(100, 110);
    const layout = LaneLayout.of([a, b, c, d, far]);
    expect(lanesOf(layout)).toEqual([0, 1, 0, 1, 0]);
    // [12, 25) takes lane 0 once a and b have ended, so c and d move up a lane.
    const joins = span(12, 25);
    const { layout: next, window } = layout.next([a, b, c, d, far, joins]);
    expect(lanesOf(next)).toEqual([0, 1, 1, 2, 0, 0]);
    expect(window).toEqual({ from: 2, to: 5, oldTo: 4, lo: 10, hi: 30 });
    const { window: gone } = layout.next([a, b, c, d]);
    expect(gone).toEqual({ from: 4, to: 4, oldTo: 5, lo: 30, hi: Number.POSITIVE_INFINITY });
  });

  it("an edit of many spans is laid out afresh (no window)", () => {
    const spans = Array.from({ length: 100 }, (_, i) => span(i * 3, i * 3 + 5));
    const layout = LaneLayout.of(spans);
    const edited = [...spans.slice(0, 10), ...Array.from({ length: 70 }, (_, i) => span(i, i + 2))];
    const { layout: next, window } = layout.next(edited);
    expect(window).toBeNull();
    expect(lanesOf(next)).toEqual(spanLanes(edited));
    expect(layout.next(spans).window).toEqual({ from: 0, to: 0, oldTo: 0, lo: 0, hi: 0 });
  });
});

describe("segmentText", () => {
  it("tiles [0, length) including uncovered stretches", () => {
    expect(segmentText(10, [{ id: "a", start: 2, end: 5 }])).toEqual([
      { start: 0, end: 2, ids: [] },
      { start: 2, end: 5, ids: ["a"] },
      { start: 5, end: 10, ids: [] },
    ]);
  });

  it("handles spans at text start/end and empty input", () => {
    expect(segmentText(4, [{ id: "a", start: 0, end: 4 }])).toEqual([{ start: 0, end: 4, ids: ["a"] }]);
    expect(segmentText(0, [])).toEqual([]);
    expect(segmentText(3, [])).toEqual([{ start: 0, end: 3, ids: [] }]);
  });

  it("splits overlapping and nested spans; ids ordered outer-first", () => {
    expect(
      segmentText(10, [
        { id: "inner", start: 3, end: 5 },
        { id: "outer", start: 1, end: 8 },
        { id: "tail", start: 6, end: 10 },
      ]),
    ).toEqual([
      { start: 0, end: 1, ids: [] },
      { start: 1, end: 3, ids: ["outer"] },
      { start: 3, end: 5, ids: ["outer", "inner"] },
      { start: 5, end: 6, ids: ["outer"] },
      { start: 6, end: 8, ids: ["outer", "tail"] },
      { start: 8, end: 10, ids: ["tail"] },
    ]);
  });

  it("adjacent spans produce a boundary; empty spans are ignored", () => {
    expect(
      segmentText(6, [
        { id: "a", start: 0, end: 3 },
        { id: "b", start: 3, end: 6 },
        { id: "e", start: 2, end: 2 },
      ]),
    ).toEqual([
      { start: 0, end: 3, ids: ["a"] },
      { start: 3, end: 6, ids: ["b"] },
    ]);
  });

  it("throws on spans outside [0, length] or bad length", () => {
    expect(() => segmentText(5, [{ id: "a", start: 0, end: 6 }])).toThrow(RangeError);
    expect(() => segmentText(-1, [])).toThrow(RangeError);
  });

  it("matches a brute-force per-position model and is minimal (property)", () => {
    fc.assert(
      fc.property(spansArb(40), fc.nat(10), (spans, extra) => {
        const length = 40 + extra;
        const segs = segmentText(length, spans);
        // Tiling.
        let pos = 0;
        for (const seg of segs) {
          expect(seg.start).toBe(pos);
          expect(seg.end).toBeGreaterThan(seg.start);
          pos = seg.end;
        }
        expect(pos).toBe(length);
        // Each position's covering set equals the brute-force set.
        for (const seg of segs) {
          for (let p = seg.start; p < seg.end; p++) {
            const covering = spans.filter((s) => s.start <= p && p < s.end).map((s) => s.id);
            expect([...seg.ids].sort()).toEqual(covering.sort());
          }
        }
        // Minimal: neighbours differ.
        for (let i = 1; i < segs.length; i++) {
          expect([...segs[i]!.ids].sort()).not.toEqual([...segs[i - 1]!.ids].sort());
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe("layout performance", () => {
  it("lays out and segments 2,000 spans on 50,000 chars (scale check; timings live in npm run bench)", () => {
    let seed = 42;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    const spans = Array.from({ length: 2000 }, (_, i) => {
      const start = Math.floor(rand() * 49_900);
      const len = 1 + Math.floor(rand() * (i % 50 === 0 ? 5000 : 100));
      return { id: `s${i}`, start, end: Math.min(50_000, start + len) };
    });
    const laid = layoutSpans(spans);
    const segs = segmentText(50_000, spans);
    expect(laid).toHaveLength(2000);
    expect(segs.at(-1)!.end).toBe(50_000);
    expect(segs.length).toBeLessThanOrEqual(2 * 2000 + 1);
  });
});
