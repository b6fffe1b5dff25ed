import { beforeAll, describe, expect, it } from "vitest";
import { csvRow, parseCsv } from "@/lib/domain/dataset/csv";
import type { Actor } from "@/lib/server/actor";
import { acceptCandidate } from "@/lib/server/adjudication/accept-candidate";
import { drawGoldSpan } from "@/lib/server/adjudication/draw-gold-span";
import { editGoldSpan } from "@/lib/server/adjudication/edit-gold-span";
import { createAnnotation } from "@/lib/server/annotations/create-annotation";
import { setArticleStatus } from "@/lib/server/articles/set-article-status";
import { exportGoldCsv, GOLD_CSV_COLUMNS } from "@/lib/server/dataset/export-gold-csv";
import { importGoldCsv } from "@/lib/server/dataset/import-gold-csv";
import { DatasetImportError, describeIssue } from "@/lib/server/dataset/issues";
import { db } from "@/lib/server/db";
import { makeArticle, makeProject, makeUser } from "../factories";

// A formula-like phrase (the Excel-safe export puts an apostrophe before it), an emoji and a line
// break inside a quoted field, so the round trip exercises the CSV and the offsets both.
const TEXT = "=SUM(A1) said 👍🏽 the minister.\nCritics said otherwise,\nagain and again.";

function at(quote: string) {
  const cps = Array.from(TEXT);
  const q = Array.from(quote);
  for (let i = 0; i + q.length <= cps.length; i++)
    if (q.every((c, j) => cps[i + j] === c)) return { start: i, end: i + q.length, quote };
  throw new Error(`quote not found: ${quote}`);
}

async function collect(it: AsyncIterable<string>): Promise<string> {
  let s = "";
  for await (const chunk of it) s += chunk;
  return s;
}

function records(csv: string): Record<string, string>[] {
  const parsed = parseCsv(csv);
  if (!parsed.ok) throw new Error(parsed.error.message);
  const [header, ...rows] = parsed.rows;
  return rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i]!])));
}

async function refusedImport(content: string): Promise<string[]> {
  try {
    await importGoldCsv(admin, content, { file: "gold.csv" });
  } catch (e) {
    if (e instanceof DatasetImportError) return e.issues.map(describeIssue);
    throw e;
  }
  throw new Error("expected the import to refuse");
}

/** What a gold span is, less its row id (a restored span gets a new one). */
const comparable = (articleId: string) =>
  db.goldSpan
    .findMany({
      where: { articleId },
      orderBy: [{ start: "asc" }, { labelId: "asc" }],
      select: {
        labelId: true,
        start: true,
        end: true,
        quote: true,
        note: true,
        sourceAnnotationIds: true,
        sourceUserIds: true,
        decidedById: true,
        editedAt: true,
        createdAt: true,
      },
    })
    .then((rows) => rows.map((r) => ({ ...r, sourceAnnotationIds: JSON.parse(r.sourceAnnotationIds).sort() })));

let admin: Actor, ann: Actor, ben: Actor, cy: Actor;
let projectId: string, articleId: string, X: string, Y: string;

beforeAll(async () => {
  admin = await makeUser("admin", "Ada");
  ann = await makeUser("reviewer", "Ann");
  ben = await makeUser("reviewer", "Ben");
  cy = await makeUser("reviewer", "Cy");
  const { project, labels } = await makeProject("Gold CSV round trip");
  projectId = project.id;
  [X, Y] = [labels[0]!.id, labels[1]!.id];
  articleId = (await makeArticle(projectId, TEXT, "Round trip")).id;
  for (const r of [ann, ben]) await createAnnotation(r, { articleId, labelId: X, ...at("=SUM(A1) said") });
  await createAnnotation(ann, { articleId, labelId: Y, ...at("otherwise,\nagain") });
  await setArticleStatus(cy, { articleId, status: "in_progress" }); // a third reviewer who marked nothing
  const sum = at("=SUM(A1) said");
  await acceptCandidate(admin, { articleId, labelId: X, start: sum.start, end: sum.end });
  const other = at("otherwise,\nagain");
  const moved = await acceptCandidate(admin, { articleId, labelId: Y, start: other.start, end: other.end });
  await editGoldSpan(admin, { id: moved.id, note: "-1 point: hedged", ...at("otherwise,\nagain and again") });
  await drawGoldSpan(admin, { articleId, labelId: X, ...at("👍🏽 the minister") });
});

