import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { parseJsonl, toJsonlLine } from "./jsonl";

describe("jsonl", () => {
  it("never emits a raw line terminator and escapes U+2028/2029", () => {
    const line = toJsonlLine({ t: "a\nb\r\u2028\u2029👍🏽" });
    expect(line).toBe('{"t":"a\\nb\\r\\u2028\\u2029👍🏽"}');
    expect(JSON.parse(line)).toEqual({ t: "a\nb\r\u2028\u2029👍🏽" });
    expect(() => toJsonlLine(undefined)).toThrow(TypeError);
  });

  it("round-trips arbitrary JSON values", () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue({ maxDepth: 3 }), { maxLength: 10 }), (values) => {
        const text = values.map((v) => `${toJsonlLine(v)}\n`).join("");
        expect(text.split("\n").length - 1).toBe(values.length);
        // JSON cannot represent -0; compare through a JSON round trip.
        expect([...parseJsonl(text)].map((e) => (e.ok ? e.value : e))).toEqual(JSON.parse(JSON.stringify(values)));
      }),
      { numRuns: 200 },
    );
  });

  it("reports line-numbered errors, skips blank lines, accepts CRLF and BOM", () => {
    const entries = [...parseJsonl('\uFEFF{"a":1}\r\n\r\n  \n{bad}\n[2]\n"raw \u2028 ok"')];
    expect(entries).toEqual([
      { ok: true, line: 1, value: { a: 1 } },
      { ok: false, line: 4, message: expect.any(String) },
      { ok: true, line: 5, value: [2] },
      { ok: true, line: 6, value: "raw \u2028 ok" },
    ]);
  });
});
