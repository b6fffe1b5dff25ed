import { createReadStream, existsSync, readFileSync, statSync } from "node:fs";
import { open } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { decodeUtf8, InvalidUtf8Error } from "@/lib/domain/dataset/utf8";
import { MAX_IMPORT_FILE_BYTES, formatBytes } from "@/lib/schemas/limits";
import { importAnnotations } from "@/lib/server/dataset/import-annotations";
import { importArticles } from "@/lib/server/dataset/import-articles";
import { importGoldCsv } from "@/lib/server/dataset/import-gold-csv";
import { importJsonl } from "@/lib/server/dataset/import-jsonl";
import { DatasetImportError, describeIssue, type ImportIssue } from "@/lib/server/dataset/issues";
import { CLI_ACTOR, type CliIO, type Command, EXIT, UsageError } from "../command";

const FORMATS = ["auto", "txt", "csv", "jsonl", "labelstudio", "doccano", "gold-csv"] as const;
type Format = (typeof FORMATS)[number];
type Kind = "dataset" | "articles-txt" | "articles-csv" | "articles-jsonl" | "labelstudio" | "doccano" | "gold-csv";

const usage = `usage: npm run --silent cli -- import <files...> [options]

  --project ID              target project (required for articles and Label Studio / doccano files)
  --format F                ${FORMATS.join("|")} (default auto: by extension and first line)
                              .txt/.md: one article each; .csv: title,text,source,url,author,published_at;
                              .jsonl: a Framewise dataset export (creates its projects), doccano, or article rows;
                              .json: Label Studio export; a gold CSV export (by its header) restores gold spans
  --skip-bad-rows           import the good rows and list the bad ones (default: any bad row imports nothing)
  --as-user ID|EMAIL        reviewer for imported spans whose annotator is not a known user
  --create-unknown-labels   create labels missing from the taxonomy in a group "Imported"
  --include-predictions     Label Studio: import model predictions too

Articles files are imported together in one transaction; each dataset or annotation file in its own.`;

async function firstLine(file: string): Promise<string> {
  const handle = await open(file, "r");
  try {
    const buf = Buffer.alloc(256 * 1024);
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    const text = buf
      .subarray(0, bytesRead)
      .toString("utf8")
      .replace(/^\uFEFF/, "");
    return text.split("\n").find((l) => l.trim() !== "") ?? "";
  } finally {
    await handle.close();
  }
}

/** A whole file as text; invalid UTF-8 is refused with its byte offset, not read as U+FFFD. */
function readText(file: string): string {
  try {
    return decodeUtf8(readFileSync(file));
  } catch (e) {
    if (e instanceof InvalidUtf8Error) throw new DatasetImportError([{ file, field: "file", message: e.message }]);
    throw e;
  }
}

async function kindOf(file: string, format: Format): Promise<Kind> {
  const ext = path.extname(file).toLowerCase();
  if (format === "labelstudio" || format === "doccano") return format;
  if (format === "txt") return "articles-txt";
  if (format === "gold-csv") return "gold-csv";
  if (format === "csv") return "articles-csv";
  if (format === "auto" && ext === ".json") return "labelstudio";
  if (format === "auto" && ext === ".csv") {
    const header = (await firstLine(file)).split(",");
    return ["source_annotation_ids", "decided_by"].every((c) => header.includes(c)) ? "gold-csv" : "articles-csv";
  }
  if (format === "jsonl" || ext === ".jsonl" || ext === ".ndjson") {
    const line = await firstLine(file);
    let first: unknown;
    try {
      first = JSON.parse(line);
    } catch {
      return "articles-jsonl"; // reported with its line number by the import
    }
    const rec = (typeof first === "object" && first !== null ? first : {}) as Record<string, unknown>;
    if (rec.type === "header") return "dataset";
    if (
      format === "auto" &&
      typeof rec.text === "string" &&
      ["label", "labels", "entities", "annotations"].some((k) => Array.isArray(rec[k]))
    )
      return "doccano";
    return "articles-jsonl";
  }
  return "articles-txt";
}

function report(io: CliIO, title: string, issues: ImportIssue[]): void {
  if (issues.length === 0) return;
  io.stderr.write(`${title} (${issues.length}):\n`);
  for (const i of issues.slice(0, 200)) io.stderr.write(`  ${describeIssue(i)}\n`);
  if (issues.length > 200) io.stderr.write(`  … and ${issues.length - 200} more\n`);
}

