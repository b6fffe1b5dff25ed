import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { OffsetIndex, codePointToUtf16, sliceCodePoints, toOffsetIndex, utf16ToCodePoint } from "./convert";
import { pyLen, pySlice, textArb, textWithRangeArb } from "./_testing";

// Python's text[start:end] == Array.from(text).slice(start, end).join("") in JS
// (see _testing.ts); pySlice/pyLen are that reference model.

/** Reference UTF-16 index of each code-point boundary, from Array.from. */
function boundaries(text: string): number[] {
  const out = [0];
  let u = 0;
  for (const ch of Array.from(text)) {
    u += ch.length;
    out.push(u);
  }
  return out;
}

describe("utf16ToCodePoint / codePointToUtf16 (one-off)", () => {
  const text = "a👍🏽b"; // a, U+1F44D (2 units), U+1F3FD (2 units), b
  it("converts on boundaries", () => {
    expect([0, 1, 3, 5, 6].map((u) => utf16ToCodePoint(text, u))).toEqual([0, 1, 2, 3, 4]);
    expect([0, 1, 2, 3, 4].map((c) => codePointToUtf16(text, c))).toEqual([0, 1, 3, 5, 6]);
  });

  it("rounds an index inside a surrogate pair by bias", () => {
    expect(utf16ToCodePoint(text, 2)).toBe(1); // default bias = start
    expect(utf16ToCodePoint(text, 2, "start")).toBe(1);
    expect(utf16ToCodePoint(text, 2, "end")).toBe(2);
    expect(utf16ToCodePoint(text, 4, "start")).toBe(2);
    expect(utf16ToCodePoint(text, 4, "end")).toBe(3);
  });

  it("throws RangeError out of range or non-integer", () => {
    expect(() => utf16ToCodePoint(text, 7)).toThrow(RangeError);
    expect(() => utf16ToCodePoint(text, -1)).toThrow(RangeError);
    expect(() => utf16ToCodePoint(text, 1.5)).toThrow(RangeError);
    expect(() => codePointToUtf16(text, 5)).toThrow(/exceeds text length 4/);
    expect(() => codePointToUtf16(text, Number.NaN)).toThrow(RangeError);
  });

  it("handles the empty string", () => {
    expect(utf16ToCodePoint("", 0)).toBe(0);
    expect(codePointToUtf16("", 0)).toBe(0);
    expect(sliceCodePoints("", 0, 0)).toBe("");
  });

  it("treats lone surrogates as one code point each", () => {
    const s = "x\ud800y\udc00z";
    expect(utf16ToCodePoint(s, 2)).toBe(2);
    expect(codePointToUtf16(s, 4)).toBe(4);
    expect(new OffsetIndex(s).codePointLength).toBe(5);
  });
});

describe("OffsetIndex", () => {
  it("ZWJ family: 5 code points, 8 UTF-16 units", () => {
    const idx = new OffsetIndex("👨‍👩‍👧");
    expect(idx.utf16Length).toBe(8);
    expect(idx.codePointLength).toBe(5);
    expect([0, 1, 2, 3, 4, 5].map((c) => idx.toUtf16(c))).toEqual([0, 2, 3, 5, 6, 8]);
    expect(idx.isInsidePair(1)).toBe(true);
    expect(idx.isInsidePair(2)).toBe(false);
    expect(idx.toCodePointStart(4)).toBe(2); // inside 👩 (units 3..5)
    expect(idx.toCodePointEnd(4)).toBe(3);
    expect(idx.slice(2, 3)).toBe("👩");
  });

  it("identity fast path for BMP-only text (CJK, RTL, combining marks)", () => {
    const s = "漢字 مرحبا עברית q\u0307\n";
    const idx = new OffsetIndex(s);
    expect(idx.isIdentity).toBe(true);
    for (let i = 0; i <= s.length; i++) {
      expect(idx.toCodePoint(i)).toBe(i);
      expect(idx.toUtf16(i)).toBe(i);
    }
  });

  it("astral CJK (U+2000B) counts as one code point", () => {
    const idx = new OffsetIndex("𠀋x");
    expect(idx.codePointLength).toBe(2);
    expect(idx.slice(1, 2)).toBe("x");
  });

  it("rangeToCodePoints widens a DOM range that clips half an emoji", () => {
    const idx = new OffsetIndex("ok 👍 yes");
    // "👍" is units [3,5); a range [4,4) inside it widens to the emoji.
    expect(idx.rangeToCodePoints(4, 4)).toEqual({ start: 3, end: 4 });
    expect(idx.rangeToCodePoints(0, 4)).toEqual({ start: 0, end: 4 });
    expect(() => idx.rangeToCodePoints(5, 4)).toThrow(RangeError);
    expect(idx.rangeToUtf16(3, 4)).toEqual({ start: 3, end: 5 });
  });

  it("rejects out-of-range indices", () => {
    const idx = new OffsetIndex("👍");
    expect(() => idx.toUtf16(2)).toThrow(RangeError);
    expect(() => idx.toCodePoint(3)).toThrow(RangeError);
    expect(() => idx.slice(1, 0)).toThrow(RangeError);
  });

  it("toOffsetIndex passes an index through and caches the last string", () => {
    const idx = new OffsetIndex("abc");
    expect(toOffsetIndex(idx)).toBe(idx);
    const s = "x👍y";
    expect(toOffsetIndex(s)).toBe(toOffsetIndex(s));
  });
});

