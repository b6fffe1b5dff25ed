import { describe, expect, it } from "vitest";
import { tokenize } from "./tokenize";
import { toBio, toBioPerLabel, toConll, type BioSpan } from "./bio";

const cpIndex = (hay: string, needle: string) => Array.from(hay.slice(0, hay.indexOf(needle))).length;
const span = (text: string, quote: string, label: string): BioSpan => {
  const start = cpIndex(text, quote);
  return { start, end: start + Array.from(quote).length, label };
};

describe("tokenize", () => {
  it("splits words, keeps inner apostrophes, isolates other code points", () => {
    const toks = tokenize("Don't 'quote' l’homme 3.5 e\u0301t\u00e9 x--y");
    expect(toks.map((t) => t.text)).toEqual([
      "Don't",
      "'",
      "quote",
      "'",
      "l’homme",
      "3",
      ".",
      "5",
      "e\u0301t\u00e9",
      "x",
      "-",
      "-",
      "y",
    ]);
  });

  it("uses code-point offsets and isolates each emoji code point", () => {
    const text = "ok 👍🏽 👨‍👩‍👧 مرحبا";
    const toks = tokenize(text);
    expect(toks.map((t) => t.text)).toEqual(["ok", "👍", "🏽", "👨", "\u200D", "👩", "\u200D", "👧", "مرحبا"]);
    const cps = Array.from(text);
    for (const t of toks) expect(cps.slice(t.start, t.end).join("")).toBe(t.text);
    expect(toks.at(-1)).toMatchObject({ start: 12, end: 17 });
  });

  it("flags line breaks before tokens", () => {
    expect(tokenize("a b\n\nc").map((t) => t.lineBreakBefore)).toEqual([false, false, true]);
    expect(tokenize("")).toEqual([]);
  });
});

describe("toBio (multi-label field)", () => {
  const text = "They will destroy our way of life 👨‍👩‍👧 now.";
  it("tags overlapping spans of different labels", () => {
    const { rows, issues } = toBio(text, [
      span(text, "destroy our way of life", "appeal_to_fear"),
      span(text, "destroy", "loaded_wording"),
      span(text, "way of life 👨‍👩‍👧", "loaded_wording"),
    ]);
    expect(issues).toEqual([]);
    expect(rows.map((r) => `${r.token} ${r.tags}`)).toEqual([
      "They O",
      "will O",
      "destroy B-appeal_to_fear|B-loaded_wording",
      "our I-appeal_to_fear",
      "way I-appeal_to_fear|B-loaded_wording",
      "of I-appeal_to_fear|I-loaded_wording",
      "life I-appeal_to_fear|I-loaded_wording",
      "👨 I-loaded_wording",
      "\u200D I-loaded_wording",
      "👩 I-loaded_wording",
      "\u200D I-loaded_wording",
      "👧 I-loaded_wording",
      "now O",
      ". O",
    ]);
  });

  it("merges nested/overlapping same-label spans, keeps adjacent ones apart", () => {
    const t = "a b c d e f";
    const { rows } = toBio(t, [
      { start: 0, end: 5, label: "x" }, // a b c
      { start: 2, end: 3, label: "x" }, // b (nested)
      { start: 4, end: 7, label: "x" }, // c d (overlapping)
      { start: 8, end: 9, label: "x" }, // e (separate)
      { start: 10, end: 11, label: "x" }, // f (adjacent by tokens)
    ]);
    expect(rows.map((r) => r.tags)).toEqual(["B-x", "I-x", "I-x", "I-x", "B-x", "B-x"]);
  });

  it("reports misaligned and token-less spans", () => {
    const t = "hello   world";
    const { rows, issues } = toBio(t, [
      { start: 1, end: 4, label: "x" },
      { start: 5, end: 8, label: "y" },
    ]);
    expect(rows.map((r) => r.tags)).toEqual(["B-x", "O"]);
    expect(issues).toEqual([
      { spanIndex: 0, kind: "misaligned" },
      { spanIndex: 1, kind: "no_tokens" },
    ]);
  });

  it("rejects bad spans and labels", () => {
    expect(() => toBio("abc", [{ start: 0, end: 4, label: "x" }])).toThrow(RangeError);
    expect(() => toBio("abc", [{ start: 1, end: 1, label: "x" }])).toThrow(RangeError);
    expect(() => toBio("abc", [{ start: 0, end: 1, label: "a|b" }])).toThrow(RangeError);
    expect(() => toBio("abc", [{ start: 0, end: 1, label: "a b" }])).toThrow(RangeError);
  });
});

describe("toBioPerLabel", () => {
  it("gives one column per label, including unused taxonomy labels", () => {
    const t = "x y z";
    const res = toBioPerLabel(
      t,
      [
        { start: 0, end: 3, label: "b" },
        { start: 2, end: 5, label: "a" },
      ],
      ["a", "b", "c"],
    );
    expect(res.labels).toEqual(["a", "b", "c"]);
    expect(res.rows.map((r) => r.tags)).toEqual([
      ["O", "B-b", "O"],
      ["B-a", "I-b", "O"],
      ["I-a", "O", "O"],
    ]);
    expect(() => toBioPerLabel(t, [{ start: 0, end: 1, label: "zz" }], ["a"])).toThrow(/not in the label list/);
    expect(toBioPerLabel(t, [{ start: 0, end: 1, label: "q" }]).labels).toEqual(["q"]);
  });
});

describe("toConll", () => {
  it("writes token<TAB>tags with blank lines between sentences and documents", () => {
    const d1 = { text: "Fear them.\nNow 👍🏽", spans: [{ start: 0, end: 9, label: "fear" }] };
    const d2 = { text: "  ", spans: [] };
    const d3 = { text: "ok", spans: [{ start: 0, end: 2, label: "loaded" }] };
    expect(toConll([d1, d2, d3])).toBe("Fear\tB-fear\nthem\tI-fear\n.\tO\n\nNow\tO\n👍\tO\n🏽\tO\n\nok\tB-loaded\n\n");
    expect(toConll([d1, d3], { mode: "perLabel", split: "document" })).toBe(
      "Fear\tB-fear\tO\nthem\tI-fear\tO\n.\tO\tO\nNow\tO\tO\n👍\tO\tO\n🏽\tO\tO\n\nok\tO\tB-loaded\n\n",
    );
    expect(toConll([])).toBe("");
  });
});
