import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { toBio } from "./bio";
import { softLabels } from "./soft-labels";

const at = (text: string, quote: string, label: string) => {
  const start = Array.from(text.slice(0, text.indexOf(quote))).length;
  return { start, end: start + Array.from(quote).length, label };
};

describe("soft labels", () => {
  const text = "They don't want war.\nPeace now 👍";

  it("splits each reviewer's vote over their labels on the token (hand-worked)", () => {
    const rows = softLabels(
      text,
      [
        [at(text, "don't want war", "fear")],
        [at(text, "want war", "fear"), at(text, "war", "loaded")],
        [], // marked nothing
      ],
      ["fear", "loaded"],
    );
    expect(rows.map((r) => r.token)).toEqual(["They", "don't", "want", "war", ".", "Peace", "now", "👍"]);
    const of = (token: string) => rows.find((r) => r.token === token)!;
    // "don't": one of three reviewers says fear.
    expect(of("don't").counts).toEqual([2, 1, 0]);
    expect(of("don't").distribution).toEqual([2 / 3, 1 / 3, 0]);
    // "war": A fear; B fear and loaded (half a vote each); C nothing.
    expect(of("war").counts).toEqual([1, 2, 1]);
    expect(of("war").distribution).toEqual([1 / 3, 1.5 / 3, 0.5 / 3]);
    expect(of("They").distribution).toEqual([1, 0, 0]);
    expect(of("Peace")).toMatchObject({ sentence: 1, start: 21, end: 26, reviewers: 3 });
    expect(of("war").sentence).toBe(0);
  });

  it("has the BIO export's tokens, row for row, and distributions that sum to 1", () => {
    const spanArb = (L: number) =>
      fc
        .tuple(fc.integer({ min: 0, max: L }), fc.integer({ min: 0, max: L }), fc.constantFrom("a", "b", "c"))
        .map(([x, y, label]) => ({ start: Math.min(x, y), end: Math.max(x, y), label }));
    const textArb = fc
      .array(fc.constantFrom("word", "don't", " ", "\n", ",", "😀", "é", "3"), { minLength: 1, maxLength: 30 })
      .map((p) => p.join(""));
    fc.assert(
      fc.property(
        textArb.chain((t) =>
          fc.tuple(
            fc.constant(t),
            fc.array(fc.array(spanArb(Array.from(t).length), { maxLength: 5 }), { maxLength: 4 }),
          ),
        ),
        ([t, reviewers]) => {
          const rows = softLabels(t, reviewers, ["a", "b", "c"]);
          const bio = toBio(t, []).rows;
          expect(rows.map((r) => [r.token, r.start, r.end])).toEqual(bio.map((r) => [r.token, r.start, r.end]));
          for (const r of rows) {
            if (reviewers.length === 0) expect(r.distribution).toEqual([]);
            else expect(r.distribution.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 12);
            expect(r.counts[0]! + Math.min(1, r.counts[1]! + r.counts[2]! + r.counts[3]!)).toBeGreaterThanOrEqual(
              reviewers.length > 0 ? 1 : 0,
            );
          }
        },
      ),
    );
  });

  it("refuses a span label outside the label columns", () => {
    expect(() => softLabels("a b", [[{ start: 0, end: 1, label: "x" }]], ["a"])).toThrow(
      'span label "x" is not one of the label columns',
    );
  });
});
