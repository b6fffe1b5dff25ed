import "server-only";
import { ZId } from "@/lib/schemas/common";
import { parseCsv } from "@/lib/domain/dataset/csv";
import type { Prisma } from "@/lib/generated/sqlite/client";
import { ZCreateArticle } from "@/lib/schemas/article";
import type { Actor } from "../actor";
import { articleRow, nextPosition } from "../articles/article-row";
import { requireProject } from "../projects/access";
import { db } from "../db";
import { AppError, invalid } from "../errors";
import { DatasetImportError, type ImportIssue, assertImportSize } from "./issues";
import { numberedLines } from "./lines";

export type ArticleFileFormat = "auto" | "txt" | "csv" | "jsonl";
/** `format` overrides the call's format for this file. */
export type ArticleFile = { name: string; content: string; format?: ArticleFileFormat };

export type ImportArticlesOptions = {
  /** Skip bad rows (and unreadable files) and import the rest; default: any problem imports nothing. */
  skipBadRows?: boolean;
  /** Format of every file; "auto" (default) goes by extension: .csv, .jsonl/.ndjson, anything else is one text article. */
  format?: ArticleFileFormat;
};

export type ImportArticlesResult = {
  created: { id: string; title: string; file: string; line: number }[];
  /** Rows whose text (after normalisation) is already in the project or earlier in the import. */
  duplicates: { file: string; line: number; title: string; duplicateOf: string }[];
  skipped: ImportIssue[];
};

type Row = { file: string; line: number; fields: Record<string, string> };

const COLUMNS: Record<string, string> = {
  title: "title",
  text: "text",
  source: "source",
  url: "url",
  author: "author",
  published_at: "publishedAt",
  publishedat: "publishedAt",
};

function formatOf(name: string, format: ArticleFileFormat): Exclude<ArticleFileFormat, "auto"> {
  if (format !== "auto") return format;
  const lower = name.toLowerCase();
  if (lower.endsWith(".csv")) return "csv";
  if (lower.endsWith(".jsonl") || lower.endsWith(".ndjson")) return "jsonl";
  return "txt";
}

function baseName(name: string): string {
  const file = name.split(/[\\/]/).pop() ?? name;
  return file.replace(/\.[^.]+$/, "") || file;
}

/**
 * A text file is one article. Its first line is the title when it is short (at most 200 characters) and a
 * blank line follows it, or when it is a Markdown heading ("# Title"); the text is then what follows.
 * Otherwise the title is the file name without extension and the text is the whole file.
 */
export function splitTextFile(name: string, content: string): { title: string; text: string } {
  const src = content.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  const lines = src.split("\n");
  const firstIndex = lines.findIndex((l) => l.trim() !== "");
  const first = lines[firstIndex]?.trim() ?? "";
  const heading = /^#{1,6}\s+(.+)$/.exec(first);
  const blankAfter = (lines[firstIndex + 1] ?? "").trim() === "" && firstIndex + 1 < lines.length;
  if (
    firstIndex >= 0 &&
    (heading || (first.length <= 200 && blankAfter && lines.slice(firstIndex + 1).some((l) => l.trim() !== "")))
  ) {
    return {
      title: (heading?.[1] ?? first).trim(),
      text: lines
        .slice(firstIndex + 1)
        .join("\n")
        .replace(/^\n+/, ""),
    };
  }
  return { title: baseName(name), text: src };
}

function rowsOfCsv(file: ArticleFile, issues: ImportIssue[]): Row[] {
  const parsed = parseCsv(file.content);
  if (!parsed.ok) {
    issues.push({
      file: file.name,
      line: parsed.error.line,
      field: `column ${parsed.error.column}`,
      message: `unreadable CSV: ${parsed.error.message}`,
    });
    return [];
  }
  const [header, ...records] = parsed.rows;
  const keys = (header ?? []).map((h) => COLUMNS[h.trim().toLowerCase()]);
  const unknown = (header ?? []).filter((_, i) => keys[i] === undefined);
  if (!header || unknown.length > 0 || !keys.includes("text") || !keys.includes("title")) {
    issues.push({
      file: file.name,
      line: 1,
      field: "header",
      message: `expected columns title,text[,source,url,author,published_at]${unknown.length ? `; unknown: ${unknown.join(", ")}` : ""}`,
    });
    return [];
  }
  // Physical line of each record: parseCsv counts lines inside quoted fields too.
  let line = 1 + header.reduce((n, f) => n + (f.match(/\n/g)?.length ?? 0), 0) + 1;
  const rows: Row[] = [];
  for (const rec of records) {
    const at = line;
    line += 1 + rec.reduce((n, f) => n + (f.match(/\n/g)?.length ?? 0), 0);
    if (rec.length === 1 && rec[0] === "") continue;
    if (rec.length !== header.length) {
      issues.push({
        file: file.name,
        line: at,
        field: "row",
        message: `expected ${header.length} fields, found ${rec.length}`,
      });
      continue;
    }
    const fields: Record<string, string> = {};
    for (const [i, v] of rec.entries()) fields[keys[i]!] = v;
    rows.push({ file: file.name, line: at, fields });
  }
  return rows;
}

