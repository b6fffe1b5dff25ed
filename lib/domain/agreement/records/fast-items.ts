/**
 * The common item file read straight into the ratings index, without a record object per line:
 * JSONL lines `{"item":…,"rater":…,"value":…}` as JSON.stringify writes them, and CSV without quotes
 * or carriage returns. 10 raters x 100,000 items parse in a fraction of the general path's time and
 * memory (bench/agreement-cli.bench.ts).
 *
 * It only ever accepts a file the general path (parse.ts) accepts, with the same result; anything it
 * does not handle, or any problem in the file, returns null and the general path reads the file again
 * and words the errors with their line numbers.
 */
import { type PreparedRatings, RatingsBuilder } from "../item/prepare";

export type FastItems = { ratings: PreparedRatings; missing: number };

const NUMBER = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;
/** As parse.ts: a literal with 16 digits in a row may not survive a double; the general path decides. */
const LONG_NUMBER = /[0-9.]{16}/;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

const validId = (s: string): boolean => s !== "" && s.trim() !== "";

/**
 * The text src[start, end) as a string, reusing an earlier equal one when a small table holds it: item ids
 * repeat on consecutive lines, and raters and values are few, so most fields cost a comparison instead of
 * a new string (which the ratings index would hash again and the collector would sweep).
 */
class Interner {
  private readonly slots: (string | undefined)[] = new Array(256);
  /** Whether the last call made a new string (callers check those once). */
  fresh = false;

  get(src: string, start: number, end: number): string {
    const len = end - start;
    const h = len === 0 ? 0 : (len * 31 + src.charCodeAt(start) * 7 + src.charCodeAt(end - 1)) & 255;
    const had = this.slots[h];
    if (had !== undefined && had.length === len && src.startsWith(had, start)) {
      this.fresh = false;
      return had;
    }
    const made = src.slice(start, end);
    this.slots[h] = made;
    this.fresh = true;
    return made;
  }
}

/** Where the last {@link jsonString} or {@link jsonNumber} ended (one past it); module state, not an object per field. */
let scanEnd = 0;

/**
 * The JSON string whose opening quote is at `open`, or null when it holds an escape or a control character
 * (the general path handles those). A string the interner already holds was checked when it was made.
 */
function jsonString(src: string, open: number, limit: number, strings: Interner): string | null {
  const close = src.indexOf('"', open + 1);
  if (close < 0 || close >= limit) return null;
  const value = strings.get(src, open + 1, close);
  if (strings.fresh)
    for (let i = open + 1; i < close; i++) {
      const c = src.charCodeAt(i);
      if (c === BACKSLASH || c < 0x20) return null;
    }
  scanEnd = close + 1;
  return value;
}

/** The end of the run of decimal digits from `from`. */
function digits(src: string, from: number, limit: number): number {
  let j = from;
  while (j < limit) {
    const c = src.charCodeAt(j);
    if (c < 0x30 || c > 0x39) break;
    j++;
  }
  return j;
}

/**
 * The JSON number literal at `at` (strict JSON grammar) as Number reads it, or null when it is not one or
 * has 16 digits in a row (which a double may not hold: the general path decides).
 */
function jsonNumber(src: string, at: number, limit: number): number | null {
  let i = at;
  const negative = src.charCodeAt(i) === 0x2d;
  if (negative) i++;
  const intStart = i;
  if (src.charCodeAt(i) === 0x30) i++;
  else {
    const j = digits(src, i, limit);
    if (j === i) return null;
    i = j;
  }
  const intEnd = i;
  if (src.charCodeAt(i) === 0x2e) {
    const j = digits(src, i + 1, limit);
    if (j === i + 1) return null;
    i = j;
  }
  const e = src.charCodeAt(i);
  if (e === 0x65 || e === 0x45) {
    i++;
    const s = src.charCodeAt(i);
    if (s === 0x2b || s === 0x2d) i++;
    const j = digits(src, i, limit);
    if (j === i) return null;
    i = j;
  }
  scanEnd = i;
  if (i === intEnd && intEnd - intStart <= 15) {
    // A whole number of at most 15 digits: exact in a double, the same as Number gives.
    let n = 0;
    for (let k = intStart; k < intEnd; k++) n = n * 10 + (src.charCodeAt(k) - 0x30);
    return negative ? -n : n;
  }
  const lit = src.slice(at, i);
  if (LONG_NUMBER.test(lit)) return null;
  const n = Number(lit);
  return Number.isFinite(n) ? n : null;
}

/** An id field's value (a string, or a finite number as String gives it), or null. */
function idValue(src: string, at: number, limit: number, strings: Interner): string | null {
  if (src.charCodeAt(at) === QUOTE) {
    const value = jsonString(src, at, limit, strings);
    return value !== null && (!strings.fresh || validId(value)) ? value : null;
  }
  const n = jsonNumber(src, at, limit);
  return n === null ? null : String(n);
}

