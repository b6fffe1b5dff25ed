import { randomUUID } from "node:crypto";
import { copyFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, inject } from "vitest";
import type { Actor } from "@/lib/server/actor";
import { createAnnotation } from "@/lib/server/annotations/create-annotation";
import { setArticleStatus } from "@/lib/server/articles/set-article-status";
import { createDb, type Db, db } from "@/lib/server/db";
import { exportJsonl } from "@/lib/server/dataset/export-jsonl";
import { importJsonl } from "@/lib/server/dataset/import-jsonl";
import { DatasetImportError } from "@/lib/server/dataset/issues";
import { AppError } from "@/lib/server/errors";
import { cpSlice, makeArticle, makeProject, makeUser } from "../factories";

// Emoji (surrogate pairs incl. a skin-tone modifier), NFC-composed accents, CJK and RTL Arabic/Hebrew.
const TEXT_A = 'Trump 👍🏽 said "we just did".\ne\u0301lan — 情報共有 — تبادل المعلومات\n\nEnd.';
const TEXT_B = "שלום עולם 🙂 — a second article, with = and + signs.\nIt ends here.";

const g = globalThis as unknown as { framewiseDb?: Db };

/** A second, empty migrated database of the same dialect (copied from the test template). */
async function emptyDatabaseUrl(): Promise<string> {
  const template = inject("dbTemplate");
  if (process.env.TEST_DB === "postgresql") {
    const name = `t_${randomUUID().replaceAll("-", "")}`;
    const admin = new pg.Client({ connectionString: template });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name} TEMPLATE framewise_template`);
    await admin.end();
    return template.replace(/\/[^/]+$/, `/${name}`);
  }
  const file = path.join(inject("tmpDir"), `${randomUUID()}.db`);
  copyFileSync(template, file);
  return `file:${file}`;
}

/** Runs fn with `db` pointing at another database (the proxy reads globalThis.framewiseDb). */
async function withDb<T>(other: Db, fn: () => Promise<T>): Promise<T> {
  const saved = g.framewiseDb;
  g.framewiseDb = other;
  try {
    return await fn();
  } finally {
    g.framewiseDb = saved;
  }
}

async function collect(it: AsyncIterable<string>): Promise<string> {
  let s = "";
  for await (const chunk of it) s += chunk;
  return s;
}

/** The export minus its header (which carries the export time): a canonical dump of the dataset. */
function canonical(jsonl: string): string[] {
  return jsonl.split("\n").filter((l) => l && !l.startsWith('{"type":"header"'));
}

async function counts() {
  const [projects, articles, annotations, statuses, answers, gold, users, labels, rejections] = await Promise.all([
    db.project.count(),
    db.article.count(),
    db.annotation.count(),
    db.articleStatus.count(),
    db.answer.count(),
    db.goldSpan.count(),
    db.user.count(),
    db.label.count(),
    db.rejectedCandidate.count(),
  ]);
  return { projects, articles, annotations, statuses, answers, gold, users, labels, rejections };
}

function findSpan(text: string, quote: string) {
  const cps = Array.from(text);
  const q = Array.from(quote);
  for (let i = 0; i + q.length <= cps.length; i++)
    if (q.every((c, j) => cps[i + j] === c)) return { start: i, end: i + q.length, quote };
  throw new Error(`quote not found: ${quote}`);
}

let admin: Actor, ann: Actor, ben: Actor, cyd: Actor;
let projectId: string;
let dump: string;
const others: Db[] = [];

beforeAll(async () => {
  [admin, ann, ben, cyd] = [
    await makeUser("admin", "Ada"),
    await makeUser("reviewer", "Ann"),
    await makeUser("reviewer", "Ben"),
    await makeUser("reviewer", "Cyd"),
  ];
  const { project, labels } = await makeProject("Round trip 🌍");
  projectId = project.id;
  const a = await makeArticle(projectId, TEXT_A.replace("\n", "\r\n"), "Emoji & RTL");
  const b = await makeArticle(projectId, TEXT_B, "שלום");
  const [textA, textB] = [
    (await db.article.findUniqueOrThrow({ where: { id: a.id } })).text,
    (await db.article.findUniqueOrThrow({ where: { id: b.id } })).text,
  ];
  const l0 = labels[0]!.id,
    l1 = labels[9]!.id,
    l2 = labels[12]!.id;
  const s1 = await createAnnotation(ann, {
    articleId: a.id,
    labelId: l0,
    ...findSpan(textA, "👍🏽 said"),
    note: 'emoji, note with "quotes", commas\nand a newline',
  });
  await createAnnotation(ann, { articleId: a.id, labelId: l1, ...findSpan(textA, "تبادل المعلومات") });
  const s3 = await createAnnotation(ben, { articleId: a.id, labelId: l0, ...findSpan(textA, 'said "we just did"') });
  await createAnnotation(ben, { articleId: a.id, labelId: l2, ...findSpan(textA, "élan") });
  await createAnnotation(cyd, { articleId: b.id, labelId: l1, ...findSpan(textB, "שלום עולם 🙂") });
  await createAnnotation(ann, { articleId: b.id, labelId: l2, ...findSpan(textB, "= and +") });
  await setArticleStatus(ann, { articleId: a.id, status: "done" });
  await setArticleStatus(ben, { articleId: b.id, status: "in_progress" });
  const q = await db.question.create({
    data: { projectId, prompt: "Overall slant?", options: JSON.stringify(["left", "centre", "right"]) },
  });
  await db.answer.createMany({
    data: [
      { questionId: q.id, articleId: a.id, userId: ann.id, value: "left" },
      { questionId: q.id, articleId: a.id, userId: ben.id, value: "centre" },
    ],
  });
  const gs = findSpan(textA, "👍🏽 said");
  await db.goldSpan.create({
    data: {
      articleId: a.id,
      labelId: l0,
      ...gs,
      sourceAnnotationIds: JSON.stringify([s1.id, s3.id]),
      sourceUserIds: JSON.stringify([ann.id, ben.id]),
      decidedById: admin.id,
    },
  });
  const rejected = findSpan(textA, "élan");
  await db.rejectedCandidate.create({
    data: { articleId: a.id, labelId: l2, start: rejected.start, end: rejected.end, decidedById: admin.id },
  });
  await db.article.update({ where: { id: a.id }, data: { adjudicatedAt: new Date(), adjudicatedById: admin.id } });
  dump = await collect(exportJsonl(admin, { projectId }));
});

afterAll(async () => {
  for (const o of others) await o.$disconnect();
});

describe("exportJsonl", () => {
  it("writes a header, then one typed record per line, parents first, no secrets", () => {
    const records = dump
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l) as { type: string });
    expect(records[0]).toMatchObject({ type: "header", format: "framewise-dataset", version: 1 });
    const order = [
      "header",
      "project",
      "label_group",
      "label",
      "question",
      "user",
      "article",
      "annotation",
      "status",
      "answer",
      "gold_span",
      "rejection",
    ];
    const seen = records.map((r) => order.indexOf(r.type));
    expect(seen.every((v, i) => v >= 0 && (i === 0 || v >= seen[i - 1]!))).toBe(true);
    const types = new Set(records.map((r) => r.type));
    expect(types).toEqual(new Set(order));
    expect(records.filter((r) => r.type === "annotation")).toHaveLength(6);
    expect(records.filter((r) => r.type === "user")).toHaveLength(4);
    expect(dump).not.toMatch(/password|token/i);
    for (const r of records.filter((r) => r.type === "annotation") as unknown as {
      articleId: string;
      start: number;
      end: number;
      quote: string;
    }[]) {
      const art = records.find(
        (x) => x.type === "article" && (x as unknown as { id: string }).id === r.articleId,
      ) as unknown as { text: string };
      expect(cpSlice(art.text, r.start, r.end)).toBe(r.quote);
    }
  });

  it("is admin-only", async () => {
    await expect(collect(exportJsonl(ann, { projectId }))).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("pseudonymises every user reference consistently", async () => {
    const p = await collect(exportJsonl(admin, { projectId }, { pseudonymise: true }));
    for (const u of [admin, ann, ben, cyd]) {
      expect(p).not.toContain(u.id);
      expect(p).not.toContain(u.email);
    }
    const users = p
      .split("\n")
      .filter((l) => l.includes('"type":"user"'))
      .map((l) => JSON.parse(l) as { id: string; name: string });
    expect(users.map((u) => u.id).sort()).toEqual(["R1", "R2", "R3", "R4"]);
    expect(users.every((u) => u.name === u.id)).toBe(true);
  });
});

describe("importJsonl round trip", () => {
  it("rebuilds the same dataset in an empty database (canonical dumps are equal)", async () => {
    const other = createDb(await emptyDatabaseUrl());
    others.push(other);
    const again = await withDb(other, async () => {
      const result = await importJsonl(admin, dump);
      expect(result.created).toMatchObject({
        project: 1,
        article: 2,
        annotation: 6,
        status: 5,
        answer: 2,
        gold_span: 1,
        rejection: 1,
        user: 4,
      });
      expect(result.idsChanged).toBe(0);
      expect(result.skipped).toEqual([]);
      return collect(exportJsonl(admin, { projectId }));
    });
    expect(canonical(again)).toEqual(canonical(dump));
  });

  it("reads a stream of chunks split anywhere, even inside a surrogate pair's line", async () => {
    const other = createDb(await emptyDatabaseUrl());
    others.push(other);
    async function* chunks() {
      for (let i = 0; i < dump.length; i += 7) yield dump.slice(i, i + 7);
    }
    const again = await withDb(other, async () => {
      await importJsonl(admin, chunks());
      return collect(exportJsonl(admin, { projectId }));
    });
    expect(canonical(again)).toEqual(canonical(dump));
  });

  it("imports a second copy beside the original with fresh ids where they clash", async () => {
    const before = await counts();
    const result = await importJsonl(admin, dump);
    expect(result.projects[0]!.id).not.toBe(projectId);
    expect(result.usersMatched).toBe(4);
    expect(result.idsChanged).toBeGreaterThan(0);
    const after = await counts();
    expect(after).toEqual({
      ...before,
      projects: before.projects + 1,
      articles: before.articles + 2,
      annotations: before.annotations + 6,
      statuses: before.statuses + 5,
      answers: before.answers + 2,
      gold: before.gold + 1,
      rejections: before.rejections + 1,
      labels: before.labels * 2,
    });
    const copy = await db.annotation.findMany({
      where: { article: { projectId: result.projects[0]!.id } },
      include: { article: true },
    });
    for (const s of copy) expect(cpSlice(s.article.text, s.start, s.end)).toBe(s.quote);
    const gold = await db.goldSpan.findFirstOrThrow({ where: { article: { projectId: result.projects[0]!.id } } });
    const sources = JSON.parse(gold.sourceAnnotationIds) as string[];
    expect(
      await db.annotation.count({ where: { id: { in: sources }, article: { projectId: result.projects[0]!.id } } }),
    ).toBe(2);
  });

  it("refuses a rejection beyond its article's text, reporting its line and field; nothing changes", async () => {
    const lines = dump.split("\n");
    const at = lines.findIndex((l) => l.includes('"type":"rejection"'));
    const rec = JSON.parse(lines[at]!) as { end: number };
    lines[at] = JSON.stringify({ ...rec, end: 1_000_000 });
    const before = await counts();
    const error = await importJsonl(admin, lines.join("\n")).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DatasetImportError);
    expect((error as DatasetImportError).issues).toEqual([expect.objectContaining({ line: at + 1, field: "end" })]);
    expect(await counts()).toEqual(before);
  });

  it("refuses the whole file when one line is bad, reporting its line; nothing changes", async () => {
    const lines = dump.split("\n");
    const bad = lines.findIndex((l) => l.includes('"type":"annotation"'));
    const rec = JSON.parse(lines[bad]!) as { start: number; quote: string };
    lines[bad] = JSON.stringify({ ...rec, start: rec.start + 1 });
    const before = await counts();
    let error: unknown;
    try {
      await importJsonl(admin, lines.join("\n"));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DatasetImportError);
    const issues = (error as DatasetImportError).issues;
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ line: bad + 1, field: "quote" });
    expect(await counts()).toEqual(before);
  });

  it("with skipBadRows imports the rest and lists the skipped line", async () => {
    const lines = dump.split("\n");
    const bad = lines.findIndex((l) => l.includes('"type":"annotation"'));
    lines[bad] = "{not json";
    const before = await counts();
    const result = await importJsonl(admin, lines.join("\n"), { skipBadRows: true });
    expect(result.skipped).toEqual([expect.objectContaining({ line: bad + 1, field: "$" })]);
    expect((await counts()).annotations).toBe(before.annotations + 5);
  });

  it("finds a repeated annotation id and a repeated reviewer/label/offsets, each on its line, and skips both with skipBadRows", async () => {
    const lines = dump.split("\n");
    const first = lines.findIndex((l) => l.includes('"type":"annotation"'));
    const rec = JSON.parse(lines[first]!) as { id: string };
    // Line first+2 repeats the id (and key); line first+3 repeats only the key, under a new id. The first
    // annotation line follows an article line: the article batch is written just as its key is recorded.
    lines.splice(first + 1, 0, lines[first]!, JSON.stringify({ ...rec, id: `${rec.id}-again` }));
    const before = await counts();
    let error: unknown;
    try {
      await importJsonl(admin, lines.join("\n"));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DatasetImportError);
    expect((error as DatasetImportError).issues).toEqual([
      expect.objectContaining({ line: first + 2, message: expect.stringContaining("appears twice") }),
      expect.objectContaining({
        line: first + 3,
        message: expect.stringContaining("the same reviewer, label and offsets"),
      }),
    ]);
    expect(await counts()).toEqual(before);
    const result = await importJsonl(admin, lines.join("\n"), { skipBadRows: true });
    expect(result.skipped.map((i) => i.line)).toEqual([first + 2, first + 3]);
    expect((await counts()).annotations).toBe(before.annotations + 6);
  });

  it("refuses a file without a header, and a reviewer", async () => {
    await expect(importJsonl(admin, '{"type":"project"}\n')).rejects.toBeInstanceOf(DatasetImportError);
    await expect(importJsonl(ann, dump)).rejects.toBeInstanceOf(AppError);
  });
});