async function rowsOfJsonl(file: ArticleFile, issues: ImportIssue[]): Promise<Row[]> {
  const rows: Row[] = [];
  for await (const { line, text } of numberedLines(file.content)) {
    if (text.trim() === "") continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      issues.push({
        file: file.name,
        line,
        field: "$",
        message: `invalid JSON: ${e instanceof Error ? e.message : String(e)}`,
      });
      continue;
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      issues.push({ file: file.name, line, field: "$", message: "expected an object with title and text" });
      continue;
    }
    const fields: Record<string, string> = {};
    let bad = false;
    for (const [k, v] of Object.entries(value)) {
      const key = COLUMNS[k.toLowerCase()];
      if (!key) {
        issues.push({
          file: file.name,
          line,
          field: k,
          message: "unknown field (expected title, text, source, url, author, published_at)",
        });
        bad = true;
      } else if (v !== null && v !== undefined) fields[key] = typeof v === "string" ? v : String(v);
    }
    if (!bad) rows.push({ file: file.name, line, fields });
  }
  return rows;
}

/**
 * Imports articles from text, Markdown, CSV (title,text,source,url,author,published_at) and JSONL files
 * (same fields) into a project, in one transaction and in the given order. Every row is validated like a
 * single new article (ZCreateArticle); text is normalised (NFC, \n) and rows whose text is already in the
 * project (or earlier in this import) are skipped with a note. Any bad row, or unreadable file, imports
 * nothing and the error lists file and line, unless skipBadRows.
 */
export async function importArticles(
  actor: Actor,
  projectId: string,
  files: ArticleFile[],
  opts: ImportArticlesOptions = {},
): Promise<ImportArticlesResult> {
  if (!ZId.safeParse(projectId).success) throw invalid("projectId", "is not a valid id");
  await requireProject(actor, projectId, "manage");
  const project = await db.project.findUnique({ where: { id: projectId }, select: { id: true } });
  if (!project)
    throw new AppError("NOT_FOUND", "projectId: no such project", [{ field: "projectId", message: "no such project" }]);

  for (const file of files) assertImportSize(file.name, file.content);
  const issues: ImportIssue[] = [];
  const rows: Row[] = [];
  for (const file of files) {
    const format = formatOf(file.name, file.format ?? opts.format ?? "auto");
    if (format === "csv") rows.push(...rowsOfCsv(file, issues));
    else if (format === "jsonl") rows.push(...(await rowsOfJsonl(file, issues)));
    else rows.push({ file: file.name, line: 1, fields: splitTextFile(file.name, file.content) });
  }

  type Valid = { row: Row; data: Omit<Prisma.ArticleCreateManyInput, "position">; hash: string };
  const valid: Valid[] = [];
  for (const row of rows) {
    const parsed = ZCreateArticle.safeParse({ projectId, ...row.fields });
    if (!parsed.success) {
      for (const i of parsed.error.issues)
        issues.push({ file: row.file, line: row.line, field: i.path.join(".") || "$", message: i.message });
      continue;
    }
    const input = parsed.data;
    const stored = articleRow(input.text);
    valid.push({
      row,
      hash: stored.textHash,
      data: {
        projectId,
        title: input.title,
        source: input.source ?? "",
        url: input.url,
        author: input.author ?? null,
        publishedAt: input.publishedAt,
        ...stored,
      },
    });
  }
  if (issues.length > 0 && !opts.skipBadRows) throw new DatasetImportError(issues);

  return db.$transaction(
    async (tx) => {
      const result: ImportArticlesResult = { created: [], duplicates: [], skipped: issues };
      const known = new Map<string, string>();
      const hashes = [...new Set(valid.map((v) => v.hash))];
      for (let i = 0; i < hashes.length; i += 1000) {
        const existing = await tx.article.findMany({
          where: { projectId, textHash: { in: hashes.slice(i, i + 1000) } },
          select: { textHash: true, title: true },
        });
        for (const e of existing) known.set(e.textHash, e.title);
      }
      let position = await nextPosition(tx, projectId);
      const batch: { data: Prisma.ArticleCreateManyInput; row: Row }[] = [];
      for (const v of valid) {
        const dup = known.get(v.hash);
        if (dup !== undefined) {
          result.duplicates.push({ file: v.row.file, line: v.row.line, title: v.data.title, duplicateOf: dup });
          continue;
        }
        known.set(v.hash, v.data.title);
        batch.push({ data: { ...v.data, position: position++ }, row: v.row });
      }
      for (let i = 0; i < batch.length; i += 1000) {
        const part = batch.slice(i, i + 1000);
        await tx.article.createMany({ data: part.map((b) => b.data) });
        const ids = await tx.article.findMany({
          where: { projectId, textHash: { in: part.map((b) => b.data.textHash) } },
          select: { id: true, textHash: true },
        });
        const idOf = new Map(ids.map((a) => [a.textHash, a.id]));
        for (const b of part)
          result.created.push({
            id: idOf.get(b.data.textHash) ?? "",
            title: b.data.title,
            file: b.row.file,
            line: b.row.line,
          });
      }
      return result;
    },
    { timeout: 10 * 60_000, maxWait: 30_000 },
  );
}
