import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { moveEdge, stepCaret } from "./edges";

// Offsets are code points: "😀" is one, "e\u0301" two (a base and its combining accent).
const walk = (text: string, direction: 1 | -1, unit: "char" | "word") => {
  const stops: number[] = [];
  let at = direction === 1 ? 0 : Array.from(text).length;
  for (;;) {
    const next = stepCaret(text, at, direction, unit);
    if (next === at) return stops;
    stops.push(next);
    at = next;
  }
};

describe("stepCaret by character", () => {
  it("steps over a surrogate pair as one code point", () => {
    // a 😀 b: code points 0..3, the emoji is code point 1 (two UTF-16 units).
    expect(walk("a😀b", 1, "char")).toEqual([1, 2, 3]);
    expect(walk("a😀b", -1, "char")).toEqual([2, 1, 0]);
  });

  it("keeps combining marks, skin tones and flags with their base", () => {
    expect(walk("e\u0301x", 1, "char")).toEqual([2, 3]);
    expect(walk("👍🏽!", 1, "char")).toEqual([2, 3]);
    expect(walk("🇫🇷🇩🇪", 1, "char")).toEqual([2, 4]);
    expect(walk("🇫🇷🇩🇪", -1, "char")).toEqual([2, 0]);
  });

  it("stays put at the edges", () => {
    expect(stepCaret("ab", 0, -1, "char")).toBe(0);
    expect(stepCaret("ab", 2, 1, "char")).toBe(2);
    expect(stepCaret("", 0, 1, "word")).toBe(0);
  });
});

describe("stepCaret by word", () => {
  it("goes to the end of the next word and the start of the previous one", () => {
    const t = "Don't stop, Jean-Luc 😀 now";
    // Ends: Don't=5, stop=10, Jean-Luc=20, now=26 (the emoji is not a word).
    expect(walk(t, 1, "word")).toEqual([5, 10, 20, 26]);
    expect(walk(t, -1, "word")).toEqual([23, 12, 6, 0]);
  });

  it("does not join across a line break", () => {
    expect(walk("one\ntwo", 1, "word")).toEqual([3, 7]);
    expect(walk("one\ntwo", -1, "word")).toEqual([4, 0]);
  });
});

describe("stepCaret never lands inside a surrogate pair", () => {
  it("on any text, every stop is a code-point offset within the text", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: "binary-ascii" }).map((s) => `${s}😀${s}`),
        fc.boolean(),
        (text, word) => {
          const n = Array.from(text).length;
          for (const dir of [1, -1] as const)
            for (const stop of walk(text, dir, word ? "word" : "char")) {
              expect(Number.isInteger(stop)).toBe(true);
              expect(stop).toBeGreaterThanOrEqual(0);
              expect(stop).toBeLessThanOrEqual(n);
            }
        },
      ),
    );
  });
});

describe("moveEdge", () => {
  // "Officials 😀 said the pause": Officials 0-9, 😀 10, said 12-16, the 17-20, pause 21-26.
  const t = "Officials 😀 said the pause";
  const said = { start: 12, end: 16 };
  it("takes in or lets go of a word at either edge, in code points", () => {
    expect(moveEdge(t, said, "end", 1)).toEqual({ start: 12, end: 20 });
    expect(moveEdge(t, { start: 12, end: 20 }, "end", -1)).toEqual(said);
    expect(moveEdge(t, said, "start", -1)).toEqual({ start: 0, end: 16 });
    expect(moveEdge(t, { start: 0, end: 16 }, "start", 1)).toEqual(said);
  });
  it("null when the span would vanish or stay as it is", () => {
    expect(moveEdge(t, said, "start", 1)).toBeNull();
    expect(moveEdge(t, said, "end", -1)).toBeNull();
    expect(moveEdge(t, { start: 0, end: 9 }, "start", -1)).toBeNull();
    expect(moveEdge(t, { start: 21, end: 26 }, "end", 1)).toBeNull();
  });
});
