import { describe, expect, it } from "vitest";
import { type WireSpan, packSpans, unpackSpans } from "./types";

const labels = [{ id: "label-a" }, { id: "label-b" }, { id: "label-c" }];

describe("packed spans (the article page's span columns)", () => {
  it("unpack gives back every span, in order, with its label, edges, version and note", () => {
    const spans: WireSpan[] = [
      { id: "0b3e2a8c-1111-4c0d-9a7e-3f2b1c0d9e8f", labelId: "label-b", start: 0, end: 12, note: "", version: 1 },
      { id: "s2", labelId: "label-a", start: 0, end: 3, note: "overlaps the first", version: 4 },
      { id: "s_3", labelId: "label-c", start: 40, end: 40, note: "", version: 2 },
      // Out of text order (a negative delta) and a note with spaces, quotes and an astral character.
      { id: "s-4", labelId: "label-c", start: 7, end: 90_000, note: 'a "note" 😀 here', version: 1 },
    ];
    const packed = packSpans(spans, labels);
    expect(packed.label).toEqual([1, 0, 2, 2]);
    expect(packed.start).toEqual([0, 0, 40, -33]);
    expect(packed.notes).toEqual([
      [1, "overlaps the first"],
      [3, 'a "note" 😀 here'],
    ]);
    expect(unpackSpans(packed, labels)).toEqual(spans);
    // What crosses the wire is JSON: the round trip through it changes nothing.
    expect(unpackSpans(JSON.parse(JSON.stringify(packed)), labels)).toEqual(spans);
  });

  it("packs no spans as empty columns", () => {
    const packed = packSpans([], labels);
    expect(packed).toEqual({ ids: "", label: [], start: [], length: [], version: [], notes: [] });
    expect(unpackSpans(packed, labels)).toEqual([]);
  });

  it("refuses a span whose label is not the project's, or whose id would break the id column", () => {
    const base = { start: 0, end: 1, note: "", version: 1 };
    expect(() => packSpans([{ ...base, id: "s1", labelId: "other" }], labels)).toThrow(
      /not among the project's labels/,
    );
    expect(() => packSpans([{ ...base, id: "s 1", labelId: "label-a" }], labels)).toThrow(/cannot be packed/);
  });

  it("is a third the size of the span objects it replaces", () => {
    const spans: WireSpan[] = Array.from({ length: 2000 }, (_, i) => ({
      id: crypto.randomUUID(),
      labelId: labels[i % 3]!.id.padEnd(36, "x"),
      start: i * 25,
      end: i * 25 + 12,
      note: "",
      version: 1,
    }));
    const long = labels.map((l) => ({ id: l.id.padEnd(36, "x") }));
    const packed = JSON.stringify(packSpans(spans, long)).length;
    expect(packed).toBeLessThan(JSON.stringify(spans).length / 3);
  });
});