describe("conversion properties vs Array.from (random strings)", () => {
  it("every code-point boundary maps to Array.from's UTF-16 boundary and back", () => {
    fc.assert(
      fc.property(textArb, (text) => {
        const idx = new OffsetIndex(text);
        const ref = boundaries(text);
        expect(idx.codePointLength).toBe(pyLen(text));
        expect(idx.utf16Length).toBe(text.length);
        ref.forEach((u, cp) => {
          expect(idx.toUtf16(cp)).toBe(u);
          expect(codePointToUtf16(text, cp)).toBe(u);
          expect(idx.toCodePoint(u, "start")).toBe(cp);
          expect(idx.toCodePoint(u, "end")).toBe(cp);
          expect(utf16ToCodePoint(text, u)).toBe(cp);
        });
      }),
      { numRuns: 500 },
    );
  });

  it("every UTF-16 index (incl. mid-pair) rounds down for start and up for end", () => {
    fc.assert(
      fc.property(textArb, (text) => {
        const idx = new OffsetIndex(text);
        const ref = boundaries(text);
        for (let u = 0; u <= text.length; u++) {
          const floor = ref.filter((b) => b <= u).length - 1;
          const onBoundary = ref[floor] === u;
          const ceil = onBoundary ? floor : floor + 1;
          expect(idx.isInsidePair(u)).toBe(!onBoundary);
          expect(idx.toCodePointStart(u)).toBe(floor);
          expect(idx.toCodePointEnd(u)).toBe(ceil);
          expect(utf16ToCodePoint(text, u, "start")).toBe(floor);
          expect(utf16ToCodePoint(text, u, "end")).toBe(ceil);
          // Round trip from UTF-16: lands on the enclosing boundary.
          expect(idx.toUtf16(idx.toCodePointStart(u))).toBe(ref[floor]);
          expect(idx.toUtf16(idx.toCodePointEnd(u))).toBe(ref[ceil]);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("sliceCodePoints(text, s, e) === Array.from(text).slice(s, e).join('')", () => {
    fc.assert(
      fc.property(textWithRangeArb, ({ text, start, end }) => {
        const expected = pySlice(text, start, end);
        expect(sliceCodePoints(text, start, end)).toBe(expected);
        expect(new OffsetIndex(text).slice(start, end)).toBe(expected);
      }),
      { numRuns: 1000 },
    );
  });

  it("round-trips cp -> utf16 -> cp for all code points", () => {
    fc.assert(
      fc.property(textArb, (text) => {
        const idx = new OffsetIndex(text);
        for (let cp = 0; cp <= idx.codePointLength; cp++) {
          expect(idx.toCodePoint(idx.toUtf16(cp))).toBe(cp);
        }
      }),
    );
  });
});

describe("OffsetIndex performance", () => {
  it("converts 40,000 offsets on a ~60k-unit emoji-heavy text (scale check; timings live in npm run bench)", () => {
    const unit = "Word 👍🏽 漢字 مرحبا 👨‍👩‍👧\n";
    const text = unit.repeat(Math.ceil(60_000 / unit.length));
    const ref = boundaries(text);
    const idx = new OffsetIndex(text);
    let checksum = 0;
    for (let k = 0; k < 20_000; k++) {
      const cp = (k * 7919) % (idx.codePointLength + 1);
      const u = idx.toUtf16(cp);
      checksum += idx.toCodePoint(u) - cp;
      checksum += idx.toCodePointEnd((k * 104729) % (text.length + 1)) >= 0 ? 0 : 1;
    }
    expect(checksum).toBe(0);
    // Spot-check correctness against the reference.
    for (let cp = 0; cp < ref.length; cp += 997) expect(idx.toUtf16(cp)).toBe(ref[cp]);
  });
});
