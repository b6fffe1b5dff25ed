import { beforeAll, describe, expect, it, vi } from "vitest";
import { parseCsv } from "@/lib/domain/dataset/csv";
import { SPAN_CSV_COLUMNS, spanCsvHeader, spanCsvRow } from "@/lib/domain/dataset/spans-csv";
import { type TDatasetFiltersInput, ZDatasetFilters } from "@/lib/schemas/dataset";
import type { Actor } from "@/lib/server/actor";
import { createAnnotation } from "@/lib/server/annotations/create-annotation";
import { setArticleStatus } from "@/lib/server/articles/set-article-status";
import { db } from "@/lib/server/db";
import { parseInput } from "@/lib/server/input";
import { exportArticlesCsv } from "@/lib/server/dataset/export-articles-csv";
import { exportBio } from "@/lib/server/dataset/export-bio";
import { exportGoldCsv } from "@/lib/server/dataset/export-gold-csv";
import { exportJsonl } from "@/lib/server/dataset/export-jsonl";
import { exportSpansCsv } from "@/lib/server/dataset/export-spans-csv";
import { cpSlice, makeArticle, makeProject, makeUser } from "../factories";

const auth = vi.hoisted(() => ({ actor: null as Actor | null }));
vi.mock("@/lib/server/auth", () => ({ currentActor: async () => auth.actor }));
const { GET } = await import("@/app/api/export/[format]/route");

const TEXT_A = 'Trump 👍🏽 said "we just did".\ne\u0301lan — 情報共有 — تبادل المعلومات\n\nEnd.';
const TEXT_B = '=HYPERLINK("x") starts this one; שלום עולם 🙂.\nSecond line, +1 and -2.';

async function collect(it: AsyncIterable<string>): Promise<string> {
  let s = "";
  for await (const chunk of it) s += chunk;
  return s;
}

function records(csv: string): Record<string, string>[] {
  const parsed = parseCsv(csv);
  if (!parsed.ok) throw new Error(`bad CSV: ${parsed.error.message} at ${parsed.error.line}`);
  const [header, ...rows] = parsed.rows;
  return rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i] ?? ""])));
}

function findSpan(text: string, quote: string) {
  const cps = Array.from(text);
  const q = Array.from(quote);
  for (let i = 0; i + q.length <= cps.length; i++)
    if (q.every((c, j) => cps[i + j] === c)) return { start: i, end: i + q.length, quote };
  throw new Error(`quote not found: ${quote}`);
}

let admin: Actor, ann: Actor, ben: Actor;
let projectId: string, articleA: string, articleB: string;
let texts: Map<string, string>;
let labelIds: string[];

beforeAll(async () => {
  // Creation order matters for pseudonyms: Ann before Ben.
  admin = await makeUser("admin", "Ada");
  ann = await makeUser("reviewer", "Ann");
  ben = await makeUser("reviewer", "Ben");
  const { project, labels } = await makeProject("CSV project");
  projectId = project.id;
  labelIds = [labels[0]!.id, labels[9]!.id, labels[12]!.id];
  articleA = (await makeArticle(projectId, TEXT_A, 'Emoji, "quoted" title')).id;
  articleB = (await makeArticle(projectId, TEXT_B, "=cmd|' /C calc'!A0")).id;
  texts = new Map((await db.article.findMany({ where: { projectId } })).map((a) => [a.id, a.text]));
  const tA = texts.get(articleA)!,
    tB = texts.get(articleB)!;
  await createAnnotation(ann, {
    articleId: articleA,
    labelId: labelIds[0]!,
    ...findSpan(tA, "👍🏽 said"),
    note: "=SUM(A1)",
  });
  await createAnnotation(ann, { articleId: articleA, labelId: labelIds[1]!, ...findSpan(tA, "تبادل المعلومات") });
  await createAnnotation(ann, { articleId: articleB, labelId: labelIds[2]!, ...findSpan(tB, "שלום עולם 🙂") });
  await createAnnotation(ben, { articleId: articleA, labelId: labelIds[0]!, ...findSpan(tA, "élan — 情報共有") });
  await createAnnotation(ben, { articleId: articleB, labelId: labelIds[0]!, ...findSpan(tB, "+1 and -2") });
  await setArticleStatus(ann, { articleId: articleA, status: "done" });
  await db.goldSpan.create({
    data: {
      articleId: articleA,
      labelId: labelIds[0]!,
      ...findSpan(tA, "👍🏽 said"),
      sourceUserIds: JSON.stringify([ann.id]),
      sourceAnnotationIds: "[]",
      decidedById: admin.id,
    },
  });
});

