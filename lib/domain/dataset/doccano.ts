/**
 * doccano sequence-labelling export importer.
 *
 * Accepts JSONL (one record per line) or a JSON array of records, each with a
 * string `text` and spans as either
 *   label / labels: [[start, end, "LABEL"], ...]                (doccano ≤ 1.5)
 *   entities / annotations: [{start_offset, end_offset, label, user?}, ...]
 * doccano is written in Python, so offsets are already code points of the raw
 * text; they are only remapped through normalisation (CRLF -> "\n", NFC).
 */
import { parseJsonl } from "./jsonl";
import { ArticleBuilder, WIDENED, idString, isRecord, type ImportIssue, type ImportResult } from "./foreign-common";

type Where = { line: number } | { task: number };

export function importDoccano(input: string): ImportResult {
  const errors: ImportIssue[] = [];
  const warnings: ImportIssue[] = [];
  const articles: ImportResult["articles"] = [];
  const records: [Where, unknown][] = [];

  const trimmed = input.replace(/^\uFEFF/, "").trimStart();
  let asArray: unknown;
  if (trimmed.startsWith("[")) {
    try {
      asArray = JSON.parse(trimmed);
    } catch {
      asArray = undefined; // fall through to JSONL, which reports the line
    }
  }
  if (Array.isArray(asArray)) {
    for (const [task, r] of (asArray as unknown[]).entries()) records.push([{ task }, r]);
  } else {
    for (const e of parseJsonl(input)) {
      if (e.ok) records.push([{ line: e.line }, e.value]);
      else errors.push({ line: e.line, field: "$", message: `invalid JSON: ${e.message}` });
    }
  }

  for (const [where, rec] of records) {
    const err = (field: string, message: string) => errors.push({ ...where, field, message });
    const warn = (field: string, message: string) => warnings.push({ ...where, field, message });
    if (!isRecord(rec)) {
      err("$", "record is not an object");
      continue;
    }
    if (typeof rec.text !== "string") {
      err("text", "missing or not a string");
      continue;
    }
    const article = new ArticleBuilder(rec.text);
    const add = (field: string, start: unknown, end: unknown, label: unknown, user: unknown) => {
      const name = idString(label);
      if (name === undefined) return err(field, "label must be a string");
      const placed = article.place(start, end, undefined);
      if ("error" in placed) return err(field, placed.error);
      if (placed.widened) warn(field, WIDENED);
      const rater = idString(user);
      article.spans.push({ ...placed.span, label: name, ...(rater !== undefined && { rater }) });
    };

    for (const key of ["label", "labels"] as const) {
      const list = rec[key];
      if (list === undefined) continue;
      if (!Array.isArray(list)) {
        err(key, "not an array");
        continue;
      }
      for (const [i, item] of (list as unknown[]).entries()) {
        const f = `${key}[${i}]`;
        if (typeof item === "string") err(f, "a bare label: text-classification export, not spans");
        else if (!Array.isArray(item) || item.length !== 3) err(f, "expected [start, end, label]");
        else add(f, item[0], item[1], item[2], undefined);
      }
    }
    for (const key of ["entities", "annotations"] as const) {
      const list = rec[key];
      if (list === undefined) continue;
      if (!Array.isArray(list)) {
        err(key, "not an array");
        continue;
      }
      for (const [i, item] of (list as unknown[]).entries()) {
        const f = `${key}[${i}]`;
        if (!isRecord(item)) err(f, "not an object");
        else add(f, item.start_offset, item.end_offset, item.label, item.user);
      }
    }
    articles.push(article.build(idString(rec.id)));
  }
  return { articles, errors, warnings };
}