function flags(args: string[]) {
  try {
    return parseArgs({
      args,
      strict: true,
      allowPositionals: true,
      options: {
        project: { type: "string" },
        format: { type: "string", default: "auto" },
        "skip-bad-rows": { type: "boolean", default: false },
        "as-user": { type: "string" },
        "create-unknown-labels": { type: "boolean", default: false },
        "include-predictions": { type: "boolean", default: false },
      },
    });
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
}

async function run(args: string[], io: CliIO): Promise<number> {
  const { values, positionals: files } = flags(args);
  const format = values.format as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(", ")}`);
  if (files.length === 0) throw new UsageError("no files given");
  for (const f of files) if (!existsSync(f) || !statSync(f).isFile()) throw new UsageError(`no such file: ${f}`);
  const skipBadRows = values["skip-bad-rows"];

  const kinds = await Promise.all(files.map(async (f) => [f, await kindOf(f, format)] as const));
  for (const [f, k] of kinds) {
    const size = statSync(f).size;
    // Whole-file imports are read into memory; only a JSONL dataset is streamed line by line.
    if (k !== "dataset" && size > MAX_IMPORT_FILE_BYTES)
      throw new UsageError(
        `${f}: is ${formatBytes(size)}; a file imported whole may be at most ${formatBytes(MAX_IMPORT_FILE_BYTES)} (split it)`,
      );
  }
  const needsProject = kinds.filter(([, k]) => k !== "dataset" && k !== "gold-csv").map(([f]) => f);
  if (needsProject.length > 0 && !values.project)
    throw new UsageError(`--project is required for ${needsProject.join(", ")}`);

  for (const [file, kind] of kinds) {
    if (kind !== "dataset") continue;
    io.progress(`importing dataset ${file} …`);
    const started = Date.now();
    const result = await importJsonl(
      CLI_ACTOR,
      createReadStream(file, { highWaterMark: 1 << 20 }) /* bytes: decoded strictly by the import */,
      {
        skipBadRows,
        onProgress: (line) =>
          io.progress(`  … line ${line.toLocaleString("en")} (${((Date.now() - started) / 1000).toFixed(0)} s)`),
      },
    );
    const created = Object.entries(result.created)
      .map(([t, n]) => `${n} ${t}`)
      .join(", ");
    io.stdout.write(
      `${file}: created ${created || "nothing"}; projects ${result.projects.map((p) => `${p.name} (${p.id})`).join(", ")}; ${result.usersMatched} user(s) matched by email; ${result.idsChanged} id(s) changed\n`,
    );
    report(io, `${file}: skipped lines`, result.skipped);
  }

  const articleFiles = kinds.filter(([, k]) => k.startsWith("articles-"));
  if (articleFiles.length > 0 && values.project) {
    const formatOf = { "articles-csv": "csv", "articles-jsonl": "jsonl", "articles-txt": "txt" } as const;
    const loaded = articleFiles.map(([f, k]) => ({
      name: f,
      content: readText(f),
      format: formatOf[k as keyof typeof formatOf],
    }));
    const result = await importArticles(CLI_ACTOR, values.project, loaded, { skipBadRows });
    io.stdout.write(`articles: ${result.created.length} created, ${result.duplicates.length} duplicate(s) skipped\n`);
    for (const d of result.duplicates)
      io.stderr.write(`  ${d.file} line ${d.line}: "${d.title}" has the same text as "${d.duplicateOf}"; skipped\n`);
    report(io, "articles: skipped rows", result.skipped);
  }

  for (const [file, kind] of kinds) {
    if (kind !== "labelstudio" && kind !== "doccano") continue;
    const result = await importAnnotations(CLI_ACTOR, values.project!, kind, readText(file), {
      skipBadRows,
      createUnknownLabels: values["create-unknown-labels"],
      includePredictions: values["include-predictions"],
      ...(values["as-user"] && { asUser: values["as-user"] }),
    });
    io.stdout.write(
      `${file}: ${result.spansCreated} span(s) created, ${result.duplicatesSkipped} duplicate(s) skipped; articles ${result.articlesCreated} created, ${result.articlesMatched} matched` +
        `${result.labelsCreated.length ? `; labels created: ${result.labelsCreated.join(", ")}` : ""}\n`,
    );
    report(io, `${file}: warnings`, result.warnings);
    report(io, `${file}: skipped`, result.skipped);
  }
  for (const [file, kind] of kinds) {
    if (kind !== "gold-csv") continue;
    const result = await importGoldCsv(CLI_ACTOR, readText(file), { file });
    io.stdout.write(`${file}: ${result.created} gold span(s) created, ${result.unchanged} already in gold\n`);
  }
  return EXIT.ok;
}

export default {
  name: "import",
  summary: "import articles (txt, md, csv, jsonl), a JSONL dataset, Label Studio / doccano spans, or a gold CSV",
  usage,
  run,
} satisfies Command;
