/**
 * Reading agreement input files (the `agreement` command): item records
 * `{item, rater, value}` or span records `{document, rater, label, start, end[, text][, length]}`,
 * as JSONL or CSV with those headers. The kind is detected from the first record (JSONL) or the
 * header (CSV); every record must be of that kind. Errors carry the 1-based physical line.
 *
 * Values: JSONL keeps JSON types (a string is a category, a number may be ordered or measured;
 * `null` or a missing `value` is a missing rating). CSV cells are strings; when every non-empty
 * `value` cell of the file is a decimal number, all values are read as numbers (so ordinal,
 * interval and ratio alpha apply), otherwise all as strings. An empty cell is a missing rating.
 */
import { parseCsv } from "../../dataset/csv";
import { jsonlLines, parseJsonl } from "../../dataset/jsonl";
import { type PreparedRatings, RatingsBuilder } from "../item/prepare";
import { codePointLength, type Span } from "../spans";
import { fastCsvItems, fastJsonlItems } from "./fast-items";

/** `line` is 1-based; 0 when the problem is not on one line (e.g. a text file disagreeing with the input). */
export type InputError = { line: number; message: string };

export type AgreementInput =
  | { kind: "item"; ratings: PreparedRatings; missing: number }
  | { kind: "span"; spans: Span[]; texts: Map<string, string>; lengths: Map<string, number> };

export type ParseResult = { ok: true; input: AgreementInput } | { ok: false; errors: InputError[] };

export type InputFormat = "jsonl" | "csv";

const MAX_ERRORS = 50;
const NO_ROW: string[] = [];
const NUMBER = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;
const ITEM_KEYS = ["item", "rater", "value"] as const;
const SPAN_KEYS = ["document", "rater", "label", "start", "end"] as const;

/** JSONL when the first non-blank character is `{`, else CSV (unless the caller knows). */
export function sniffFormat(text: string): InputFormat {
  const first = text.replace(/^\uFEFF/, "").trimStart()[0];
  return first === "{" ? "jsonl" : "csv";
}

/** One record's known fields; `undefined` = absent (JSONL: no such key; CSV: no such column). */
type Rec = { line: number } & Partial<Record<Key, unknown>>;
type Key = "item" | "rater" | "value" | "document" | "label" | "start" | "end" | "text" | "length";
const KEYS: readonly Key[] = ["item", "rater", "value", "document", "label", "start", "end", "text", "length"];

/** A number with more significant digits than a double keeps would merge with its neighbours: refuse it. */
const LONG_NUMBER = /[0-9.]{16}/; // 15 significant digits always survive a double

/** Significant digits and decimal exponent of a decimal literal, e.g. "-12.50e3" -> "-125e2". */
function canonicalDecimal(lit: string): string | null {
  const m = /^([-+]?)(\d*)(?:\.(\d*))?(?:[eE]([-+]?\d+))?$/.exec(lit.trim());
  if (!m) return null;
  const frac = m[3] ?? "";
  let digits = (m[2] ?? "") + frac;
  let exp = Number(m[4] ?? 0) - frac.length;
  digits = digits.replace(/^0+/, "");
  if (digits === "") return "0";
  const trimmed = digits.replace(/0+$/, "");
  exp += digits.length - trimmed.length;
  return `${m[1] === "-" ? "-" : ""}${trimmed}e${exp}`;
}

/** True when `lit` names a number that the double `value` does not hold exactly (e.g. 9007199254740993). */
export function losesPrecision(lit: string, value: number): boolean {
  if (!LONG_NUMBER.test(lit) || !Number.isFinite(value)) return false;
  return canonicalDecimal(lit) !== canonicalDecimal(String(value));
}

