import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TokenBuffer, tokenizeInto } from "./tokenize";

/** The rule as a regular expression (the BIO export's former tokenizer), the reference. */
function reference(text: string) {
  const out: { text: string; start: number; end: number; lineBreakBefore: boolean }[] = [];
  let unit = 0;
  let cp = 0;
  for (const m of text.matchAll(/[\p{L}\p{M}\p{N}]+(?:['\u2019][\p{L}\p{M}\p{N}]+)*|\S/gu)) {
    const gap = text.slice(unit, m.index);
    cp += Array.from(gap).length;
    const len = Array.from(m[0]).length;
    out.push({ text: m[0], start: cp, end: cp + len, lineBreakBefore: out.length > 0 && gap.includes("\n") });
    cp += len;
    unit = m.index + m[0].length;
  }
  return out;
}

function mine(text: string) {
  const t = tokenizeInto(text, new TokenBuffer());
  return Array.from({ length: t.count }, (_, k) => ({
    text: text.slice(t.unitStarts[k]!, t.unitEnds[k]!),
    start: t.starts[k]!,
    end: t.ends[k]!,
    lineBreakBefore: t.lineBreakBefore[k] === 1,
  }));
}

describe("the shared tokenizer", () => {
  it("equals the regular-expression statement of the rule on any text (apostrophes, newlines, astral, lone surrogates)", () => {
    const pieces = fc.constantFrom(
      "a",
      "Z",
      "é",
      "e\u0301",
      "7",
      "'",
      "\u2019",
      " ",
      "\n",
      "\t",
      ".",
      "-",
      "😀",
      "𝒳",
      "\ud800",
      "\u00a0",
      "東",
    );
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 40 }), fc.string({ unit: "grapheme", maxLength: 20 }), (ps, extra) => {
        const text = ps.join("") + extra;
        expect(mine(text)).toEqual(reference(text));
      }),
      { numRuns: 2000 },
    );
  });

  it("reports the text length in code points, and reuses its buffer", () => {
    const buf = new TokenBuffer();
    expect(tokenizeInto("don't 😀\nx", buf)).toMatchObject({ count: 3, length: 9 });
    expect(Array.from(buf.lineBreakBefore.subarray(0, 3))).toEqual([0, 0, 1]);
    expect(tokenizeInto("", buf)).toMatchObject({ count: 0, length: 0 });
  });
});
