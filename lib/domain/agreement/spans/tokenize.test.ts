import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { codePointLength, tokenize } from "./tokenize";

function words(text: string): string[] {
  const cps = [...text];
  const t = tokenize(text);
  return Array.from({ length: t.count }, (_, i) => cps.slice(t.starts[i]!, t.ends[i]!).join(""));
}

describe("tokenize", () => {
  it("splits letter/number runs and single punctuation; an apostrophe inside a word stays (as in the BIO export)", () => {
    expect(words("Don't panic, it's 3.5%! 'quoted' l’homme")).toEqual([
      "Don't",
      "panic",
      ",",
      "it's",
      "3",
      ".",
      "5",
      "%",
      "!",
      "'",
      "quoted",
      "'",
      "l’homme",
    ]);
  });
  it("keeps combining marks inside words and handles non-Latin scripts", () => {
    expect(words("nai\u0308ve café Straße Москва 東京")).toEqual(["nai\u0308ve", "café", "Straße", "Москва", "東京"]);
  });
  it("uses code-point offsets (astral characters count as one)", () => {
    const t = tokenize("a 😀 b𝒳c");
    // code points: a ␠ 😀 ␠ b 𝒳 c  ->  𝒳 (U+1D4B3) is a letter
    expect(Array.from(t.starts)).toEqual([0, 2, 4]);
    expect(Array.from(t.ends)).toEqual([1, 3, 7]);
    expect(t.length).toBe(7);
    expect(codePointLength("a 😀 b𝒳c")).toBe(7);
  });
  it("treats Unicode whitespace (NBSP, ideographic space, newlines) as separators", () => {
    expect(words("a\u00a0b\u3000c\n\td\r\ne")).toEqual(["a", "b", "c", "d", "e"]);
  });
  it("empty and whitespace-only texts have no tokens", () => {
    expect(tokenize("").count).toBe(0);
    expect(tokenize(" \n ").count).toBe(0);
    expect(tokenize(" \n ").length).toBe(3);
  });
  it("properties: sorted, disjoint, inside the text, no whitespace inside, every non-space code point covered", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 60 }), (text) => {
        const cps = [...text];
        const t = tokenize(text);
        expect(t.length).toBe(cps.length);
        const covered = new Array<boolean>(cps.length).fill(false);
        let prevEnd = 0;
        for (let i = 0; i < t.count; i++) {
          const s = t.starts[i]!;
          const e = t.ends[i]!;
          expect(s).toBeGreaterThanOrEqual(prevEnd);
          expect(e).toBeGreaterThan(s);
          prevEnd = e;
          for (let k = s; k < e; k++) {
            expect(/\s/u.test(cps[k]!)).toBe(false);
            covered[k] = true;
          }
          if (e - s > 1)
            for (let k = s; k < e; k++) {
              const inner = /['\u2019]/u.test(cps[k]!) && k > s && k < e - 1;
              expect(inner || /[\p{L}\p{M}\p{N}]/u.test(cps[k]!)).toBe(true);
            }
        }
        for (const [k, c] of cps.entries()) expect(covered[k]).toBe(!/\s/u.test(c));
      }),
    );
  });
});
