/**
 * BIO tagging and CoNLL output.
 *
 * Design choice for overlapping spans with *different* labels: the default
 * (`toBio`) is one row per token whose `tags` field lists every active tag,
 * sorted by label and joined with "|" (e.g. "B-appeal_to_fear|I-loaded_wording"),
 * or "O". This keeps a single token stream while losing nothing. `toBioPerLabel`
 * gives the alternative layout: one tag column per label, each an ordinary BIO
 * sequence that standard single-label tools can read.
 *
 * Same-label rules: spans of one label whose token ranges overlap (including
 * nesting) are merged into one chunk; spans that merely touch stay separate, so
 * the second starts with B-. A token belongs to a span when they share at least
 * one code point; spans whose boundary cuts through a token are reported as
 * "misaligned", spans covering no token as "no_tokens".
 */
import { tokenize, type Token } from "./tokenize";

export interface BioSpan {
  start: number;
  end: number;
  label: string;
}

export interface BioIssue {
  spanIndex: number;
  kind: "no_tokens" | "misaligned";
}

export interface BioRow {
  token: string;
  start: number;
  end: number;
  /** "O" or tags joined with "|", sorted by label. */
  tags: string;
}

export interface BioPerLabelRow {
  token: string;
  start: number;
  end: number;
  /** One tag ("O", "B-<label>", "I-<label>") per entry of `labels`. */
  tags: string[];
}

type Tag = "O" | "B" | "I";

interface Tagged {
  tokens: Token[];
  byLabel: Map<string, Tag[]>;
  issues: BioIssue[];
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** First token index with token.end > offset. */
function firstEndingAfter(tokens: readonly Token[], offset: number): number {
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((tokens[mid]?.end ?? 0) > offset) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** First token index with token.start >= offset. */
function firstStartingAt(tokens: readonly Token[], offset: number): number {
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((tokens[mid]?.start ?? 0) >= offset) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function validateLabel(label: string): void {
  if (label === "" || /[\s|]/u.test(label)) {
    throw new RangeError(`BIO label "${label}" must be non-empty without whitespace or "|"`);
  }
}

function tag(text: string, spans: readonly BioSpan[], labels?: readonly string[]): Tagged {
  const tokens = tokenize(text);
  const issues: BioIssue[] = [];
  const ranges = new Map<string, [number, number][]>();
  for (const l of labels ?? []) {
    validateLabel(l);
    ranges.set(l, []);
  }
  // Code-point length, only needed for validation.
  let length = 0;
  for (const _ of text) length++;

  spans.forEach((s, spanIndex) => {
    if (
      !Number.isSafeInteger(s.start) ||
      !Number.isSafeInteger(s.end) ||
      s.start < 0 ||
      s.start >= s.end ||
      s.end > length
    ) {
      throw new RangeError(`span ${spanIndex} [${s.start}, ${s.end}) is not a non-empty range within 0..${length}`);
    }
    validateLabel(s.label);
    let list = ranges.get(s.label);
    if (!list) {
      if (labels) throw new RangeError(`span ${spanIndex} has label "${s.label}" not in the label list`);
      list = [];
      ranges.set(s.label, list);
    }
    const ti = firstEndingAfter(tokens, s.start);
    const tj = firstStartingAt(tokens, s.end);
    if (ti >= tj) {
      issues.push({ spanIndex, kind: "no_tokens" });
      return;
    }
    const first = tokens[ti];
    const last = tokens[tj - 1];
    if ((first && first.start < s.start) || (last && last.end > s.end)) issues.push({ spanIndex, kind: "misaligned" });
    list.push([ti, tj]);
  });

  const byLabel = new Map<string, Tag[]>();
  for (const label of [...ranges.keys()].sort(compareStrings)) {
    const tags: Tag[] = new Array<Tag>(tokens.length).fill("O");
    const sorted = (ranges.get(label) ?? []).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    let cur: [number, number] | undefined;
    const flush = (r: [number, number]) => {
      tags[r[0]] = "B";
      for (let k = r[0] + 1; k < r[1]; k++) tags[k] = "I";
    };
    for (const r of sorted) {
      if (cur && r[0] < cur[1]) cur[1] = Math.max(cur[1], r[1]);
      else {
        if (cur) flush(cur);
        cur = [r[0], r[1]];
      }
    }
    if (cur) flush(cur);
    byLabel.set(label, tags);
  }
  return { tokens, byLabel, issues };
}

/** Multi-label BIO: one row per token, all active tags in one field. */
export function toBio(text: string, spans: readonly BioSpan[]): { rows: BioRow[]; issues: BioIssue[] } {
  const { tokens, byLabel, issues } = tag(text, spans);
  const rows = tokens.map((t, i) => {
    const active: string[] = [];
    for (const [label, tags] of byLabel) {
      const tg = tags[i];
      if (tg && tg !== "O") active.push(`${tg}-${label}`);
    }
    return { token: t.text, start: t.start, end: t.end, tags: active.length ? active.join("|") : "O" };
  });
  return { rows, issues };
}

/**
 * One BIO column per label. `labels` fixes the columns (e.g. the whole taxonomy,
 * so unused labels give all-"O" columns); by default the sorted labels present.
 */
export function toBioPerLabel(
  text: string,
  spans: readonly BioSpan[],
  labels?: readonly string[],
): { labels: string[]; rows: BioPerLabelRow[]; issues: BioIssue[] } {
  const { tokens, byLabel, issues } = tag(text, spans, labels);
  const cols = labels ? [...labels] : [...byLabel.keys()];
  const rows = tokens.map((t, i) => ({
    token: t.text,
    start: t.start,
    end: t.end,
    tags: cols.map((l) => {
      const tg = byLabel.get(l)?.[i] ?? "O";
      return tg === "O" ? "O" : `${tg}-${l}`;
    }),
  }));
  return { labels: cols, rows, issues };
}

export interface ConllOptions {
  /** "multi" (default): token<TAB>tags; "perLabel": token<TAB>tag per label. */
  mode?: "multi" | "perLabel";
  /** perLabel columns; default: sorted union of labels over all documents. */
  labels?: readonly string[];
  /** "line" (default): a new sentence wherever the text has a line break; "document": none. */
  split?: "line" | "document";
}

/**
 * CoNLL-style text: one `token\ttag(s)` line per token, "\n" line endings, and a
 * blank line after every sentence and document (so non-empty output ends "\n\n").
 * Tokens never contain whitespace, so no escaping is needed.
 */
export function toConll(docs: readonly { text: string; spans: readonly BioSpan[] }[], opts: ConllOptions = {}): string {
  const mode = opts.mode ?? "multi";
  const labels = opts.labels ?? [...new Set(docs.flatMap((d) => d.spans.map((s) => s.label)))].sort(compareStrings);
  const out: string[] = [];
  for (const doc of docs) {
    const tokens = tokenize(doc.text);
    const tagCols: string[] =
      mode === "multi"
        ? toBio(doc.text, doc.spans).rows.map((r) => r.tags)
        : toBioPerLabel(doc.text, doc.spans, labels).rows.map((r) => r.tags.join("\t"));
    let open = false;
    tokens.forEach((t, i) => {
      if (open && t.lineBreakBefore && opts.split !== "document") out.push("");
      out.push(`${t.text}\t${tagCols[i] ?? "O"}`);
      open = true;
    });
    if (open) out.push("");
  }
  return out.length ? `${out.join("\n")}\n` : "";
}
