import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { cutsWord, snapToWords, stepEdge, trimSpan } from "./edges";
import { OffsetIndex } from "./convert";
import { pySlice, textWithRangeArb } from "./_testing";

// All offsets are code points; Python text[s:e] == Array.from(text).slice(s, e).join("").

/** Code-point span of the first occurrence of `needle` (test convenience). */
function find(text: string, needle: string, from = 0): { start: number; end: number } {
  const u = text.indexOf(needle, from);
  if (u < 0) throw new Error(`${needle} not found`);
  const start = Array.from(text.slice(0, u)).length;
  return { start, end: start + Array.from(needle).length };
}

/** Snap the selection of `needle` and return the selected text (or null). */
function snapText(text: string, needle: string): string | null {
  const { start, end } = find(text, needle);
  const r = snapToWords(text, start, end);
  return r && pySlice(text, r.start, r.end);
}

describe("trimSpan", () => {
  it("trims ASCII and Unicode whitespace from both edges", () => {
    const t = " \u00a0\t hello world\u3000\n ";
    const r = trimSpan(t, 0, Array.from(t).length);
    expect(r).not.toBeNull();
    expect(pySlice(t, r!.start, r!.end)).toBe("hello world");
  });

  it("keeps inner whitespace and newlines", () => {
    const t = "a\n\nb";
    expect(trimSpan(t, 0, 4)).toEqual({ start: 0, end: 4 });
  });

  it("returns null for whitespace-only and empty ranges", () => {
    expect(trimSpan("a \n\n b", 1, 5)).toBeNull();
    expect(trimSpan("abc", 1, 1)).toBeNull();
  });

  it("counts in code points around emoji", () => {
    const t = "👍 👨‍👩‍👧 ";
    // code points: 👍, space, 👨, ZWJ, 👩, ZWJ, 👧, space => 8
    expect(trimSpan(t, 1, 8)).toEqual({ start: 2, end: 7 });
  });

  it("does not trim U+200B (not White_Space) but does trim NEL U+0085", () => {
    expect(trimSpan("\u200bx\u0085", 0, 3)).toEqual({ start: 0, end: 2 });
  });

  it("throws on invalid ranges", () => {
    expect(() => trimSpan("abc", 2, 1)).toThrow(RangeError);
    expect(() => trimSpan("abc", 0, 4)).toThrow(RangeError);
    expect(() => trimSpan("abc", -1, 2)).toThrow(RangeError);
    expect(() => trimSpan("abc", 0.5, 2)).toThrow(RangeError);
  });

  it("result is the Python slice stripped of White_Space (property)", () => {
    fc.assert(
      fc.property(textWithRangeArb, ({ text, start, end }) => {
        const r = trimSpan(text, start, end);
        const stripped = pySlice(text, start, end).replace(/^\p{White_Space}+|\p{White_Space}+$/gu, "");
        if (stripped === "") expect(r).toBeNull();
        else {
          expect(r).not.toBeNull();
          expect(r!.start).toBeGreaterThanOrEqual(start);
          expect(r!.end).toBeLessThanOrEqual(end);
          expect(pySlice(text, r!.start, r!.end)).toBe(stripped);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe("snapToWords", () => {
  const s = "The quick brown fox jumps.";

  it("expands partial words outward", () => {
    expect(snapText(s, "ick bro")).toBe("quick brown");
    expect(snapText(s, "q")).toBe("quick");
    expect(snapText(s, "ump")).toBe("jumps");
  });

  it("does not pull in neighbouring words when an edge is on whitespace", () => {
    expect(snapText(s, " brown ")).toBe("brown");
    expect(snapText(s, "k ")).toBe("quick");
  });

  it("keeps punctuation that was selected, but does not add it", () => {
    expect(snapText(s, "mps.")).toBe("jumps.");
    expect(snapText(s, "jum")).toBe("jumps");
  });

  it("handles spans at text start and end", () => {
    expect(snapToWords(s, 0, 1)).toEqual({ start: 0, end: 3 });
    const t = "end word";
    expect(snapToWords(t, 7, 8)).toEqual({ start: 4, end: 8 });
    expect(snapToWords(t, 8, 8)).toBeNull(); // collapsed caret on a boundary selects nothing
  });

  it("a caret inside a word selects that word; a caret between words gives null", () => {
    expect(snapToWords(s, 6, 6)).toEqual({ start: 4, end: 9 });
    expect(snapToWords("a  b", 2, 2)).toBeNull();
  });

  it("returns null for whitespace-only selections", () => {
    expect(snapToWords("a \n b", 1, 4)).toBeNull();
  });

  it("joins inner apostrophes (' and ’) and inner hyphens", () => {
    expect(snapText("I don't know", "on")).toBe("don't");
    expect(snapText("I don’t know", "n’")).toBe("don’t");
    expect(snapText("rock’n’roll forever", "ro")).toBe("rock’n’roll");
    expect(snapText("Jean-Luc said", "Lu")).toBe("Jean-Luc");
    expect(snapText("COVID-19 cases", "VI")).toBe("COVID-19");
    expect(snapText("non‐binary", "bin")).toBe("non‐binary"); // U+2010 HYPHEN
  });

  it("does not join leading/trailing apostrophes, dashes or double hyphens", () => {
    expect(snapText("the students’ union", "stud")).toBe("students");
    expect(snapText("in ’90s music", "9")).toBe("90s");
    expect(snapText("1990–91 season", "99")).toBe("1990"); // en dash separates
    expect(snapText("war--peace", "wa")).toBe("war");
  });

  it("U.S.-Ukraine: '.' splits words, hyphen after '.' is not inner", () => {
    const t = "The U.S.-Ukraine deal";
    expect(snapText(t, "Ukr")).toBe("Ukraine");
    expect(snapText(t, "S.-Uk")).toBe("S.-Ukraine");
    expect(snapText(t, "U.S")).toBe("U.S");
    expect(snapText(t, "U.S.-U")).toBe("U.S.-Ukraine");
  });

  it("never crosses a newline when expanding", () => {
    const t = "alpha\nbeta\n\ngamma";
    expect(snapText(t, "et")).toBe("beta");
    // Selection spanning lines is kept, edges expanded within their own lines.
    expect(snapText(t, "ha\nbe")).toBe("alpha\nbeta");
    // A selection starting on "\n" trims it rather than grabbing "alpha".
    expect(snapText(t, "\nbe")).toBe("beta");
  });

  it("keeps combining marks with their base letter", () => {
    const t = "say q\u0307uiz now"; // q + U+0307 does not compose under NFC
    const q = find(t, "q\u0307uiz");
    // Start right after the mark (inside the cluster) and end right before it.
    expect(snapToWords(t, q.start + 2, q.start + 3)).toEqual(q);
    expect(snapToWords(t, q.start, q.start + 1)).toEqual(q);
    // A lone decomposed mark after a space-separated base-less position stays attached.
    const nfd = "cafe\u0301 ok"; // not NFC on purpose: e + U+0301
    expect(snapToWords(nfd, 0, 4)).toEqual({ start: 0, end: 5 });
  });

  it("keeps emoji sequences intact and does not treat them as words", () => {
    const t = "nice 👍🏽 fam 👨‍👩‍👧 flag 🇺🇦🇵🇱 end";
    // code points: n i c e _ 👍 🏽 _ f a m _ 👨 ZWJ 👩 ZWJ 👧 _ f l a g _ 🇺 🇦 🇵 🇱 _ e n d
    expect(snapToWords(t, 5, 6)).toEqual({ start: 5, end: 7 }); // 👍 -> 👍🏽
    expect(snapToWords(t, 6, 7)).toEqual({ start: 5, end: 7 }); // 🏽 -> 👍🏽
    expect(snapToWords(t, 14, 15)).toEqual({ start: 12, end: 17 }); // 👩 -> whole family
    expect(snapToWords(t, 24, 25)).toEqual({ start: 23, end: 25 }); // 🇦 -> 🇺🇦
    expect(snapToWords(t, 25, 26)).toEqual({ start: 25, end: 27 }); // 🇵 -> 🇵🇱
    // Emoji are not word chars: "nice" does not absorb the following emoji.
    expect(snapToWords(t, 0, 2)).toEqual({ start: 0, end: 4 });
  });

  it("RTL Arabic and Hebrew words (with vowel marks) snap as words", () => {
    expect(snapText("قال بِسْمِ الله", "سْ")).toBe("بِسْمِ");
    expect(snapText("אמר שָׁלוֹם לכם", "לוֹ")).toBe("שָׁלוֹם");
    expect(snapText("Said مرحبا today", "ا t")).toBe("مرحبا today");
  });

  it("CJK: characters are not merged into one giant word", () => {
    const t = "日本語の文章です。";
    expect(snapText(t, "本")).toBe("本");
    expect(snapText(t, "語の文")).toBe("語の文");
    // Mixed: Latin word next to Han is still its own word.
    expect(snapText("用Python写", "yth")).toBe("Python");
  });

  it("accepts a prebuilt OffsetIndex", () => {
    const idx = new OffsetIndex(s);
    expect(snapToWords(idx, 5, 6)).toEqual({ start: 4, end: 9 });
  });

  it("properties: contains the trimmed selection, idempotent, edges on boundaries", () => {
    fc.assert(
      fc.property(textWithRangeArb, ({ text, start, end }) => {
        const idx = new OffsetIndex(text);
        const r = snapToWords(idx, start, end);
        const trimmed = trimSpan(idx, start, end);
        if (r === null) {
          expect(trimmed).toBeNull();
          return;
        }
        // Never narrower than the trimmed selection.
        if (trimmed) {
          expect(r.start).toBeLessThanOrEqual(trimmed.start);
          expect(r.end).toBeGreaterThanOrEqual(trimmed.end);
        }
        // No whitespace at the edges, but for a leading space that carries a mark (a lone diacritic).
        const q = pySlice(text, r.start, r.end);
        expect(/\p{White_Space}$/u.test(q)).toBe(false);
        if (/^\p{White_Space}/u.test(q)) expect(cutsWord(text, r.start + 1)).toBe(true);
        // Snapping is stable.
        expect(snapToWords(idx, r.start, r.end)).toEqual(r);
        // Expansion never adds a newline outside the original selection.
        const added = pySlice(text, r.start, Math.min(start, r.end)) + pySlice(text, Math.max(end, r.start), r.end);
        expect(added.includes("\n")).toBe(false);
      }),
      { numRuns: 500 },
    );
  });
});

describe("cutsWord", () => {
  it("is true inside a word or cluster, false at word edges, text ends and line breaks", () => {
    const t = "don't stop\nJean-Luc e\u0301";
    expect(cutsWord(t, 0)).toBe(false);
    expect(cutsWord(t, 2)).toBe(true); // do|n't
    expect(cutsWord(t, 3)).toBe(true); // don|'t: inner apostrophe
    expect(cutsWord(t, 5)).toBe(false); // don't| stop
    expect(cutsWord(t, 6)).toBe(false); // |stop
    expect(cutsWord(t, 10)).toBe(false); // stop|\n
    expect(cutsWord(t, 15)).toBe(true); // Jean|-Luc
    expect(cutsWord(t, 21)).toBe(true); // e|\u0301: the mark stays with its base
    expect(cutsWord(t, 22)).toBe(false); // end of text
  });

  it("refuses an offset outside the text", () => {
    expect(() => cutsWord("abc", 4)).toThrow(RangeError);
  });

  it("snapping keeps a space with the combining mark it carries (fast-check counterexamples)", () => {
    const t = "\ud800\u3000\u1ab4\u{621c3}"; // lone surrogate, ideographic space + combining mark, astral
    // A caret between the space and its mark selects the whole cluster, not the mark alone.
    expect(snapToWords(t, 2, 2)).toEqual({ start: 1, end: 3 });
    // Selecting only the mark is never narrowed away: snapping widens it to its base.
    expect(snapToWords(t, 2, 3)).toEqual({ start: 1, end: 3 });
    expect(trimSpan(t, 2, 3)).toEqual({ start: 2, end: 3 });
    // A plain leading space is still trimmed, and so is one before a spaced diacritic's base.
    expect(snapToWords("a \u0301b", 1, 4)).toEqual({ start: 1, end: 4 });
    expect(snapToWords("a  \u0301b", 1, 5)).toEqual({ start: 2, end: 5 });
  });

  it("agrees with snapToWords: an edge that cuts no word is where snapping stops", () => {
    fc.assert(
      fc.property(textWithRangeArb, ({ text, start }) => {
        const snapped = snapToWords(text, start, start);
        if (snapped === null) return;
        expect(cutsWord(text, snapped.start)).toBe(false);
        expect(cutsWord(text, snapped.end)).toBe(false);
      }),
    );
  });
});

describe("stepEdge", () => {
  const t = "one two  three";
  it("moves one code point, surrogate pairs as one, clamped to the text", () => {
    expect(stepEdge(t, 4, 1, "char")).toBe(5);
    expect(stepEdge(t, 4, -1, "char")).toBe(3);
    expect(stepEdge("a😀b", 1, 1, "char")).toBe(2);
    expect(stepEdge(t, 0, -1, "char")).toBe(0);
    expect(stepEdge(t, 14, 1, "char")).toBe(14);
  });

  it("moves a start from word start to word start, across runs of whitespace", () => {
    expect(stepEdge(t, 0, 1, "start")).toBe(4); // |one → |two
    expect(stepEdge(t, 4, 1, "start")).toBe(9); // |two → |three
    expect(stepEdge(t, 9, 1, "start")).toBe(14); // the text's end
    expect(stepEdge(t, 9, -1, "start")).toBe(4);
    expect(stepEdge(t, 4, -1, "start")).toBe(0);
  });

  it("moves an end from word end to word end", () => {
    expect(stepEdge(t, 3, 1, "end")).toBe(7); // one| → two|
    expect(stepEdge(t, 7, 1, "end")).toBe(14); // two| → three|
    expect(stepEdge(t, 14, -1, "end")).toBe(7); // three| → two|
    expect(stepEdge(t, 7, -1, "end")).toBe(3);
    expect(stepEdge(t, 3, -1, "end")).toBe(0);
    expect(stepEdge("don't stop", 0, 1, "end")).toBe(5); // inner apostrophe stays in the word
  });

  it("by word never stops inside a word, nor where its edge would take whitespace in", () => {
    fc.assert(
      fc.property(textWithRangeArb, fc.boolean(), fc.boolean(), ({ text, start }, right, isStart) => {
        const to = stepEdge(text, start, right ? 1 : -1, isStart ? "start" : "end");
        const n = Array.from(text).length;
        expect(cutsWord(text, to)).toBe(false);
        if (to > 0 && to < n) {
          const next = Array.from(text)[isStart ? to : to - 1]!;
          expect(/^\s$/u.test(next)).toBe(false);
        }
      }),
    );
  });
});
