/**
 * RFC 4180 CSV encoding plus a small strict parser.
 *
 * Encoding: comma separator, CRLF record terminator, fields quoted only when needed
 * (or always, with `alwaysQuote`), embedded quotes doubled. Raw mode is lossless:
 * `parseCsv(csvRow(values)).rows[0]` equals `values` for any non-empty string array.
 */

/** Prepend to a CSV file so Excel detects UTF-8. `parseCsv` strips one by default. */
export const UTF8_BOM = "\uFEFF";

export type CsvValue = string | number | bigint | boolean | null | undefined;

export interface CsvOptions {
  /**
   * Neutralise spreadsheet formula injection (OWASP "CSV Injection"): a *string*
   * cell that starts with = + - @ TAB or CR, or with their full-width forms ＝ ＋ － ＠, or
   * with whitespace (space, newline, …) before any of those, gets a leading apostrophe
   * (spreadsheets skip leading blanks and read full-width signs as formulas). Numbers,
   * bigints and booleans are emitted as-is (a negative number is data, not a formula).
   * The output is then no longer byte-exact; use raw mode for machine consumption.
   */
  excelSafe?: boolean;
  /** Quote every field, even when not required. */
  alwaysQuote?: boolean;
}

/** A string cell a spreadsheet may read as a formula (see CsvOptions.excelSafe). */
export const FORMULA_TRIGGER = /^(?:\s*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]|[\t\r])/;
const NEEDS_QUOTES = /[",\r\n]/;

function stringify(value: CsvValue): { text: string; isString: boolean } {
  if (value === null || value === undefined) return { text: "", isString: false };
  if (typeof value === "string") return { text: value, isString: true };
  if (typeof value === "number" && !Number.isFinite(value)) {
    throw new RangeError(`csvField: non-finite number ${String(value)}`);
  }
  return { text: String(value), isString: false };
}

/** Spreadsheet formula neutralisation of a string cell (see `excelSafe`). */
function neutralise(text: string): string {
  return FORMULA_TRIGGER.test(text) ? `'${text}` : text;
}

/** Quotes a field when it holds a separator, a quote or a line break (quotes doubled). */
function quoteIfNeeded(text: string, always = false): string {
  return always || NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * One string field by the rules of csvField (without `alwaysQuote`), for hot loops that cannot afford
 * an options object per field.
 */
export function csvString(text: string, excelSafe: boolean): string {
  return quoteIfNeeded(excelSafe ? neutralise(text) : text);
}

/** Encode one field. null/undefined become the empty field. */
export function csvField(value: CsvValue, opts: CsvOptions = {}): string {
  const s = stringify(value);
  return quoteIfNeeded(opts.excelSafe && s.isString ? neutralise(s.text) : s.text, opts.alwaysQuote);
}

/**
 * Encode one record, terminated by CRLF. A record consisting of a single empty
 * field is written as `""` so it cannot be confused with a blank line.
 * An empty `values` array throws: RFC 4180 has no zero-field record.
 */
export function csvRow(values: readonly CsvValue[], opts: CsvOptions = {}): string {
  if (values.length === 0) throw new RangeError("csvRow: a record needs at least one field");
  const fields = values.map((v) => csvField(v, opts));
  if (fields.length === 1 && fields[0] === "") return '""\r\n';
  return `${fields.join(",")}\r\n`;
}

export interface CsvParseError {
  /** 1-based physical line (LF-delimited, counting lines inside quoted fields). */
  line: number;
  /** 1-based column in code points. */
  column: number;
  message: string;
}

/** `lines[i]`: the 1-based physical line where record `rows[i]` starts (a quoted field may span lines). */
export type CsvParseResult =
  | { ok: true; rows: string[][]; lines: number[] }
  | { ok: false; rows: string[][]; lines: number[]; error: CsvParseError };

export interface CsvParseOptions {
  /** Strip one leading U+FEFF (default true). */
  stripBom?: boolean;
  /** Fail when a record's field count differs from the first record's (default false). */
  uniformWidth?: boolean;
}

/**
 * Strict RFC 4180 parser. Records end with CRLF or LF (a final terminator is
 * optional); a bare CR outside quotes is an error. Quoted fields may contain
 * commas, CR, LF and doubled quotes. Malformed input stops parsing and returns the
 * first error with its position; `rows` then holds the records completed before it.
 * An empty document yields no records; a blank line yields a record `[""]`.
 */
export function parseCsv(text: string, opts: CsvParseOptions = {}): CsvParseResult {
  const src = opts.stripBom !== false && text.startsWith(UTF8_BOM) ? text.slice(1) : text;
  const rows: string[][] = [];
  const lines: number[] = [];
  let recordLine = 0; // 0: the next field starts a record
  let row: string[] = [];
  let field = "";
  let i = 0;
  let line = 1;
  let lineStart = 0; // code-unit index where the current physical line starts
  const n = src.length;

  const column = (from: number, at: number): number => {
    let c = 1;
    for (let k = from; k < at; k++) {
      const u = src.charCodeAt(k);
      const prev = k > from ? src.charCodeAt(k - 1) : 0;
      if (!(u >= 0xdc00 && u <= 0xdfff && prev >= 0xd800 && prev <= 0xdbff)) c++;
    }
    return c;
  };
  const fail = (at: number, message: string): CsvParseResult => ({
    ok: false,
    rows,
    lines,
    error: { line, column: column(lineStart, at), message },
  });
  const endRecord = (at: number): CsvParseResult | null => {
    row.push(field);
    field = "";
    const first = rows[0];
    if (opts.uniformWidth && first && first.length !== row.length) {
      return fail(at, `expected ${first.length} fields, found ${row.length}`);
    }
    rows.push(row);
    lines.push(recordLine || line);
    recordLine = 0;
    row = [];
    return null;
  };

  while (i < n) {
    if (recordLine === 0) recordLine = line;
    // Start of a field.
    if (src.charCodeAt(i) === 0x22 /* " */) {
      const openLine = line;
      const openLineStart = lineStart;
      const openAt = i;
      i++;
      let closed = false;
      while (i < n) {
        const q = src.indexOf('"', i);
        if (q === -1) break;
        const chunk = src.slice(i, q);
        field += chunk;
        for (let k = i; k < q; k++) {
          if (src.charCodeAt(k) === 0x0a) {
            line++;
            lineStart = k + 1;
          }
        }
        if (src.charCodeAt(q + 1) === 0x22) {
          field += '"';
          i = q + 2;
          continue;
        }
        i = q + 1;
        closed = true;
        break;
      }
      if (!closed) {
        return {
          ok: false,
          rows,
          lines,
          error: { line: openLine, column: column(openLineStart, openAt), message: "unterminated quoted field" },
        };
      }
      // After the closing quote: separator, record end, or EOF.
      if (i >= n) break;
      const c = src.charCodeAt(i);
      if (c === 0x2c) {
        row.push(field);
        field = "";
        i++;
        if (i >= n) {
          // Trailing comma at EOF: one more empty field.
          break;
        }
        continue;
      }
      if (c === 0x0a || (c === 0x0d && src.charCodeAt(i + 1) === 0x0a)) {
        const err = endRecord(i);
        if (err) return err;
        i += c === 0x0d ? 2 : 1;
        line++;
        lineStart = i;
        continue;
      }
      return fail(i, "stray character after closing quote");
    }
    // Unquoted field: read up to , CR LF.
    let j = i;
    for (; j < n; j++) {
      const c = src.charCodeAt(j);
      if (c === 0x2c || c === 0x0a || c === 0x0d) break;
      if (c === 0x22) return fail(j, "stray quote in unquoted field");
    }
    field += src.slice(i, j);
    if (j >= n) {
      i = j;
      break;
    }
    const c = src.charCodeAt(j);
    if (c === 0x2c) {
      row.push(field);
      field = "";
      i = j + 1;
      if (i >= n) break;
      continue;
    }
    if (c === 0x0d && src.charCodeAt(j + 1) !== 0x0a) return fail(j, "bare CR outside quotes");
    const err = endRecord(j);
    if (err) return err;
    i = j + (c === 0x0d ? 2 : 1);
    line++;
    lineStart = i;
  }
  // Flush the last record unless the document ended right after a terminator.
  if (row.length > 0 || field !== "" || (n > 0 && !endsWithTerminator(src))) {
    const err = endRecord(n);
    if (err) return err;
  }
  return { ok: true, rows, lines };
}

function endsWithTerminator(s: string): boolean {
  return s.endsWith("\n");
}