const ITEM_KEY = '{"item":';
const RATER_KEY = ',"rater":';
const VALUE_KEY = ',"value":';

/** JSONL item records in JSON.stringify's layout (keys item, rater, value in that order, no spaces). */
export function fastJsonlItems(text: string): FastItems | null {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const builder = new RatingsBuilder();
  const items = new Interner();
  const raters = new Interner();
  const values = new Interner();
  let missing = 0;
  let records = 0;
  for (let pos = 0; pos < src.length; ) {
    const nl = src.indexOf("\n", pos);
    let end = nl === -1 ? src.length : nl;
    const next = end + 1;
    if (end > pos && src.charCodeAt(end - 1) === 0x0d) end--;
    if (!src.startsWith(ITEM_KEY, pos)) {
      if (src.slice(pos, end).trim() !== "") return null;
      pos = next;
      continue;
    }
    const item = idValue(src, pos + ITEM_KEY.length, end, items);
    if (item === null || !src.startsWith(RATER_KEY, scanEnd)) return null;
    const rater = idValue(src, scanEnd + RATER_KEY.length, end, raters);
    if (rater === null || !src.startsWith(VALUE_KEY, scanEnd)) return null;
    const at = scanEnd + VALUE_KEY.length;
    let value: string | number | null = null;
    if (src.startsWith("null", at)) scanEnd = at + 4;
    else {
      value = src.charCodeAt(at) === QUOTE ? jsonString(src, at, end, values) : jsonNumber(src, at, end);
      if (value === null) return null;
    }
    if (scanEnd + 1 !== end || src.charCodeAt(scanEnd) !== 0x7d) return null;
    records++;
    if (value === null || value === "") missing++;
    else if (!builder.add(item, rater, value)) return null;
    pos = next;
  }
  return records === 0 ? null : { ratings: builder.finish(), missing };
}

/**
 * CSV item records without quotes or carriage returns, any column order (extra columns ignored). Values
 * are indexed as the strings they are; when every non-empty one is a decimal number (parse.ts's rule),
 * the categories become those numbers.
 */
export function fastCsvItems(text: string): FastItems | null {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (src.includes('"') || src.includes("\r")) return null;
  const headerEnd = src.indexOf("\n");
  if (headerEnd <= 0) return null;
  const cols = src
    .slice(0, headerEnd)
    .split(",")
    .map((h) => h.trim().toLowerCase());
  const atItem = cols.indexOf("item");
  const atRater = cols.indexOf("rater");
  const atValue = cols.indexOf("value");
  if (atItem < 0 || atRater < 0 || atValue < 0 || cols.includes("document")) return null;
  const commas = new Int32Array(cols.length + 1);
  const builder = new RatingsBuilder();
  const items = new Interner();
  const raters = new Interner();
  const values = new Interner();
  /** Per distinct value cell: whether it reads as a decimal number. */
  const numericCell = new Map<string, boolean>();
  let missing = 0;
  let records = 0;
  for (let pos = headerEnd + 1; pos < src.length; ) {
    const nl = src.indexOf("\n", pos);
    const end = nl === -1 ? src.length : nl;
    if (end === pos) {
      pos = end + 1; // a blank line
      continue;
    }
    // Field k spans (commas[k], commas[k + 1]); exactly cols.length - 1 commas before the line's end.
    commas[0] = pos - 1;
    let n = 1;
    for (let c = src.indexOf(",", pos); c !== -1 && c < end; c = src.indexOf(",", c + 1)) {
      if (n === cols.length) return null;
      commas[n++] = c;
    }
    if (n !== cols.length) return null;
    commas[n] = end;
    const item = items.get(src, commas[atItem]! + 1, commas[atItem + 1]!);
    if (items.fresh && !validId(item)) return null;
    const rater = raters.get(src, commas[atRater]! + 1, commas[atRater + 1]!);
    if (raters.fresh && !validId(rater)) return null;
    const value = values.get(src, commas[atValue]! + 1, commas[atValue + 1]!);
    records++;
    pos = end + 1;
    if (value === "") {
      missing++;
      continue;
    }
    if (!numericCell.has(value)) numericCell.set(value, NUMBER.test(value.trim()));
    if (!builder.add(item, rater, value)) return null;
  }
  if (records === 0) return null;
  const numeric = numericCell.size > 0 && [...numericCell.values()].every(Boolean);
  if (numeric && !builder.categoriesToNumbers(toExactNumber)) return null;
  return { ratings: builder.finish(), missing };
}

/** A CSV number cell as parse.ts reads it, or null when the double would lose digits (the general path says so). */
function toExactNumber(cell: string): number | null {
  const lit = cell.trim();
  const n = Number(lit);
  return LONG_NUMBER.test(lit) || !Number.isFinite(n) ? null : n;
}