/** The first number literal of a JSON line (outside strings) that a double cannot hold, with its key. */
function inexactNumber(line: string): { key: string; literal: string } | null {
  let lastString = "";
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === 0x22) {
      let j = i + 1;
      while (j < line.length && line.charCodeAt(j) !== 0x22) j += line.charCodeAt(j) === 0x5c ? 2 : 1;
      lastString = line.slice(i + 1, j);
      i = j;
    } else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      let j = i + 1;
      while (j < line.length && /[0-9.eE+-]/.test(line[j]!)) j++;
      const literal = line.slice(i, j);
      if (losesPrecision(literal, Number(literal))) return { key: lastString, literal };
      i = j - 1;
    }
  }
  return null;
}

function precisionError(line: number, key: string, literal: string): InputError {
  return {
    line,
    message: `${key}: precision would be lost: ${literal} is not exactly representable as a number; give it as a string`,
  };
}

export function parseAgreementInput(text: string, format: InputFormat = sniffFormat(text)): ParseResult {
  const fast = format === "jsonl" ? fastJsonlItems(text) : fastCsvItems(text);
  if (fast) return { ok: true, input: { kind: "item", ...fast } };
  return parseGeneral(text, format);
}

/** Every file the command accepts, with every problem worded (the fast readers defer to this). */
export function parseGeneral(text: string, format: InputFormat): ParseResult {
  const errors: InputError[] = [];
  const rows: Rec[] = [];
  let numericCsv = false;
  if (format === "jsonl") {
    for (const { line: lineNo, raw } of jsonlLines(text)) {
      if (errors.length >= MAX_ERRORS) break;
      let value: unknown;
      try {
        value = JSON.parse(raw);
      } catch (e) {
        errors.push({ line: lineNo, message: `not valid JSON: ${e instanceof Error ? e.message : String(e)}` });
        continue;
      }
      if (typeof value !== "object" || value === null || Array.isArray(value)) {
        errors.push({ line: lineNo, message: "expected a JSON object" });
        continue;
      }
      if (LONG_NUMBER.test(raw)) {
        const bad = inexactNumber(raw);
        if (bad) {
          errors.push(precisionError(lineNo, bad.key, bad.literal));
          continue;
        }
      }
      rows.push(recOf(lineNo, value as Record<string, unknown>));
    }
  } else {
    const parsed = simpleCsv(text) ?? parseCsv(text);
    if (!parsed.ok)
      return {
        ok: false,
        errors: [{ line: parsed.error.line, message: `CSV: ${parsed.error.message} (column ${parsed.error.column})` }],
      };
    const records: (string | string[])[] = parsed.rows;
    const header = records[0] === undefined ? undefined : fields(records[0]);
    if (!header) return { ok: false, errors: [{ line: 1, message: "the file is empty" }] };
    const cols = header.map((h) => h.trim().toLowerCase());
    const known = [...ITEM_KEYS].every((k) => cols.includes(k)) || [...SPAN_KEYS].every((k) => cols.includes(k));
    const at = Object.fromEntries(KEYS.map((k) => [k, cols.indexOf(k)])) as Record<Key, number>;
    const cell = (r: readonly string[], i: number) => (i >= 0 ? r[i] : undefined);
    let line = 1 + newlines(header) + 1;
    for (let n = 1; n < records.length; n++) {
      const r = fields(records[n]!);
      records[n] = NO_ROW; // the record's object below keeps what is needed: let the row array go
      const here = line;
      line += 1 + newlines(r);
      if (r.length === 1 && r[0] === "") continue; // blank line
      if (r.length !== cols.length) {
        errors.push({ line: here, message: `expected ${cols.length} fields as in the header, found ${r.length}` });
        continue;
      }
      // One object shape for every record (V8 keeps the property accesses monomorphic).
      rows.push({
        line: here,
        item: cell(r, at.item),
        rater: cell(r, at.rater),
        value: cell(r, at.value),
        document: cell(r, at.document),
        label: cell(r, at.label),
        start: cell(r, at.start),
        end: cell(r, at.end),
        text: cell(r, at.text),
        length: cell(r, at.length),
      });
    }
    if (records.length <= 1) errors.push({ line: 1, message: "no records after the header" });
    if (!known)
      return {
        ok: false,
        errors: [
          {
            line: 1,
            message: `the header must name the columns ${ITEM_KEYS.join(",")} (item records) or ${SPAN_KEYS.join(",")} (span records); found ${cols.join(",")}`,
          },
        ],
      };
    // CSV numbers: all-or-nothing over the file's value cells.
    if (cols.includes("value") && !cols.includes("document")) {
      let any = false;
      numericCsv = true;
      for (const r of rows) {
        const v = r.value as string;
        if (v === "") continue;
        any = true;
        if (!NUMBER.test(v.trim())) {
          numericCsv = false;
          break;
        }
      }
      numericCsv &&= any;
    }
  }
  const first = rows[0];
  if (!first) return { ok: false, errors: errors.length ? errors : [{ line: 1, message: "no records" }] };
  const kind = first.document !== undefined ? "span" : first.item !== undefined ? "item" : null;
  if (!kind)
    return {
      ok: false,
      errors: [
        ...errors,
        {
          line: first.line,
          message: `cannot tell the kind of record: give "item", "rater", "value" or "document", "rater", "label", "start", "end"`,
        },
      ],
    };
  // Every problem of the file at once, in line order (syntax errors and record errors alike).
  const result = kind === "item" ? items(rows, format, numericCsv) : spans(rows, format);
  if (errors.length === 0) return result;
  const all = [...errors, ...(result.ok ? [] : result.errors)].sort((a, b) => a.line - b.line);
  return { ok: false, errors: all.slice(0, MAX_ERRORS) };
}