describe("exportSpansCsv", () => {
  it("has the documented columns and one row per span per reviewer whose quote is text[start:end]", async () => {
    const csv = await collect(exportSpansCsv(admin, { projectId }));
    expect(parseCsv(csv).ok && (parseCsv(csv) as { rows: string[][] }).rows[0]).toEqual([...SPAN_CSV_COLUMNS]);
    const rows = records(csv);
    const spans = await db.annotation.findMany({
      where: { article: { projectId } },
      include: { label: { include: { group: true } }, user: true },
    });
    expect(rows).toHaveLength(spans.length);
    for (const r of rows) {
      expect(cpSlice(texts.get(r.article_id!)!, Number(r.start), Number(r.end))).toBe(r.quote);
      const s = spans.find(
        (x) =>
          x.articleId === r.article_id &&
          x.userId === r.reviewer_id &&
          x.start === Number(r.start) &&
          x.end === Number(r.end),
      );
      expect(s).toBeDefined();
      expect(r).toMatchObject({
        project: "CSV project",
        label: s!.label.name,
        label_group: s!.label.group.name,
        reviewer_name: s!.user.name,
        note: s!.note,
        layer: "annotation",
        quote: s!.quote,
      });
      expect(r.created_at).toBe(s!.createdAt.toISOString());
    }
    // Raw mode keeps formula-looking values byte-exact.
    expect(rows.find((r) => r.note === "=SUM(A1)")).toBeDefined();
  });

  it("is byte-identical to the domain's spanCsvRow for every span (the fast row builder's parity check)", async () => {
    for (const excelSafe of [false, true]) {
      const spans = await db.annotation.findMany({
        where: { article: { projectId } },
        orderBy: { id: "asc" },
        include: { label: { include: { group: true } }, user: true, article: true },
      });
      const expected =
        spanCsvHeader({ excelSafe }) +
        spans
          .map((s) =>
            spanCsvRow(
              {
                project: "CSV project",
                article: { id: s.articleId, title: s.article.title, source: s.article.source, text: s.article.text },
                span: {
                  start: s.start,
                  end: s.end,
                  labelGroup: s.label.group.name,
                  label: s.label.name,
                  note: s.note,
                  layer: "annotation",
                  createdAt: s.createdAt,
                  updatedAt: s.updatedAt,
                },
                reviewer: { id: s.userId, name: s.user.name },
              },
              { excelSafe, contextLength: 10 },
            ),
          )
          .join("");
      expect(await collect(exportSpansCsv(admin, { projectId }, { excelSafe, contextLength: 10 }))).toBe(expected);
    }
  });

  it("reads the database in batches: 2,500 spans come out exactly once each", async () => {
    const { project, labels } = await makeProject("Many spans");
    const text = "word ".repeat(3000).trim();
    const art = await makeArticle(project.id, text, "Long");
    await db.annotation.createMany({
      data: Array.from({ length: 2500 }, (_, i) => ({
        articleId: art.id,
        userId: i % 2 ? ann.id : ben.id,
        labelId: labels[i % 3]!.id,
        start: i * 5,
        end: i * 5 + 4,
        quote: "word",
      })),
    });
    const rows = records(await collect(exportSpansCsv(admin, { projectId: project.id })));
    expect(rows).toHaveLength(2500);
    expect(new Set(rows.map((r) => `${r.reviewer_id}:${r.start}:${r.label}`)).size).toBe(2500);
    expect(rows.every((r) => r.quote === "word")).toBe(true);
  });

  it("filters by label, reviewer, article, status and date", async () => {
    // Filters as the route and the CLI hand them over: parsed once with the shared schema.
    const count = async (f: TDatasetFiltersInput) => {
      const filters = parseInput(ZDatasetFilters, { projectId, ...f });
      return records(await collect(exportSpansCsv(admin, filters))).length;
    };
    expect(await count({ labelIds: [labelIds[0]!] })).toBe(3);
    expect(await count({ reviewerIds: [ben.id] })).toBe(2);
    expect(await count({ articleIds: [articleB] })).toBe(2);
    expect(await count({ status: "done" })).toBe(2);
    expect(await count({ status: "in_progress" })).toBe(3);
    expect(await count({ from: "2000-01-01", to: new Date(Date.now() + 86_400_000).toISOString() })).toBe(5);
    expect(await count({ to: "2000-01-01" })).toBe(0);
    await expect(count({ from: "2025-02-01", to: "2025-01-01" })).rejects.toMatchObject({
      code: "INVALID",
      fields: [{ field: "to" }],
    });
    await expect(collect(exportSpansCsv(admin, { projectId: "nope" }))).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("pseudonymises reviewers as R1, R2 in creation order and drops names", async () => {
    const csv = await collect(exportSpansCsv(admin, { projectId }, { pseudonymise: true }));
    const rows = records(csv);
    expect(new Set(rows.map((r) => r.reviewer_id))).toEqual(new Set(["R1", "R2"]));
    expect(rows.filter((r) => r.reviewer_id === "R1")).toHaveLength(3); // Ann, created first
    expect(rows.every((r) => r.reviewer_name === "")).toBe(true);
    expect(csv).not.toContain(ann.id);
    expect(csv).not.toContain("Ann");
    // Stable whatever the other filters: Ben is R2 even when exported alone.
    const benOnly = records(
      await collect(exportSpansCsv(admin, { projectId, reviewerIds: [ben.id] }, { pseudonymise: true })),
    );
    expect(new Set(benOnly.map((r) => r.reviewer_id))).toEqual(new Set(["R2"]));
  });

  it("Excel-safe mode neutralises formulas; BOM on request", async () => {
    const csv = await collect(exportSpansCsv(admin, { projectId }, { excelSafe: true, bom: true }));
    expect(csv.startsWith("\uFEFFproject,")).toBe(true);
    const rows = records(csv);
    expect(rows.find((r) => r.note === "'=SUM(A1)")).toBeDefined();
    expect(rows.find((r) => r.article_title!.startsWith("'=cmd"))).toBeDefined();
    expect(rows.find((r) => r.quote === "'+1 and -2")).toBeDefined();
  });

  it("layer both appends gold rows without reviewer", async () => {
    const rows = records(await collect(exportSpansCsv(admin, { projectId }, { layer: "both" })));
    const gold = rows.filter((r) => r.layer === "gold");
    expect(gold).toHaveLength(1);
    expect(gold[0]).toMatchObject({ reviewer_id: "", reviewer_name: "", quote: "👍🏽 said" });
  });
});

describe("reviewers and blind mode", () => {
  it("a reviewer exports only their own spans", async () => {
    const rows = records(await collect(exportSpansCsv(ben, { projectId })));
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => r.reviewer_id === ben.id)).toBe(true);
  });

  it("asking for someone else's spans, the gold layer, or an admin-only export is refused", async () => {
    await expect(collect(exportSpansCsv(ben, { projectId, reviewerIds: [ann.id] }))).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(collect(exportSpansCsv(ben, { projectId }, { layer: "gold" }))).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(collect(exportBio(ben, { projectId, reviewerIds: [ann.id] }))).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    for (const fn of [exportGoldCsv, exportArticlesCsv, exportJsonl])
      await expect(collect(fn(ben, { projectId }))).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("other CSV exports", () => {
  it("gold CSV carries provenance", async () => {
    const rows = records(await collect(exportGoldCsv(admin, { projectId }, { pseudonymise: true })));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ quote: "👍🏽 said", source_reviewers: "R1", label: expect.any(String) });
  });

  it("articles CSV: one row per article x reviewer with status and per-label counts", async () => {
    const rows = records(await collect(exportArticlesCsv(admin, { projectId })));
    expect(rows).toHaveLength(4);
    const annA = rows.find((r) => r.article_id === articleA && r.reviewer_id === ann.id)!;
    expect(annA).toMatchObject({
      status: "done",
      span_count: "2",
      article_length: String(Array.from(texts.get(articleA)!).length),
    });
    const labels = await db.label.findMany({ where: { id: { in: labelIds } } });
    expect(annA[`n_${labels.find((l) => l.id === labelIds[0])!.name}`]).toBe("1");
    expect(rows.find((r) => r.article_id === articleB && r.reviewer_id === ben.id)).toMatchObject({
      status: "in_progress",
      span_count: "1",
    });
    expect(records(await collect(exportArticlesCsv(admin, { projectId, status: "done" })))).toHaveLength(1);
  });

  it("BIO CoNLL and CSV tag tokens of each reviewer's spans", async () => {
    const conll = await collect(exportBio(admin, { projectId, reviewerIds: [ann.id] }));
    expect(conll).toContain(`# article_id = ${articleA}\n# reviewer_id = ${ann.id}\n`);
    const label0 = (await db.label.findUniqueOrThrow({ where: { id: labelIds[0]! } })).name.replace(/\s+/g, "_");
    expect(conll).toContain(`👍\tB-${label0}\n🏽\tI-${label0}\nsaid\tI-${label0}\n`);
    const rows = records(await collect(exportBio(admin, { projectId, reviewerIds: [ann.id] }, { bioFormat: "csv" })));
    for (const r of rows) expect(cpSlice(texts.get(r.article_id!)!, Number(r.start), Number(r.end))).toBe(r.token);
    expect(rows.filter((r) => r.tags !== "O").map((r) => r.token)).toEqual(
      expect.arrayContaining(["تبادل", "المعلومات", "שלום", "🙂"]),
    );
  });
});

describe("GET /api/export/[format]", () => {
  const call = (format: string, query = "") =>
    GET(new Request(`http://localhost/api/export/${format}${query}`), { params: Promise.resolve({ format }) });

  it("401 without a session, 403 for a reviewer asking for gold, 404 unknown format, 422 bad query", async () => {
    auth.actor = null;
    expect((await call("spans-csv")).status).toBe(401);
    auth.actor = ben;
    expect((await call("spans-csv", `?projectId=${projectId}&layer=gold`)).status).toBe(403);
    expect((await call("jsonl", `?projectId=${projectId}`)).status).toBe(403);
    auth.actor = admin;
    expect((await call("xlsx")).status).toBe(404);
    const bad = await call("spans-csv", "?status=finished&from=yesterday&bogus=1");
    expect(bad.status).toBe(422);
    const body = (await bad.json()) as { fields: { field: string }[] };
    expect(body.fields.map((f) => f.field)).toEqual(expect.arrayContaining(["status", "from"]));
  });

  it("streams an attachment with the same rows as the use case", async () => {
    auth.actor = admin;
    const res = await call(
      "spans-csv",
      `?projectId=${projectId}&labelIds=${labelIds[0]},${labelIds[1]}&pseudonymise=1&bom=1`,
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="framewise-spans-csv-.*\.csv"$/);
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(await res.arrayBuffer());
    expect(text.startsWith("\uFEFF")).toBe(true);
    const rows = records(text);
    expect(rows).toHaveLength(4);
    expect(rows.every((r) => /^R\d$/.test(r.reviewer_id!))).toBe(true);
    const jsonl = await call("jsonl", `?projectId=${projectId}`);
    expect(jsonl.headers.get("content-type")).toMatch(/ndjson/);
    expect((await jsonl.text()).split("\n")[0]).toContain('"type":"header"');
  });
});
