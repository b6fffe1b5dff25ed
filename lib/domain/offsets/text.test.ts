import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { codePointLength, isNormalisedText, normaliseText } from "./text";
import { pyLen, textArb } from "./_testing";

describe("normaliseText", () => {
  it("converts CRLF and lone CR to LF", () => {
    expect(normaliseText("a\r\nb\rc\nd")).toBe("a\nb\nc\nd");
    expect(normaliseText("\r\r\n\n\r")).toBe("\n\n\n\n");
  });

  it("does not merge \\r\\n\\r\\n into fewer lines", () => {
    expect(normaliseText("p1\r\n\r\np2")).toBe("p1\n\np2");
  });

  it("applies NFC: e + U+0301 composes to é", () => {
    const out = normaliseText("cafe\u0301");
    expect(out).toBe("caf\u00e9");
    expect(codePointLength(out)).toBe(4);
  });

  it("leaves q + U+0307 as two code points (no precomposed form)", () => {
    expect(normaliseText("q\u0307")).toBe("q\u0307");
    expect(codePointLength(normaliseText("q\u0307"))).toBe(2);
  });

  it("preserves emoji, CJK and RTL text", () => {
    const s = "👨‍👩‍👧 漢字 مرحبا שלום";
    expect(normaliseText(s)).toBe(s);
  });

  it("is idempotent and yields normalised text (property)", () => {
    fc.assert(
      fc.property(textArb, fc.constantFrom("", "\r", "\r\n", "\n"), (t, nl) => {
        const once = normaliseText(t + nl + t);
        expect(normaliseText(once)).toBe(once);
        expect(isNormalisedText(once)).toBe(true);
        expect(once.includes("\r")).toBe(false);
      }),
    );
  });

  it("isNormalisedText rejects CR and non-NFC text", () => {
    expect(isNormalisedText("a\r\nb")).toBe(false);
    expect(isNormalisedText("e\u0301")).toBe(false);
    expect(isNormalisedText("\u00e9\nq\u0307")).toBe(true);
  });
});

describe("codePointLength", () => {
  it.each([
    ["", 0],
    ["abc", 3],
    ["👍", 1],
    ["👍🏽", 2], // thumbs up + skin-tone modifier
    ["👨‍👩‍👧", 5], // man ZWJ woman ZWJ girl
    ["🇺🇦", 2],
    ["q\u0307", 2],
    ["日本語", 3],
    ["שָׁלוֹם", 7], // shin, qamats, shin dot, lamed, vav, holam, final mem,
    ["\n\n\n", 3],
    ["\ud800", 1], // lone high surrogate
    ["\udfff\ud800", 2], // reversed halves are two lone surrogates
  ])("%j has %i code points", (s, n) => {
    expect(codePointLength(s)).toBe(n);
    expect(pyLen(s)).toBe(n);
  });

  it("matches Array.from(text).length (property)", () => {
    fc.assert(
      fc.property(textArb, (t) => {
        expect(codePointLength(t)).toBe(pyLen(t));
      }),
      { numRuns: 500 },
    );
  });
});
