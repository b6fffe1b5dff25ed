import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { type CsvOptions, FORMULA_TRIGGER, UTF8_BOM, csvField, csvRow, parseCsv } from "./csv";

/** A whole document as the exports write it: optional BOM, then one csvRow per record. */
const csvDocument = (rows: readonly (readonly string[])[], opts: CsvOptions & { bom?: boolean } = {}) =>
  (opts.bom ? UTF8_BOM : "") + rows.map((r) => csvRow(r, opts)).join("");

const rows = (text: string) => {
  const r = parseCsv(text);
  if (!r.ok) throw new Error(`${r.error.line}:${r.error.column} ${r.error.message}`);
  return r.rows;
};

describe("csvField / csvRow", () => {
  it("leaves plain fields bare and quotes only when needed", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField("line1\nline2")).toBe('"line1\nline2"');
    expect(csvField("cr\rhere")).toBe('"cr\rhere"');
    expect(csvField("crlf\r\n")).toBe('"crlf\r\n"');
    expect(csvField('"')).toBe('""""');
    expect(csvField(" padded ")).toBe(" padded ");
  });

  it("handles empty, null, undefined, numbers, booleans", () => {
    expect(csvField("")).toBe("");
    expect(csvField(null)).toBe("");
    expect(csvField(undefined)).toBe("");
    expect(csvField(-3.5)).toBe("-3.5");
    expect(csvField(10n)).toBe("10");
    expect(csvField(true)).toBe("true");
    expect(() => csvField(Number.NaN)).toThrow(RangeError);
  });

  it("keeps emoji, RTL and combining text untouched", () => {
    const s = "👍🏽 👨‍👩‍👧 مرحبا بالعالم \u202Eevil\u202C שלום e\u0301";
    expect(csvField(s)).toBe(s);
    expect(rows(csvRow([s, "x"]))).toEqual([[s, "x"]]);
  });

  it("alwaysQuote quotes every field", () => {
    expect(csvRow(["a", "", null, 1], { alwaysQuote: true })).toBe('"a","","","1"\r\n');
  });

  it('terminates rows with CRLF and writes a lone empty field as ""', () => {
    expect(csvRow(["a", "b"])).toBe("a,b\r\n");
    expect(csvRow([""])).toBe('""\r\n');
    expect(csvRow([null])).toBe('""\r\n');
    expect(csvRow(["", ""])).toBe(",\r\n");
    expect(() => csvRow([])).toThrow(RangeError);
  });

  it("raw mode is exact for formula-looking cells", () => {
    for (const s of ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"]) {
      expect(rows(csvRow([s]))).toEqual([[s]]);
    }
  });

  it("excelSafe prefixes an apostrophe to = + - @ TAB CR leading strings", () => {
    const o = { excelSafe: true };
    expect(csvField('=HYPERLINK("http://x")', o)).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(csvField("+1", o)).toBe("'+1");
    expect(csvField("-1", o)).toBe("'-1");
    expect(csvField("@cmd", o)).toBe("'@cmd");
    expect(csvField("\tx", o)).toBe("'\tx");
    expect(csvField("\rx", o)).toBe('"\'\rx"');
    expect(csvField("a=b", o)).toBe("a=b");
    expect(csvField("", o)).toBe("");
  });

  it("excelSafe also neutralises blanks before a trigger and the full-width forms (issue 10, finding 6)", () => {
    const o = { excelSafe: true };
    // OWASP CSV Injection: spreadsheets skip leading blanks; Excel and LibreOffice read U+FF1D etc. as "=".
    expect(csvField(" =1+1", o)).toBe("' =1+1");
    expect(csvField("  @SUM(A1)", o)).toBe("'  @SUM(A1)");
    expect(csvField("\n=HYPERLINK(1)", o)).toBe('"\'\n=HYPERLINK(1)"');
    expect(csvField("\r\n+1", o)).toBe('"\'\r\n+1"');
    expect(csvField("\u3000-1", o)).toBe("'\u3000-1");
    for (const c of ["\uFF1D", "\uFF0B", "\uFF0D", "\uFF20"]) expect(csvField(`${c}cmd`, o)).toBe(`'${c}cmd`);
    expect(csvField(" \uFF1D1", o)).toBe("' \uFF1D1");
    // Blanks or signs later in the cell are data.
    expect(csvField(" a=1", o)).toBe(" a=1");
    expect(csvField("   ", o)).toBe("   ");
    expect(csvField("x\uFF1D", o)).toBe("x\uFF1D");
    // Raw mode stays byte-exact.
    expect(csvField(" =1")).toBe(" =1");
    expect(csvField("\uFF1D1")).toBe("\uFF1D1");
    expect(csvField("", o)).toBe("");
    // Numbers are data, not user text: not prefixed.
    expect(csvField(-5, o)).toBe("-5");
  });
});