describe("gold CSV export", () => {
  it("carries the edited mark and support counts (k of the article's n reviewers)", async () => {
    const rows = records(await collect(exportGoldCsv(admin, { projectId }, { excelSafe: true })));
    const by = (quote: string) => rows.find((r) => r.quote?.endsWith(quote))!;
    expect(by("=SUM(A1) said")).toMatchObject({ support: "2", article_reviewers: "3", edited_at: "" });
    expect(by("again and again")).toMatchObject({ support: "1", article_reviewers: "3", note: "'-1 point: hedged" });
    expect(by("again and again").edited_at).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(by("👍🏽 the minister")).toMatchObject({ support: "0", source_annotation_ids: "", edited_at: "" });
    // Excel-safe: the formula-like cells are protected.
    expect(by("=SUM(A1) said").quote).toBe("'=SUM(A1) said");
  });
});

describe("gold CSV import", () => {
  it("round-trips the export, Excel-safe or raw: the same spans, provenance, marks and times", async () => {
    for (const excelSafe of [true, false]) {
      const original = await comparable(articleId);
      expect(original).toHaveLength(3);
      const csv = await collect(exportGoldCsv(admin, { projectId }, { excelSafe }));
      await db.goldSpan.deleteMany({ where: { articleId } });
      expect(await importGoldCsv(admin, csv)).toEqual({ created: 3, unchanged: 0 });
      expect(await comparable(articleId)).toEqual(original);
      // Again: everything is there already and nothing changes.
      expect(await importGoldCsv(admin, csv)).toEqual({ created: 0, unchanged: 3 });
      expect(await comparable(articleId)).toEqual(original);
    }
  });

  it("refuses a bad file whole, naming line and field of each problem, and changes nothing", async () => {
    const before = await comparable(articleId);
    const parsed = parseCsv(await collect(exportGoldCsv(admin, { projectId }, { excelSafe: false })));
    if (!parsed.ok) throw new Error("export did not parse");
    const [header, ...rows] = parsed.rows as [string[], ...string[][]];
    const col = (name: (typeof GOLD_CSV_COLUMNS)[number]) => header.indexOf(name);
    const edit = (row: string[], changes: Partial<Record<(typeof GOLD_CSV_COLUMNS)[number], string>>) => {
      const out = [...row];
      for (const [k, v] of Object.entries(changes)) out[col(k as (typeof GOLD_CSV_COLUMNS)[number])] = v;
      return out;
    };
    await db.goldSpan.deleteMany({ where: { articleId } });
    // Rows with line breaks in quoted fields span two lines: line numbers are physical lines.
    const bad = [
      edit(rows[0]!, { start: "x" }),
      edit(rows[1]!, { label: "No such label" }),
      edit(rows[2]!, { quote: "not the text" }),
      edit(rows[0]!, { source_annotation_ids: "00000000-0000-4000-8000-000000000000" }),
      rows[1]!,
      rows[1]!,
      edit(rows[2]!, { decided_by: "R1", created_at: "yesterday" }),
    ];
    const text = [header, ...bad].map((r) => csvRow(r)).join("");
    const lineOf = (i: number) => (parseCsv(text) as { lines: number[] }).lines[i + 1];
    const issues = await refusedImport(text);
    expect(issues).toEqual(
      expect.arrayContaining([
        `gold.csv line ${lineOf(0)}: start: must be a whole number of code points`,
        expect.stringMatching(new RegExp(`^gold\\.csv line ${lineOf(1)}: label: no label "No such label" in group`)),
        expect.stringMatching(new RegExp(`^gold\\.csv line ${lineOf(2)}: quote: `)),
        `gold.csv line ${lineOf(3)}: source_annotation_ids: no reviewer span 00000000-0000-4000-8000-000000000000 on this article`,
        `gold.csv line ${lineOf(5)}: start: the same gold label and offsets as line ${lineOf(4)}`,
        expect.stringMatching(new RegExp(`^gold\\.csv line ${lineOf(6)}: decided_by: no user R1`)),
        `gold.csv line ${lineOf(6)}: created_at: must be an ISO 8601 UTC time (2026-01-31T12:00:00.000Z)`,
      ]),
    );
    expect(new Set(bad.map((_, i) => lineOf(i))).size).toBe(bad.length);
    expect(await db.goldSpan.count({ where: { articleId } })).toBe(0);
    // Not a gold CSV at all.
    expect(await refusedImport("title,text\nA,B\n")).toEqual([
      expect.stringMatching(/^gold\.csv line 1: header: not a gold CSV: missing column\(s\) project, article_id/),
    ]);
    // Put the spans back for the other tests.
    await importGoldCsv(admin, csvRow(header) + rows.map((r) => csvRow(r)).join(""));
    expect(await comparable(articleId)).toEqual(before);
  });

  it("is the admin's", async () => {
    await expect(importGoldCsv(ann, csvRow([...GOLD_CSV_COLUMNS]))).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
