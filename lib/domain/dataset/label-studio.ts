/**
 * Label Studio JSON export importer (array of tasks, "labels" results only).
 *
 * Label Studio offsets are JavaScript string indices (UTF-16 code units) into
 * `data.text`; they are converted to code points, then through text normalisation.
 * Pre-annotations produced by Python scripts often carry code-point offsets
 * instead: when the UTF-16 reading contradicts `value.text` but a code-point
 * reading matches it, the span is kept with a warning.
 */
import { utf16ToCodePoints } from "../offsets/code-points";
import { ArticleBuilder, WIDENED, idString, isRecord, type ImportIssue, type ImportResult } from "./foreign-common";

export interface LabelStudioOptions {
  /** Key of the text in `task.data` (default "text"). */
  textField?: string;
  /** Import `predictions` as well as `annotations` (default true). */
  includePredictions?: boolean;
}

export function importLabelStudio(input: unknown, opts: LabelStudioOptions = {}): ImportResult {
  const errors: ImportIssue[] = [];
  const warnings: ImportIssue[] = [];
  const articles: ImportResult["articles"] = [];
  let tasks: unknown = input;
  if (typeof input === "string") {
    try {
      tasks = JSON.parse(input.replace(/^\uFEFF/, ""));
    } catch (e) {
      errors.push({ field: "$", message: `invalid JSON: ${e instanceof Error ? e.message : String(e)}` });
      return { articles, errors, warnings };
    }
  }
  if (!Array.isArray(tasks)) {
    errors.push({ field: "$", message: "expected a JSON array of tasks (Label Studio JSON export)" });
    return { articles, errors, warnings };
  }
  const textField = opts.textField ?? "text";

  for (const [ti, task] of (tasks as unknown[]).entries()) {
    const err = (field: string, message: string) => errors.push({ task: ti, field, message });
    const warn = (field: string, message: string) => warnings.push({ task: ti, field, message });
    if (!isRecord(task) || !isRecord(task.data)) {
      err("data", "task has no data object");
      continue;
    }
    const raw = task.data[textField];
    if (typeof raw !== "string") {
      err(`data.${textField}`, "missing or not a string");
      continue;
    }
    const article = new ArticleBuilder(raw);
    const toCp = utf16ToCodePoints(raw);

    const groups: [string, "annotation" | "prediction"][] = [["annotations", "annotation"]];
    if (opts.includePredictions !== false) groups.push(["predictions", "prediction"]);
    for (const [key, origin] of groups) {
      const list = task[key];
      if (list === undefined) continue;
      if (!Array.isArray(list)) {
        err(key, "not an array");
        continue;
      }
      for (const [ai, ann] of (list as unknown[]).entries()) {
        const at = `${key}[${ai}]`;
        if (!isRecord(ann)) {
          err(at, "not an object");
          continue;
        }
        if (ann.was_cancelled === true) {
          warn(at, "cancelled annotation skipped");
          continue;
        }
        const by = ann.completed_by;
        const rater =
          origin === "prediction"
            ? idString(ann.model_version)
            : (idString(by) ?? (isRecord(by) ? (idString(by.id) ?? idString(by.email)) : undefined));
        if (!Array.isArray(ann.result)) {
          err(`${at}.result`, "missing or not an array");
          continue;
        }
        for (const [ri, r] of (ann.result as unknown[]).entries()) {
          const rf = `${at}.result[${ri}]`;
          if (!isRecord(r)) {
            err(rf, "not an object");
            continue;
          }
          if (r.type !== "labels") {
            warn(`${rf}.type`, `result type ${JSON.stringify(r.type)} ignored`);
            continue;
          }
          const v = r.value;
          if (!isRecord(v)) {
            err(`${rf}.value`, "missing");
            continue;
          }
          const labels = v.labels;
          if (!Array.isArray(labels) || labels.length === 0 || !labels.every((l) => typeof l === "string")) {
            err(`${rf}.value.labels`, "expected a non-empty array of strings");
            continue;
          }
          if (v.text !== undefined && typeof v.text !== "string") {
            err(`${rf}.value.text`, "not a string");
            continue;
          }
          const quote = v.text as string | undefined;
          const s16 = typeof v.start === "number" ? toCp(v.start) : null;
          const e16 = typeof v.end === "number" ? toCp(v.end) : null;
          if (!s16 || !e16) {
            err(`${rf}.value`, "start/end must be integers within the text (UTF-16 units)");
            continue;
          }
          let placed = article.place(s16.offset, e16.split ? e16.offset + 1 : e16.offset, quote);
          let widened = s16.split || e16.split;
          if ("error" in placed && quote !== undefined) {
            const asCp = article.place(v.start, v.end, quote);
            if (!("error" in asCp)) {
              warn(
                `${rf}.value`,
                "offsets match value.text only as code points, not UTF-16 units; read as code points",
              );
              placed = asCp;
              widened = false;
            }
          }
          if ("error" in placed) {
            err(`${rf}.value`, placed.error);
            continue;
          }
          if (widened || placed.widened) warn(`${rf}.value`, WIDENED);
          const group = typeof r.from_name === "string" ? r.from_name : undefined;
          for (const label of labels as string[]) {
            article.spans.push({
              ...placed.span,
              label,
              ...(rater !== undefined && { rater }),
              ...(group !== undefined && { group }),
              origin,
            });
          }
        }
      }
    }
    articles.push(article.build(idString(task.id)));
  }
  return { articles, errors, warnings };
}