/** The record's known fields, in one object shape; JSON `null` stays null, an absent key is undefined. */
function recOf(line: number, o: Record<string, unknown>): Rec {
  const get = (k: Key) => (Object.hasOwn(o, k) ? o[k] : undefined);
  return {
    line,
    item: get("item"),
    rater: get("rater"),
    value: get("value"),
    document: get("document"),
    label: get("label"),
    start: get("start"),
    end: get("end"),
    text: get("text"),
    length: get("length"),
  };
}

/**
 * CSV without quotes and carriage returns (the common machine-written file) needs no quoting rules: split on
 * newlines and commas, natively. Anything else goes through the full parser (null here).
 */
function simpleCsv(text: string): { ok: true; rows: (string | string[])[] } | null {
  const src = text.startsWith("\uFEFF") ? text.slice(1) : text;
  if (src.includes('"') || src.includes("\r")) return null;
  const lines: (string | string[])[] = src.split("\n");
  if (lines.length > 1 && lines[lines.length - 1] === "") lines.pop();
  return { ok: true, rows: lines }; // a line is split into fields when its record is read
}

const fields = (row: string | string[]): string[] => (typeof row === "string" ? row.split(",") : row);

function newlines(row: readonly string[]): number {
  let n = 0;
  for (const f of row) for (let i = f.indexOf("\n"); i !== -1; i = f.indexOf("\n", i + 1)) n++;
  return n;
}

function id(r: Rec, key: Key, errors: InputError[]): string | null {
  const v = r[key];
  if (typeof v === "string" && v !== "" && v.trim() !== "") return v;
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  errors.push({ line: r.line, message: `"${key}" must be a non-empty string${v === undefined ? " (missing)" : ""}` });
  return null;
}

