import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { validateSpan } from "./validate";
import { OffsetIndex } from "./convert";
import { pySlice, textWithRangeArb } from "./_testing";

// Contract: quote === Python text[start:end] === Array.from(text).slice(start, end).join("").
const text = "Hi 👍🏽 café\nq\u0307 漢字 مرحبا end";

function fail(r: ReturnType<typeof validateSpan>) {
  if (r.ok) throw new Error("expected failure");
  return r;
}

describe("validateSpan", () => {
  it("accepts exact code-point quotes, including emoji and marks", () => {
    expect(validateSpan(text, { start: 3, end: 5, quote: "👍🏽" })).toEqual({ ok: true });
    expect(validateSpan(text, { start: 6, end: 10, quote: "café" })).toEqual({ ok: true });
    expect(validateSpan(text, { start: 11, end: 13, quote: "q\u0307" })).toEqual({ ok: true });
    expect(validateSpan(text, { start: 14, end: 16, quote: "漢字" })).toEqual({ ok: true });
    expect(validateSpan(text, { start: 17, end: 22, quote: "مرحبا" })).toEqual({ ok: true });
  });

  it("accepts spans at the very start and end of the text", () => {
    const n = Array.from(text).length;
    expect(validateSpan(text, { start: 0, end: 2, quote: "Hi" })).toEqual({ ok: true });
    expect(validateSpan(text, { start: n - 3, end: n, quote: "end" })).toEqual({ ok: true });
    expect(validateSpan(text, { start: 0, end: n, quote: text })).toEqual({ ok: true });
  });

  it("rejects UTF-16 offsets used by mistake (quote mismatch)", () => {
    // "👍🏽" is UTF-16 [3,7) but code points [3,5).
    const r = fail(validateSpan(text, { start: 3, end: 7, quote: "👍🏽" }));
    expect(r.field).toBe("quote");
    expect(r.reason).toContain("expected");
    expect(r.reason).toContain('got "👍🏽"');
  });

  it("rejects non-integers", () => {
    expect(fail(validateSpan(text, { start: 1.5, end: 3, quote: "x" }))).toMatchObject({
      field: "start",
      reason: "start must be an integer, got 1.5",
    });
    expect(fail(validateSpan(text, { start: 0, end: Number.NaN, quote: "x" })).field).toBe("end");
    expect(fail(validateSpan(text, { start: 0, end: Infinity, quote: "x" })).field).toBe("end");
    // Runtime garbage from JSON: string offsets.
    const bogus = { start: "1", end: 3, quote: "i " } as unknown as { start: number; end: number; quote: string };
    expect(fail(validateSpan(text, bogus)).field).toBe("start");
  });

  it("rejects negatives", () => {
    expect(fail(validateSpan(text, { start: -1, end: 3, quote: "x" }))).toMatchObject({
      field: "start",
      reason: "start must not be negative, got -1",
    });
    expect(fail(validateSpan(text, { start: 0, end: -2, quote: "x" })).field).toBe("end");
  });

  it("rejects start >= end", () => {
    expect(fail(validateSpan(text, { start: 4, end: 4, quote: "" }))).toMatchObject({
      field: "end",
      reason: "end (4) must be greater than start (4)",
    });
    expect(fail(validateSpan(text, { start: 5, end: 2, quote: "" })).field).toBe("end");
  });

  it("rejects end beyond the text and states the length in code points", () => {
    const n = Array.from(text).length;
    const r = fail(validateSpan(text, { start: 0, end: text.length, quote: text }));
    expect(r.field).toBe("end");
    expect(r.reason).toBe(`end (${text.length}) exceeds text length ${n} (code points)`);
  });

  it("reports expected vs got for a mismatched quote, truncated", () => {
    const long = "x".repeat(100);
    const r = fail(validateSpan(long, { start: 0, end: 100, quote: `${"x".repeat(99)}y` }));
    expect(r.field).toBe("quote");
    expect(r.reason).toContain(`expected "${"x".repeat(40)}…" (100 code points)`);
    expect(r.reason).toContain(`got "${"x".repeat(40)}…" (100 code points)`);
    expect(r.reason).toContain("first difference at code point 99");
    expect(r.reason.length).toBeLessThan(250);
  });

  it("treats NFD vs NFC quotes as a mismatch (exact code points)", () => {
    const r = fail(validateSpan(text, { start: 6, end: 10, quote: "cafe\u0301" }));
    expect(r.field).toBe("quote");
    expect(r.reason).toContain("first difference at code point 3");
  });

  it("truncates previews by code point, never splitting a surrogate pair", () => {
    const emoji = "😀".repeat(50);
    const r = fail(validateSpan(emoji, { start: 0, end: 50, quote: "nope" }));
    expect(r.reason).toContain(`"${"😀".repeat(40)}…" (50 code points)`);
  });

  it("rejects whitespace-only spans, including newlines and NBSP", () => {
    const t = "a \n\u00a0\u3000\tb";
    expect(fail(validateSpan(t, { start: 1, end: 6, quote: " \n\u00a0\u3000\t" }))).toEqual({
      ok: false,
      field: "quote",
      reason: "span contains only whitespace",
    });
    expect(validateSpan(t, { start: 1, end: 7, quote: " \n\u00a0\u3000\tb" })).toEqual({ ok: true });
  });

  it("rejects a non-string quote", () => {
    const bad = { start: 0, end: 1, quote: 5 } as unknown as { start: number; end: number; quote: string };
    expect(fail(validateSpan("abc", bad)).field).toBe("quote");
  });

  it("accepts exactly the Python slice for any non-blank valid range (property)", () => {
    fc.assert(
      fc.property(textWithRangeArb, ({ text: t, start, end }) => {
        const quote = pySlice(t, start, end);
        const r = validateSpan(new OffsetIndex(t), { start, end, quote });
        if (start === end) expect(r).toMatchObject({ ok: false, field: "end" });
        else if (/^\p{White_Space}*$/u.test(quote)) expect(r).toMatchObject({ ok: false, field: "quote" });
        else expect(r).toEqual({ ok: true });
      }),
      { numRuns: 500 },
    );
  });
});
