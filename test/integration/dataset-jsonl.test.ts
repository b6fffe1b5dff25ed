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
import { snapshotCodebook } from "@/lib/server/rounds/codebook";
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
  const [members, codebooks, rounds, assignments] = await Promise.all([
    db.projectMember.count(),
    db.codebookVersion.count(),
    db.round.count(),
    db.assignment.count(),
  ]);
  return {
    projects,
    articles,
    annotations,
    statuses,
    answers,
    gold,
    users,
    labels,
    rejections,
    members,
    codebooks,
    rounds,
    assignments,
  };
}

function findSpan(text: string, quote: string) {
  const cps = Array.from(text);
  const q = Array.from(quote);
  for (let i = 0; i + q.length <= cps.length; i++)
    if (q.every((c, j) => cps[i + j] === c)) return { start: i, end: i + q.length, quote };
  throw new Error(`quote not found: ${quote}`);
}

let admin: Actor, ann: Actor, ben: Actor, cyd: Actor;
const RESERVED_UNTIL = new Date("2031-05-06T07:08:09.123Z");

/**
 * A study beyond the defaults: pull settings, a gated training round under a later codebook version
 * with a manager's override for Ben, Cyd a curator, assignments in both rounds (one a pull reservation).
 */
async function studyDesign(articleA: string, articleB: string) {
  await db.project.update({
    where: { id: projectId },
    data: {
      assignmentMode: "pull",
      overlapK: 3,
      assignmentSeed: 4242,
      reservationMinutes: 45,
      anonymiseCurators: true,
      routeMetric: "f1",
      routeBelow: 0.6,
      routeMax: 5,
      guidelines: "Mark loaded words.\nRevised after calibration 👍🏽.",
    },
  });
  await db.projectMember.update({
    where: { projectId_userId: { projectId, userId: cyd.id } },
    data: { role: "curator" },
  });
  const main = await db.round.findFirstOrThrow({ where: { projectId } });
  const revised = await db.$transaction((tx) => snapshotCodebook(tx, projectId));
  const training = await db.round.create({
    data: {
      projectId,
      name: "Calibration 1",
      position: 1,
      training: true,
      qualifyF1: 0.75,
      codebookVersionId: revised.id,
    },
  });
  await db.roundQualification.create({
    data: { roundId: training.id, userId: ben.id, qualified: true, decidedById: admin.id },
  });
  // Spans made under each codebook version, and before versions existed.
  await db.annotation.updateMany({ where: { userId: cyd.id }, data: { codebookVersion: revised.version } });
  await db.annotation.updateMany({ where: { userId: ben.id }, data: { codebookVersion: null } });
  await db.assignment.createMany({
    data: [
      { projectId, roundId: main.id, articleId: articleA, userId: ann.id, slot: 0 },
      { projectId, roundId: main.id, articleId: articleA, userId: ben.id, slot: 1 },
      { projectId, roundId: main.id, articleId: articleB, userId: cyd.id, slot: 0, routed: true },
      {
        projectId,
        roundId: training.id,
        articleId: articleB,
        userId: ann.id,
        slot: 2,
        status: "reserved",
        reservedUntil: RESERVED_UNTIL,
      },
    ],
  });
}
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
  await studyDesign(a.id, b.id);
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
    expect(records[0]).toMatchObject({ type: "header", format: "framewise-dataset", version: 2 });
    const order = [
      "header",
      "project",
      "label_group",
      "label",
      "question",
      "codebook_version",
      "round",
      "user",
      "member",
      "qualification",
      "article",
      "assignment",
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
      // One row per record of the file, and the study design's records are all there.
      const inFile: Record<string, number> = {};
      for (const l of canonical(dump)) {
        const type = (JSON.parse(l) as { type: string }).type;
        inFile[type] = (inFile[type] ?? 0) + 1;
      }
      expect(result.created).toEqual(inFile);
      expect(result.created).toMatchObject({
        project: 1,
        codebook_version: 2,
        round: 2,
        user: 4,
        member: 4,
        article: 2,
        assignment: 4,
        annotation: 6,
        status: 5,
        answer: 2,
        gold_span: 1,
        rejection: 1,
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
      members: before.members + 4,
      codebooks: before.codebooks + 2,
      rounds: before.rounds + 2,
      assignments: before.assignments + 4,
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

type Rec = Record<string, unknown> & { type: string };
const recordsOf = (jsonl: string): Rec[] =>
  jsonl
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Rec);

/** The import's refusal of `jsonl` (nothing may change), as its issues. */
async function refusal(jsonl: string) {
  const before = await counts();
  const error = await importJsonl(admin, jsonl).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DatasetImportError);
  expect(await counts()).toEqual(before);
  return (error as DatasetImportError).issues;
}

/** The dump with the record at `type`'s n-th line replaced by `edit(record)`; returns the text and that line. */
function edited(type: string, edit: (r: Rec) => Rec, n = 0): { jsonl: string; line: number } {
  const lines = dump.split("\n");
  const at = lines.map((l, i) => [l, i] as const).filter(([l]) => l.startsWith(`{"type":"${type}"`))[n]![1];
  lines[at] = JSON.stringify(edit(JSON.parse(lines[at]!) as Rec));
  return { jsonl: lines.join("\n"), line: at + 1 };
}

describe("the study design in the JSONL dataset", () => {
  it("carries the project's study settings, its members with roles, codebook versions, rounds and assignments", () => {
    const records = recordsOf(dump);
    expect(records.find((r) => r.type === "project")).toMatchObject({
      assignmentMode: "pull",
      overlapK: 3,
      assignmentSeed: 4242,
      reservationMinutes: 45,
      anonymiseCurators: true,
      routeMetric: "f1",
      routeBelow: 0.6,
      routeMax: 5,
    });
    expect(records.filter((r) => r.type === "assignment" && r.routed).map((a) => a.userId)).toEqual([cyd.id]);
    const members = records.filter((r) => r.type === "member");
    expect(new Map(members.map((m) => [m.userId, m.role]))).toEqual(
      new Map([
        [admin.id, "manager"],
        [ann.id, "annotator"],
        [ben.id, "annotator"],
        [cyd.id, "curator"],
      ]),
    );
    const codebooks = records.filter((r) => r.type === "codebook_version");
    expect(codebooks.map((c) => c.version).sort()).toEqual([1, 2]);
    const v2 = codebooks.find((c) => c.version === 2)!;
    expect(v2.guidelines).toBe("Mark loaded words.\nRevised after calibration 👍🏽.");
    const labels = records.filter((r) => r.type === "label");
    expect((v2.taxonomy as { name: string }[]).map((t) => t.name).sort()).toEqual(labels.map((l) => l.name).sort());
    const rounds = records.filter((r) => r.type === "round");
    const training = rounds.find((r) => r.name === "Calibration 1");
    expect(training).toMatchObject({ training: true, position: 1, qualifyF1: 0.75, codebookVersionId: v2.id });
    expect(records.filter((r) => r.type === "qualification")).toEqual([
      expect.objectContaining({ roundId: training!.id, userId: ben.id, qualified: true, decidedById: admin.id }),
    ]);
    const spanVersions = new Map<unknown, unknown>(
      records.filter((r) => r.type === "annotation").map((a) => [a.userId, a.codebookVersion]),
    );
    expect(spanVersions).toEqual(
      new Map([
        [ann.id, 1],
        [ben.id, null],
        [cyd.id, 2],
      ]),
    );
    const assignments = records.filter((r) => r.type === "assignment");
    expect(assignments).toHaveLength(4);
    expect(assignments.find((a) => a.status === "reserved")).toMatchObject({
      userId: ann.id,
      slot: 2,
      reservedUntil: RESERVED_UNTIL.toISOString(),
    });
  });

  it("gives a second copy its own codebook versions, rounds and assignments, pointing at the copy", async () => {
    const result = await importJsonl(admin, dump);
    const copy = result.projects[0]!.id;
    const rounds = await db.round.findMany({ where: { projectId: copy }, include: { codebookVersion: true } });
    expect(rounds.map((r) => r.name).sort()).toEqual(["Calibration 1", "Main"]);
    for (const r of rounds) expect(r.codebookVersion.projectId).toBe(copy);
    const assignments = await db.assignment.findMany({ where: { projectId: copy }, include: { article: true } });
    expect(assignments).toHaveLength(4);
    const roundIds = new Set(rounds.map((r) => r.id));
    for (const a of assignments) {
      expect(roundIds.has(a.roundId)).toBe(true);
      expect(a.article.projectId).toBe(copy);
    }
    const members = await db.projectMember.findMany({ where: { projectId: copy } });
    expect(members.find((m) => m.userId === cyd.id)?.role).toBe("curator");
  });

  it("imports a version 1 file (no study records) with the migration's defaults: a round, codebook version 1, everyone a member", async () => {
    const v1 = recordsOf(dump)
      .filter((r) => !["member", "codebook_version", "round", "qualification", "assignment"].includes(r.type))
      .map((r) => {
        if (r.type === "header") return { ...r, version: 1 };
        if (r.type === "annotation") {
          const { codebookVersion, ...old } = r;
          return old;
        }
        if (r.type !== "project") return r;
        const {
          assignmentMode,
          overlapK,
          assignmentSeed,
          reservationMinutes,
          anonymiseCurators,
          routeMetric,
          routeBelow,
          routeMax,
          ...old
        } = r;
        return old;
      })
      .map((r) => JSON.stringify(r))
      .join("\n");
    const other = createDb(await emptyDatabaseUrl());
    others.push(other);
    await withDb(other, async () => {
      const result = await importJsonl(admin, v1);
      expect(result.created).toMatchObject({ codebook_version: 1, round: 1, member: 4 });
      const project = await db.project.findUniqueOrThrow({ where: { id: projectId } });
      expect(project).toMatchObject({
        assignmentMode: "everyone",
        overlapK: 2,
        assignmentSeed: 0,
        reservationMinutes: 60,
        anonymiseCurators: false,
        routeMetric: "alpha",
        routeBelow: null,
        routeMax: 3,
      });
      const round = await db.round.findFirstOrThrow({ where: { projectId }, include: { codebookVersion: true } });
      expect(round).toMatchObject({ name: "Main", position: 0, training: false });
      expect(round.codebookVersion).toMatchObject({ version: 1, guidelines: project.guidelines });
      const taxonomy = JSON.parse(round.codebookVersion.taxonomy) as { name: string }[];
      expect(taxonomy).toHaveLength(await db.label.count({ where: { projectId } }));
      const members = await db.projectMember.findMany({ where: { projectId } });
      expect(new Map(members.map((m) => [m.userId, m.role]))).toEqual(
        new Map([
          [admin.id, "manager"],
          [ann.id, "annotator"],
          [ben.id, "annotator"],
          [cyd.id, "annotator"],
        ]),
      );
      const again = recordsOf(await collect(exportJsonl(admin, { projectId })));
      expect(again[0]).toMatchObject({ version: 2 });
      expect(again.filter((r) => r.type === "round")).toHaveLength(1);
    });
  });

  it("refuses a bad study record with its line and field, changing nothing", async () => {
    const cases: [ReturnType<typeof edited>, string, string][] = [
      [edited("member", (r) => ({ ...r, role: "owner" })), "member role", "must be manager, curator or annotator"],
      [edited("member", (r) => ({ ...r, userId: "nobody" })), "userId", "unknown user nobody"],
      [edited("project", (r) => ({ ...r, overlapK: "3" })), "project overlapK", "must be a number"],
      [edited("project", (r) => ({ ...r, assignmentMode: "random" })), "project assignmentMode", "must be everyone"],
      [edited("round", (r) => ({ ...r, codebookVersionId: "cbv-elsewhere" })), "codebookVersionId", "unknown"],
      [edited("round", (r) => ({ ...r, name: " Main " })), "round name", "must be trimmed"],
      [
        edited("codebook_version", (r) => ({ ...r, taxonomy: [{ name: "x" }] })),
        "codebook_version taxonomy.0.group",
        "",
      ],
      [edited("assignment", (r) => ({ ...r, roundId: "no-round" })), "roundId", "unknown round no-round"],
      [edited("qualification", (r) => ({ ...r, decidedById: "nobody" })), "decidedById", "unknown user nobody"],
      [
        edited("annotation", (r) => ({ ...r, codebookVersion: 7 })),
        "codebookVersion",
        "no codebook version 7 in the article's project",
      ],
      [edited("assignment", (r) => ({ ...r, slot: -1 })), "assignment slot", "must be at least 0"],
      [
        edited("assignment", (r) => ({ ...r, status: "reserved", reservedUntil: null })),
        "assignment reservedUntil",
        "is required for a reserved assignment",
      ],
    ];
    for (const [{ jsonl, line }, field, message] of cases) {
      const issues = await refusal(jsonl);
      expect(issues[0], field).toEqual({ line, field, message: expect.stringContaining(message) });
    }
  });

  it("refuses an article given twice the same slot, or twice to the same user, in a round", async () => {
    const lines = dump.split("\n");
    const at = lines.findIndex((l) => l.startsWith('{"type":"assignment"'));
    const rec = JSON.parse(lines[at]!) as Rec;
    const slotTwice = [...lines];
    slotTwice.splice(at + 1, 0, JSON.stringify({ ...rec, id: "again-1", userId: admin.id }));
    expect(await refusal(slotTwice.join("\n"))).toEqual([
      { line: at + 2, field: "slot", message: expect.stringContaining("taken twice") },
    ]);
    const userTwice = [...lines];
    userTwice.splice(at + 1, 0, JSON.stringify({ ...rec, id: "again-2", slot: 9 }));
    expect(await refusal(userTwice.join("\n"))).toEqual([
      { line: at + 2, field: "userId", message: "this user is assigned this article twice in this round" },
    ]);
  });

  it("with skipBadRows skips a bad member line and imports the rest of the design", async () => {
    const { jsonl, line } = edited("member", (r) => ({ ...r, role: "owner" }));
    const before = await counts();
    const result = await importJsonl(admin, jsonl, { skipBadRows: true });
    expect(result.skipped).toEqual([expect.objectContaining({ line, field: "member role" })]);
    const after = await counts();
    expect(after.members).toBe(before.members + 3);
    expect(after.assignments).toBe(before.assignments + 4);
  });

  it("narrows members, qualifications and assignments to the reviewers asked for", async () => {
    const records = recordsOf(await collect(exportJsonl(admin, { projectId, reviewerIds: [ann.id] })));
    expect(records.filter((r) => r.type === "member").map((m) => m.userId)).toEqual([ann.id]);
    expect(records.filter((r) => r.type === "qualification")).toEqual([]);
    const assignments = records.filter((r) => r.type === "assignment");
    expect(assignments.length).toBe(2);
    expect(assignments.every((a) => a.userId === ann.id)).toBe(true);
    // Rounds and codebook versions are the project's design, whoever is asked for.
    expect(records.filter((r) => r.type === "round")).toHaveLength(2);
  });

  it("refuses to write a study record its import would refuse, before the first byte", async () => {
    const { project } = await makeProject();
    const round = await db.round.findFirstOrThrow({ where: { projectId: project.id } });
    await db.round.update({ where: { id: round.id }, data: { name: " Main" } });
    const gen = exportJsonl(admin, { projectId: project.id });
    const error = await gen.next().then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).fields).toEqual([
      {
        field: "round.name",
        message: expect.stringMatching(
          new RegExp(`^must be trimmed: the round ${round.id} could not be imported again`),
        ),
      },
    ]);
  });

  it("lets the project's curators and managers export it; an anonymised curator gets pseudonyms", async () => {
    const curated = recordsOf(await collect(exportJsonl(cyd, { projectId })));
    expect(curated[0]).toMatchObject({ pseudonymised: true });
    const text = JSON.stringify(curated);
    for (const u of [admin, ann, ben, cyd]) {
      expect(text).not.toContain(u.id);
      expect(text).not.toContain(u.email);
    }
    expect(curated.filter((r) => r.type === "member").every((m) => /^R\d+$/.test(String(m.userId)))).toBe(true);
    const mia = await makeUser("reviewer", "Mia");
    await db.projectMember.update({
      where: { projectId_userId: { projectId, userId: mia.id } },
      data: { role: "manager" },
    });
    const managed = await collect(exportJsonl(mia, { projectId }));
    expect(recordsOf(managed)[0]).toMatchObject({ pseudonymised: false });
    expect(managed).toContain(cyd.email);
    await expect(collect(exportJsonl(cyd, {}))).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