function items(rows: Rec[], format: InputFormat, numericCsv: boolean): ParseResult {
  const errors: InputError[] = [];
  const builder = new RatingsBuilder();
  let missing = 0;
  for (let i = 0; i < rows.length && errors.length < MAX_ERRORS; i++) {
    const r = rows[i]!;
    if (r.document !== undefined) {
      errors.push({ line: r.line, message: "a span record in a file of item records" });
      continue;
    }
    const item = id(r, "item", errors);
    const rater = id(r, "rater", errors);
    let value = r.value;
    if (item === null || rater === null) continue;
    if (value === null || value === undefined || value === "") {
      missing++;
      continue;
    }
    if (numericCsv) {
      const lit = (value as string).trim();
      value = Number(lit);
      if (losesPrecision(lit, value as number)) {
        errors.push(precisionError(r.line, "value", lit));
        continue;
      }
    }
    if (!(typeof value === "string" || (typeof value === "number" && Number.isFinite(value)))) {
      errors.push({
        line: r.line,
        message: `"value" must be a string or a finite number${format === "jsonl" ? " (or null for a missing rating)" : ""}`,
      });
      continue;
    }
    if (!builder.add(item, rater, value)) {
      errors.push({
        line: r.line,
        message: `rater "${rater}" already gave item "${item}" a value on line ${earlierLine(rows, i, item, rater)}`,
      });
    }
  }
  return errors.length
    ? { ok: false, errors }
    : { ok: true, input: { kind: "item", ratings: builder.finish(), missing } };
}

/** The line of the first rating of (item, rater) before row `before` (only for an error: a scan keeps the common path lean). */
function earlierLine(rows: readonly Rec[], before: number, item: string, rater: string): number {
  const same = (v: unknown, s: string) => v === s || (typeof v === "number" && String(v) === s);
  for (let i = 0; i < before; i++) {
    const r = rows[i]!;
    if (same(r.item, item) && same(r.rater, rater) && r.value !== null && r.value !== undefined && r.value !== "")
      return r.line;
  }
  return 0;
}

function offset(r: Rec, key: Key, errors: InputError[]): number | null {
  const raw = r[key];
  const v = typeof raw === "string" && /^\s*\d+\s*$/.test(raw) ? Number(raw) : raw;
  if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 0) {
    errors.push({
      line: r.line,
      message: `"${key}" must be a non-negative whole number of code points, got ${JSON.stringify(raw ?? null)}`,
    });
    return null;
  }
  return v;
}

function spans(rows: Rec[], _format: InputFormat): ParseResult {
  const errors: InputError[] = [];
  const out: Span[] = [];
  const texts = new Map<string, string>();
  const lengths = new Map<string, number>();
  const lines: number[] = [];
  for (const r of rows) {
    if (errors.length >= MAX_ERRORS) break;
    if (r.item !== undefined && r.document === undefined) {
      errors.push({ line: r.line, message: "an item record in a file of span records" });
      continue;
    }
    const document = id(r, "document", errors);
    const rater = id(r, "rater", errors);
    const label = id(r, "label", errors);
    const start = offset(r, "start", errors);
    const end = offset(r, "end", errors);
    if (document === null || rater === null || label === null || start === null || end === null) continue;
    if (end < start) {
      errors.push({ line: r.line, message: `"end" (${end}) is before "start" (${start})` });
      continue;
    }
    const text = r.text;
    if (text !== undefined && text !== null && text !== "") {
      if (typeof text !== "string") errors.push({ line: r.line, message: `"text" must be a string` });
      else if (!setOnce(texts, document, text))
        errors.push({
          line: r.line,
          message: `document "${document}" was given a different "text" on an earlier line`,
        });
    }
    const length = r.length;
    if (length !== undefined && length !== null && length !== "") {
      const n = offset(r, "length", errors);
      if (n !== null && !setOnce(lengths, document, n))
        errors.push({
          line: r.line,
          message: `document "${document}" was given a different "length" on an earlier line`,
        });
    }
    out.push({ document, rater, label, start, end });
    lines.push(r.line);
  }
  if (errors.length) return { ok: false, errors };
  const more = addTexts(texts, lengths);
  if (more.length) return { ok: false, errors: more };
  out.forEach((s, i) => {
    const n = lengths.get(s.document);
    if (n !== undefined && s.end > n && errors.length < MAX_ERRORS)
      errors.push({
        line: lines[i]!,
        message: `span [${s.start}, ${s.end}) ends beyond document "${s.document}" (${n} code points)`,
      });
  });
  return errors.length ? { ok: false, errors } : { ok: true, input: { kind: "span", spans: out, texts, lengths } };
}

