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
import { parseJsonl } from "../../dataset/jsonl";
import type { RatingRecord } from "../item";
import { codePointLength, type Span } from "../spans";

/** `line` is 1-based; 0 when the problem is not on one line (e.g. a text file disagreeing with the input). */
export type InputError = { line: number; message: string };

export type AgreementInput =
  | { kind: "item"; records: RatingRecord[]; missing: number }
  | { kind: "span"; spans: Span[]; texts: Map<string, string>; lengths: Map<string, number> };

export type ParseResult = { ok: true; input: AgreementInput } | { ok: false; errors: InputError[] };

export type InputFormat = "jsonl" | "csv";

const MAX_ERRORS = 50;
const NUMBER = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;
const ITEM_KEYS = ["item", "rater", "value"] as const;
const SPAN_KEYS = ["document", "rater", "label", "start", "end"] as const;

/** JSONL when the first non-blank character is `{`, else CSV (unless the caller knows). */
export function sniffFormat(text: string): InputFormat {
  const first = text.replace(/^\uFEFF/, "").trimStart()[0];
  return first === "{" ? "jsonl" : "csv";
}

type Raw = { line: number; get(key: string): unknown; has(key: string): boolean };

export function parseAgreementInput(text: string, format: InputFormat = sniffFormat(text)): ParseResult {
  const errors: InputError[] = [];
  const rows: Raw[] = [];
  if (format === "jsonl") {
    for (const e of parseJsonl(text)) {
      if (!e.ok) errors.push({ line: e.line, message: `not valid JSON: ${e.message}` });
      else if (typeof e.value !== "object" || e.value === null || Array.isArray(e.value)) errors.push({ line: e.line, message: "expected a JSON object" });
      else {
        const o = e.value as Record<string, unknown>;
        rows.push({ line: e.line, get: (k) => o[k], has: (k) => Object.hasOwn(o, k) });
      }
      if (errors.length >= MAX_ERRORS) break;
    }
  } else {
    const parsed = parseCsv(text);
    if (!parsed.ok) return { ok: false, errors: [{ line: parsed.error.line, message: `CSV: ${parsed.error.message} (column ${parsed.error.column})` }] };
    const [header, ...records] = parsed.rows;
    if (!header) return { ok: false, errors: [{ line: 1, message: "the file is empty" }] };
    const cols = header.map((h) => h.trim().toLowerCase());
    let line = 1 + newlines(header) + 1;
    for (const r of records) {
      const at = line;
      line += 1 + newlines(r);
      if (r.length === 1 && r[0] === "") continue; // blank line
      if (r.length !== cols.length) {
        errors.push({ line: at, message: `expected ${cols.length} fields as in the header, found ${r.length}` });
        continue;
      }
      rows.push({ line: at, get: (k) => (cols.includes(k) ? r[cols.indexOf(k)] : undefined), has: (k) => cols.includes(k) });
    }
    if (records.length === 0) errors.push({ line: 1, message: "no records after the header" });
    const known = [...ITEM_KEYS].every((k) => cols.includes(k)) || [...SPAN_KEYS].every((k) => cols.includes(k));
    if (!known) return { ok: false, errors: [{ line: 1, message: `the header must name the columns ${ITEM_KEYS.join(",")} (item records) or ${SPAN_KEYS.join(",")} (span records); found ${cols.join(",")}` }] };
    // CSV numbers: all-or-nothing over the file's value cells.
    if (cols.includes("value") && !cols.includes("document")) {
      const cells = rows.map((r) => r.get("value") as string).filter((v) => v !== "");
      if (cells.length > 0 && cells.every((v) => NUMBER.test(v.trim()))) {
        for (const r of rows) {
          const get = r.get;
          r.get = (k) => {
            const v = get(k);
            return k === "value" && typeof v === "string" && v !== "" ? Number(v.trim()) : v;
          };
        }
      }
    }
  }
  const first = rows[0];
  if (!first) return { ok: false, errors: errors.length ? errors : [{ line: 1, message: "no records" }] };
  const kind = first.has("document") ? "span" : first.has("item") ? "item" : null;
  if (!kind) return { ok: false, errors: [...errors, { line: first.line, message: `cannot tell the kind of record: give "item", "rater", "value" or "document", "rater", "label", "start", "end"` }] };
  // Every problem of the file at once, in line order (syntax errors and record errors alike).
  const result = kind === "item" ? items(rows, format) : spans(rows, format);
  if (errors.length === 0) return result;
  const all = [...errors, ...(result.ok ? [] : result.errors)].sort((a, b) => a.line - b.line);
  return { ok: false, errors: all.slice(0, MAX_ERRORS) };
}

function newlines(row: readonly string[]): number {
  let n = 0;
  for (const f of row) for (let i = f.indexOf("\n"); i !== -1; i = f.indexOf("\n", i + 1)) n++;
  return n;
}

function id(r: Raw, key: string, errors: InputError[]): string | null {
  const v = r.get(key);
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  if (typeof v !== "string" || v.trim() === "") {
    errors.push({ line: r.line, message: `"${key}" must be a non-empty string${v === undefined ? " (missing)" : ""}` });
    return null;
  }
  return v;
}