describe("parseCsv", () => {
  it("parses quoted fields with embedded quotes, commas and newlines", () => {
    expect(rows('a,"b,c","d""e"\r\n"multi\r\nline","x\ny",\r\n')).toEqual([
      ["a", "b,c", 'd"e'],
      ["multi\r\nline", "x\ny", ""],
    ]);
  });

  it("accepts LF and CRLF, optional final terminator", () => {
    expect(rows("a,b\nc,d")).toEqual([
      ["a", "b"],
      ["c", "d"],
    ]);
    expect(rows("a,b\r\nc,d\r\n")).toEqual([
      ["a", "b"],
      ["c", "d"],
    ]);
    expect(rows("")).toEqual([]);
    expect(rows("\n")).toEqual([[""]]);
    expect(rows('""')).toEqual([[""]]);
    expect(rows("a,")).toEqual([["a", ""]]);
    expect(rows('"a",')).toEqual([["a", ""]]);
  });

  it("strips one BOM unless told not to", () => {
    expect(rows(`${UTF8_BOM}a`)).toEqual([["a"]]);
    const r = parseCsv(`${UTF8_BOM}a`, { stripBom: false });
    expect(r.ok && r.rows).toEqual([[`${UTF8_BOM}a`]]);
  });

  it("reports an unterminated quote at the line where it opened", () => {
    const r = parseCsv('a,b\r\nc,"open\r\nmore\r\n');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toMatchObject({ line: 2, column: 3, message: expect.stringMatching(/unterminated/) });
      expect(r.rows).toEqual([["a", "b"]]);
    }
  });

  it("reports stray quotes with line and code-point column", () => {
    const r1 = parseCsv('ok\n👍🏽x"y\n');
    expect(!r1.ok && r1.error).toMatchObject({ line: 2, column: 4, message: expect.stringMatching(/stray quote/) });
    const r2 = parseCsv('"a\nb"c,d\n');
    expect(!r2.ok && r2.error).toMatchObject({
      line: 2,
      column: 3,
      message: expect.stringMatching(/after closing quote/),
    });
  });

  it("rejects a bare CR outside quotes", () => {
    const r = parseCsv("a\rb\n");
    expect(!r.ok && r.error).toMatchObject({ line: 1, column: 2 });
  });

  it("optionally enforces a uniform field count", () => {
    expect(parseCsv("a,b\nc\n").ok).toBe(true);
    const r = parseCsv("a,b\nc\n", { uniformWidth: true });
    expect(!r.ok && r.error).toMatchObject({ line: 2, message: "expected 2 fields, found 1" });
  });
});

describe("round trip (fast-check)", () => {
  const tricky = fc.constantFrom(
    '"',
    ",",
    "\r",
    "\n",
    "\r\n",
    "=",
    "+",
    "-",
    "@",
    "\t",
    "👍🏽",
    "👨‍👩‍👧",
    "ש",
    "\uFEFF",
    "'",
  );
  const field = fc.oneof(
    fc.string({ unit: "binary" }),
    fc.string({ unit: fc.oneof(tricky, fc.string({ unit: "grapheme", maxLength: 1 })) }),
  );
  const table = fc.array(fc.array(field, { minLength: 1, maxLength: 6 }), { maxLength: 8 });

  it("parse(encode(rows)) == rows, with and without BOM / alwaysQuote", () => {
    fc.assert(
      fc.property(table, fc.boolean(), (t, alwaysQuote) => {
        expect(rows(csvDocument(t, { bom: true, alwaysQuote }))).toEqual(t);
      }),
      { numRuns: 500 },
    );
  });

  it("excelSafe output parses back to the input with a leading ' on trigger cells", () => {
    fc.assert(
      fc.property(table, (t) => {
        const expected = t.map((r) => r.map((s) => (FORMULA_TRIGGER.test(s) ? `'${s}` : s)));
        const parsed = rows(csvDocument(t, { bom: true, excelSafe: true }));
        expect(parsed).toEqual(expected);
        for (const r of parsed) for (const s of r) expect(s).not.toMatch(FORMULA_TRIGGER);
      }),
      { numRuns: 300 },
    );
  });
});

describe("parseCsv record lines", () => {
  it("gives the physical line each record starts on, counting line breaks inside quoted fields", () => {
    const r = parseCsv('a,b\r\n"x\ny",z\n\nlast,"1\r\n2"\nend');
    expect(r.ok).toBe(true);
    expect(r.rows).toEqual([["a", "b"], ["x\ny", "z"], [""], ["last", "1\r\n2"], ["end"]]);
    expect(r.lines).toEqual([1, 2, 4, 5, 7]);
  });
});