function setOnce<T>(map: Map<string, T>, key: string, value: T): boolean {
  const had = map.get(key);
  if (had === undefined) map.set(key, value);
  return had === undefined || had === value;
}

/** Texts give lengths; a length given beside a text must match it. */
function addTexts(texts: Map<string, string>, lengths: Map<string, number>): InputError[] {
  const errors: InputError[] = [];
  for (const [doc, text] of texts) {
    const n = codePointLength(text);
    const given = lengths.get(doc);
    if (given !== undefined && given !== n)
      errors.push({
        line: 0,
        message: `document "${doc}": "length" ${given} differs from its text's ${n} code points`,
      });
    lengths.set(doc, n);
  }
  return errors;
}

/**
 * A `--text FILE`: JSONL `{"document", "text"}` lines, or CSV with `document,text` columns.
 * Texts are used as given (code points of the string as stored in the file).
 */
export function parseTextsFile(
  text: string,
  format: InputFormat = sniffFormat(text),
): { ok: true; texts: Map<string, string> } | { ok: false; errors: InputError[] } {
  const errors: InputError[] = [];
  const texts = new Map<string, string>();
  const add = (line: number, doc: unknown, t: unknown) => {
    if (typeof doc !== "string" || doc === "") errors.push({ line, message: `"document" must be a non-empty string` });
    else if (typeof t !== "string") errors.push({ line, message: `"text" must be a string` });
    else if (!setOnce(texts, doc, t))
      errors.push({ line, message: `document "${doc}" appears twice with different texts` });
  };
  if (format === "jsonl") {
    for (const e of parseJsonl(text)) {
      if (!e.ok) errors.push({ line: e.line, message: `not valid JSON: ${e.message}` });
      else {
        const o = (e.value ?? {}) as Record<string, unknown>;
        add(e.line, o.document, o.text);
      }
    }
  } else {
    const parsed = parseCsv(text);
    if (!parsed.ok)
      return { ok: false, errors: [{ line: parsed.error.line, message: `CSV: ${parsed.error.message}` }] };
    const [header = [], ...rows] = parsed.rows;
    const cols = header.map((h) => h.trim().toLowerCase());
    if (!cols.includes("document") || !cols.includes("text"))
      return { ok: false, errors: [{ line: 1, message: "the header must name the columns document,text" }] };
    let line = 1 + newlines(header) + 1;
    for (const r of rows) {
      const at = line;
      line += 1 + newlines(r);
      if (r.length === 1 && r[0] === "") continue;
      add(at, r[cols.indexOf("document")], r[cols.indexOf("text")]);
    }
  }
  return errors.length ? { ok: false, errors } : { ok: true, texts };
}

/** Merges texts from `--text` into span input (a text given in both places must match). */
export function withTexts(input: Extract<AgreementInput, { kind: "span" }>, texts: Map<string, string>): InputError[] {
  const errors: InputError[] = [];
  for (const [doc, t] of texts) {
    const had = input.texts.get(doc);
    if (had !== undefined && had !== t)
      errors.push({
        line: 0,
        message: `document "${doc}": the text file's text differs from the input's "text" field`,
      });
    else input.texts.set(doc, t);
  }
  const more = addTexts(input.texts, input.lengths);
  if (errors.length || more.length) return [...errors, ...more];
  for (const s of input.spans) {
    const n = input.lengths.get(s.document);
    if (n !== undefined && s.end > n) {
      errors.push({
        line: 0,
        message: `a span [${s.start}, ${s.end}) of "${s.rater}" ends beyond document "${s.document}" (${n} code points)`,
      });
      if (errors.length >= MAX_ERRORS) break;
    }
  }
  return errors;
}