function items(rows: Raw[], format: InputFormat): ParseResult {
  const errors: InputError[] = [];
  const records: RatingRecord[] = [];
  const seen = new Map<string, number>();
  let missing = 0;
  for (const r of rows) {
    if (errors.length >= MAX_ERRORS) break;
    if (r.has("document")) {
      errors.push({ line: r.line, message: "a span record in a file of item records" });
      continue;
    }
    const item = id(r, "item", errors);
    const rater = id(r, "rater", errors);
    const value = r.get("value");
    if (item === null || rater === null) continue;
    if (value === null || value === undefined || value === "") {
      missing++;
      continue;
    }
    if (!(typeof value === "string" || (typeof value === "number" && Number.isFinite(value)))) {
      errors.push({ line: r.line, message: `"value" must be a string or a finite number${format === "jsonl" ? " (or null for a missing rating)" : ""}` });
      continue;
    }
    const key = `${item}\u0000${rater}`;
    const before = seen.get(key);
    if (before !== undefined) {
      errors.push({ line: r.line, message: `rater "${rater}" already gave item "${item}" a value on line ${before}` });
      continue;
    }
    seen.set(key, r.line);
    records.push({ item, rater, value });
  }
  return errors.length ? { ok: false, errors } : { ok: true, input: { kind: "item", records, missing } };
}

function offset(r: Raw, key: string, errors: InputError[]): number | null {
  const raw = r.get(key);
  const v = typeof raw === "string" && /^\s*\d+\s*$/.test(raw) ? Number(raw) : raw;
  if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 0) {
    errors.push({ line: r.line, message: `"${key}" must be a non-negative whole number of code points, got ${JSON.stringify(raw ?? null)}` });
    return null;
  }
  return v;
}

function spans(rows: Raw[], _format: InputFormat): ParseResult {
  const errors: InputError[] = [];
  const out: Span[] = [];
  const texts = new Map<string, string>();
  const lengths = new Map<string, number>();
  const lines: number[] = [];
  for (const r of rows) {
    if (errors.length >= MAX_ERRORS) break;
    if (r.has("item") && !r.has("document")) {
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
    const text = r.get("text");
    if (text !== undefined && text !== null && text !== "") {
      if (typeof text !== "string") errors.push({ line: r.line, message: `"text" must be a string` });
      else if (!setOnce(texts, document, text)) errors.push({ line: r.line, message: `document "${document}" was given a different "text" on an earlier line` });
    }
    const length = r.get("length");
    if (length !== undefined && length !== null && length !== "") {
      const n = offset(r, "length", errors);
      if (n !== null && !setOnce(lengths, document, n)) errors.push({ line: r.line, message: `document "${document}" was given a different "length" on an earlier line` });
    }
    out.push({ document, rater, label, start, end });
    lines.push(r.line);
  }
  if (errors.length) return { ok: false, errors };
  const more = addTexts(texts, lengths);
  if (more.length) return { ok: false, errors: more };
  out.forEach((s, i) => {
    const n = lengths.get(s.document);
    if (n !== undefined && s.end > n && errors.length < MAX_ERRORS) errors.push({ line: lines[i]!, message: `span [${s.start}, ${s.end}) ends beyond document "${s.document}" (${n} code points)` });
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
    if (given !== undefined && given !== n) errors.push({ line: 0, message: `document "${doc}": "length" ${given} differs from its text's ${n} code points` });
    lengths.set(doc, n);
  }
  return errors;
}

/**
 * A `--text FILE`: JSONL `{"document", "text"}` lines, or CSV with `document,text` columns.
 * Texts are used as given (code points of the string as stored in the file).
 */
export function parseTextsFile(text: string, format: InputFormat = sniffFormat(text)): { ok: true; texts: Map<string, string> } | { ok: false; errors: InputError[] } {
  const errors: InputError[] = [];
  const texts = new Map<string, string>();
  const add = (line: number, doc: unknown, t: unknown) => {
    if (typeof doc !== "string" || doc === "") errors.push({ line, message: `"document" must be a non-empty string` });
    else if (typeof t !== "string") errors.push({ line, message: `"text" must be a string` });
    else if (!setOnce(texts, doc, t)) errors.push({ line, message: `document "${doc}" appears twice with different texts` });
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
    if (!parsed.ok) return { ok: false, errors: [{ line: parsed.error.line, message: `CSV: ${parsed.error.message}` }] };
    const [header = [], ...rows] = parsed.rows;
    const cols = header.map((h) => h.trim().toLowerCase());
    if (!cols.includes("document") || !cols.includes("text")) return { ok: false, errors: [{ line: 1, message: "the header must name the columns document,text" }] };
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
    if (had !== undefined && had !== t) errors.push({ line: 0, message: `document "${doc}": the text file's text differs from the input's "text" field` });
    else input.texts.set(doc, t);
  }
  const more = addTexts(input.texts, input.lengths);
  if (errors.length || more.length) return [...errors, ...more];
  for (const s of input.spans) {
    const n = input.lengths.get(s.document);
    if (n !== undefined && s.end > n) {
      errors.push({ line: 0, message: `a span [${s.start}, ${s.end}) of "${s.rater}" ends beyond document "${s.document}" (${n} code points)` });
      if (errors.length >= MAX_ERRORS) break;
    }
  }
  return errors;
}
