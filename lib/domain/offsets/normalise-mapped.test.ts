import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { normaliseMapped } from "./normalise-mapped";
import { normaliseText } from "./text";

const cps = (s: string) => Array.from(s);

describe("normaliseMapped", () => {
  it("is the identity for clean text", () => {
    const n = normaliseMapped("plain 👍🏽 text\n");
    expect(n.identity).toBe(true);
    expect(n.mapStart(3)).toEqual({ offset: 3, exact: true });
  });

  it("maps offsets across CRLF, lone CR and composition", () => {
    const raw = "a\r\nb\rCafe\u0301!\u1100\u1161x"; // ᄀ + ᅡ -> 가
    const n = normaliseMapped(raw);
    expect(n.text).toBe("a\nb\nCaf\u00e9!\uAC00x");
    expect(n.rawLength).toBe(14);
    expect(n.length).toBe(11);
    expect(n.mapStart(3)).toEqual({ offset: 2, exact: true }); // b
    expect(n.mapStart(5)).toEqual({ offset: 4, exact: true }); // C
    expect(n.mapEnd(10)).toEqual({ offset: 8, exact: true }); // after é
    expect(n.mapStart(11)).toEqual({ offset: 9, exact: true }); // 가
    expect(n.mapEnd(14)).toEqual({ offset: 11, exact: true });
    // Inside indivisible sequences: widened.
    expect(n.mapStart(2)).toEqual({ offset: 1, exact: false }); // between \r and \n
    expect(n.mapEnd(2)).toEqual({ offset: 2, exact: false });
    expect(n.mapEnd(9)).toEqual({ offset: 8, exact: false }); // between e and U+0301
    expect(n.mapEnd(12)).toEqual({ offset: 10, exact: false }); // between the jamo
  });

  it("handles NFC expansions (composition exclusions)", () => {
    const n = normaliseMapped("\u0958x"); // DEVANAGARI QA -> KA + NUKTA
    expect(n.text).toBe("\u0915\u093Cx");
    expect(n.mapStart(1)).toEqual({ offset: 2, exact: true });
  });

  it("prefix property: exact offsets agree with normalising the raw prefix", () => {
    const unit = fc.constantFrom(
      "a",
      "e",
      "\u0301",
      "\u0323",
      "\r",
      "\n",
      "\r\n",
      "\u1100",
      "\u1161",
      "\u11A8",
      "\uAC00",
      "👍",
      "🏽",
      "\u200D",
      "\u0958",
      "\u212B",
      "\u0344",
      "\uFB2C",
      "ﬁ",
      "ש",
      "\u05B8",
    );
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 25 }), (parts) => {
        const raw = parts.join("");
        const n = normaliseMapped(raw);
        expect(n.text).toBe(normaliseText(raw));
        const rawCps = cps(raw);
        const normCps = cps(n.text);
        let prev = 0;
        for (let o = 0; o <= rawCps.length; o++) {
          const s = n.mapStart(o);
          const e = n.mapEnd(o);
          expect(s.offset).toBeGreaterThanOrEqual(prev);
          expect(e.offset).toBeGreaterThanOrEqual(s.offset);
          prev = s.offset;
          if (s.exact) {
            expect(e).toEqual(s);
            expect(normCps.slice(0, s.offset).join("")).toBe(normaliseText(rawCps.slice(0, o).join("")));
          }
        }
      }),
      { numRuns: 1000 },
    );
  });
});
