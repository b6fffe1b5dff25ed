/**
 * JSON Lines (https://jsonlines.org): one JSON value per "\n"-terminated line.
 */

/**
 * Serialise one value as a single line, without the trailing "\n".
 * JSON.stringify already escapes control characters (so no raw newlines) and
 * lone surrogates; U+2028/U+2029 are additionally escaped because some line
 * splitters (and pre-ES2019 JavaScript) treat them as line terminators.
 */
export function toJsonlLine(value: unknown): string {
  const json = JSON.stringify(value);
  if (json === undefined) throw new TypeError("toJsonlLine: value is not JSON-serialisable");
  return json.replace(/[\u2028\u2029]/g, (c) => (c === "\u2028" ? "\\u2028" : "\\u2029"));
}

export type JsonlEntry = { ok: true; line: number; value: unknown } | { ok: false; line: number; message: string };

/**
 * Parse JSONL, yielding one entry per non-blank line with its 1-based line number.
 * Accepts LF or CRLF and a leading BOM; blank (whitespace-only) lines are skipped.
 * Lines are split on "\n" only, so raw U+2028/U+2029 inside strings are fine.
 */
export function* parseJsonl(text: string): Generator<JsonlEntry> {
  for (const { line, raw } of jsonlLines(text)) {
    let entry: JsonlEntry;
    try {
      entry = { ok: true, line, value: JSON.parse(raw) as unknown };
    } catch (e) {
      entry = { ok: false, line, message: e instanceof Error ? e.message : String(e) };
    }
    yield entry;
  }
}

/** The non-blank lines of JSONL text as they stand (a "\r" before "\n" and a leading BOM dropped), numbered from 1. */
export function* jsonlLines(text: string): Generator<{ line: number; raw: string }> {
  const src = text.startsWith("\uFEFF") ? text.slice(1) : text;
  let line = 0;
  let pos = 0;
  while (pos < src.length) {
    const nl = src.indexOf("\n", pos);
    const end = nl === -1 ? src.length : nl;
    let raw = src.slice(pos, end);
    pos = end + 1;
    line++;
    if (raw.endsWith("\r")) raw = raw.slice(0, -1);
    if (raw.trim() !== "") yield { line, raw };
  }
}
