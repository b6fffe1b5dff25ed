import "server-only";
import { FORMULA_TRIGGER, parseCsv } from "@/lib/domain/dataset/csv";
import { OffsetIndex, validateSpan } from "@/lib/domain/offsets";
import { MAX_NOTE } from "@/lib/schemas/limits";
import { type Actor, assertAdmin } from "../actor";
import { db } from "../db";
import { GOLD_CSV_COLUMNS } from "./export-gold-csv";
import { DatasetImportError, IssueLog, assertImportSize } from "./issues";

export type ImportGoldCsvResult = { created: number; unchanged: number };

type Column = (typeof GOLD_CSV_COLUMNS)[number];
type Row = Record<Column, string>;
type Gold = {
  articleId: string;
  labelId: string;
  start: number;
  end: number;
  quote: string;
  note: string;
  sourceAnnotationIds: string;
  sourceUserIds: string;
  decidedById: string;
  editedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
};

/** Undoes the export's spreadsheet protection: an apostrophe the Excel-safe export put before a formula sign. */
const unprotect = (cell: string) =>
  cell.startsWith("'") && FORMULA_TRIGGER.test(cell.slice(1)) ? cell.slice(1) : cell;

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?Z$/;
const date = (v: string) => (ISO.test(v) && !Number.isNaN(Date.parse(v)) ? new Date(v) : null);
const offset = (v: string) => (/^\d{1,9}$/.test(v) ? Number(v) : null);

/**
 * Reads back a gold CSV written by `exportGoldCsv` (raw or Excel-safe, with or without its BOM) and
 * restores its gold spans: articles by id, labels by group and name in the article's project, offsets
 * checked against the stored text with the quote, provenance by the reviewer spans named in
 * source_annotation_ids (which must be on that article; their authors become the source reviewers,
 * so a pseudonymised source_reviewers column is not needed), decided_by a user id. A span already in
 * gold (same article, label and offsets) is left as it is. Every row is checked first; any problem
 * refuses the whole file, listing each as "line N: field: reason", and nothing changes.
 * support and article_reviewers are derived figures and are not read.
 */
export async function importGoldCsv(
  actor: Actor,
  content: string,
  opts: { file?: string } = {},
): Promise<ImportGoldCsvResult> {
  assertAdmin(actor);
  const file = opts.file ?? "gold.csv";
  assertImportSize(file, content);
  const log = new IssueLog();
  const fail = (line: number, field: string, message: string) => log.add({ file, line, field, message });
  const parsed = parseCsv(content);
  if (!parsed.ok)
    throw new DatasetImportError([
      {
        file,
        line: parsed.error.line,
        field: "csv",
        message: `${parsed.error.message} (column ${parsed.error.column})`,
      },
    ]);
  const [header, ...records] = parsed.rows;
  const missing = GOLD_CSV_COLUMNS.filter((c) => !header?.includes(c));
  if (!header || missing.length > 0)
    throw new DatasetImportError([
      { file, line: 1, field: "header", message: `not a gold CSV: missing column(s) ${missing.join(", ")}` },
    ]);
  const at = new Map(header.map((name, i) => [name, i]));
  const rows = records
    .map((cells, i) => ({ line: parsed.lines[i + 1]!, cells }))
    .filter(({ cells }) => !(cells.length === 1 && cells[0] === ""))
    .map(({ line, cells }) => {
      if (cells.length !== header.length) fail(line, "csv", `expected ${header.length} fields, found ${cells.length}`);
      return { line, row: Object.fromEntries(GOLD_CSV_COLUMNS.map((c) => [c, cells[at.get(c)!] ?? ""])) as Row };
    });

  const ids = (v: string) => (v === "" ? [] : v.split(";"));
  const articleIds = [...new Set(rows.map((r) => r.row.article_id))];
  const sourceIds = [...new Set(rows.flatMap((r) => ids(r.row.source_annotation_ids)))];
  const userIds = [...new Set(rows.map((r) => r.row.decided_by))];
  const [articles, sources, users] = await Promise.all([
    db.article.findMany({
      where: { id: { in: articleIds } },
      select: {
        id: true,
        text: true,
        projectId: true,
        adjudicatedAt: true,
        project: { select: { name: true } },
      },
    }),
    db.annotation.findMany({ where: { id: { in: sourceIds } }, select: { id: true, articleId: true, userId: true } }),
    db.user.findMany({ where: { id: { in: userIds } }, select: { id: true } }),
  ]);
  const articleOf = new Map(articles.map((a) => [a.id, { ...a, index: new OffsetIndex(a.text) }]));
  const sourceOf = new Map(sources.map((s) => [s.id, s]));
  const knownUsers = new Set(users.map((u) => u.id));
  const labels = await db.label.findMany({
    where: { projectId: { in: [...new Set(articles.map((a) => a.projectId))] } },
    select: { id: true, projectId: true, name: true, group: { select: { name: true } } },
  });
  const labelKey = (projectId: string, group: string, name: string) => `${projectId}\u0000${group}\u0000${name}`;
  const labelOf = new Map(labels.map((l) => [labelKey(l.projectId, l.group.name, l.name), l.id]));

  const seen = new Map<string, number>();
  const out: Gold[] = [];
  for (const { line, row } of rows) {
    const article = articleOf.get(row.article_id);
    if (!article) {
      fail(line, "article_id", `no article ${row.article_id || "(empty)"}`);
      continue;
    }
    if (unprotect(row.project) !== article.project.name)
      fail(line, "project", `the article is in project "${article.project.name}", not "${unprotect(row.project)}"`);
    if (article.adjudicatedAt) fail(line, "article_id", "the article is marked adjudicated; reopen it first");
    const group = unprotect(row.label_group);
    const name = unprotect(row.label);
    const labelId = labelOf.get(labelKey(article.projectId, group, name));
    if (!labelId) fail(line, "label", `no label "${name}" in group "${group}" of project "${article.project.name}"`);
    const start = offset(row.start);
    const end = offset(row.end);
    if (start === null) fail(line, "start", "must be a whole number of code points");
    if (end === null) fail(line, "end", "must be a whole number of code points");
    let quote = row.quote;
    if (start !== null && end !== null) {
      // The Excel-safe export may have put an apostrophe before the quote: the stored text decides.
      const plain = validateSpan(article.index, { start, end, quote });
      if (!plain.ok && quote !== unprotect(quote)) quote = unprotect(quote);
      const check = plain.ok ? plain : validateSpan(article.index, { start, end, quote });
      if (!check.ok) fail(line, check.field, check.reason);
    }
    const note = unprotect(row.note);
    if (Array.from(note).length > MAX_NOTE) fail(line, "note", `is longer than ${MAX_NOTE} characters`);
    const provenance = ids(row.source_annotation_ids);
    const authors = new Set<string>();
    for (const id of provenance) {
      const s = sourceOf.get(id);
      if (!s || s.articleId !== article.id)
        fail(line, "source_annotation_ids", `no reviewer span ${id} on this article`);
      else authors.add(s.userId);
    }
    if (!knownUsers.has(row.decided_by))
      fail(
        line,
        "decided_by",
        `no user ${row.decided_by || "(empty)"} (a pseudonymised export cannot name the adjudicator)`,
      );
    const createdAt = date(row.created_at);
    const updatedAt = date(row.updated_at);
    const editedAt = row.edited_at === "" ? null : date(row.edited_at);
    if (!createdAt) fail(line, "created_at", "must be an ISO 8601 UTC time (2026-01-31T12:00:00.000Z)");
    if (!updatedAt) fail(line, "updated_at", "must be an ISO 8601 UTC time (2026-01-31T12:00:00.000Z)");
    if (row.edited_at !== "" && !editedAt) fail(line, "edited_at", "must be empty or an ISO 8601 UTC time");
    if (!labelId || start === null || end === null || !createdAt || !updatedAt) continue;
    const key = `${article.id}\u0000${labelId}\u0000${start}\u0000${end}`;
    const first = seen.get(key);
    if (first !== undefined) fail(line, "start", `the same gold label and offsets as line ${first}`);
    else seen.set(key, line);
    out.push({
      articleId: article.id,
      labelId,
      start,
      end,
      quote,
      note,
      sourceAnnotationIds: JSON.stringify(provenance),
      sourceUserIds: JSON.stringify([...authors].sort()),
      decidedById: row.decided_by,
      editedAt,
      createdAt,
      updatedAt,
    });
  }
  if (log.count > 0) throw new DatasetImportError(log.issues, log.truncated);

  return db.$transaction(async (tx) => {
    const existing = await tx.goldSpan.findMany({
      where: { articleId: { in: articleIds } },
      select: { articleId: true, labelId: true, start: true, end: true },
    });
    const there = new Set(existing.map((g) => `${g.articleId}\u0000${g.labelId}\u0000${g.start}\u0000${g.end}`));
    const fresh = out.filter((g) => !there.has(`${g.articleId}\u0000${g.labelId}\u0000${g.start}\u0000${g.end}`));
    if (fresh.length > 0) await tx.goldSpan.createMany({ data: fresh });
    return { created: fresh.length, unchanged: out.length - fresh.length };
  });
}
