// The study page's progress: per annotator (counts, spans, active time total and median, last active),
// per article (paged: its annotators and their status), and the CSV of both. Real database.
import { beforeAll, describe, expect, it } from "vitest";
import { formatDuration, median } from "@/lib/domain/activity";
import { parseCsv } from "@/lib/domain/dataset/csv";
import { PROGRESS_PAGE_SIZE, ZProgressCsvQuery } from "@/lib/schemas/progress";
import { recordActivity } from "@/lib/server/activity/record-activity";
import type { Actor } from "@/lib/server/actor";
import { createAnnotation } from "@/lib/server/annotations/create-annotation";
import { setArticleStatus } from "@/lib/server/articles/set-article-status";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { parseInput } from "@/lib/server/input";
import { getArticleProgress } from "@/lib/server/progress/article-progress";
import { getProgress } from "@/lib/server/progress/get-progress";
import { progressCsv } from "@/lib/server/progress/progress-csv";
import { makeArticle, makeProject, makeUser } from "../factories";

const admin: Actor = { id: "progress-admin", role: "admin", name: "Admin", email: "progress-admin@example.test" };
const ARTICLES = PROGRESS_PAGE_SIZE + 10;

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "OK";
  } catch (e) {
    if (e instanceof AppError) return e.code;
    throw e;
  }
}

async function csvOf(actor: Actor, raw: Record<string, string>): Promise<string[][]> {
  let text = "";
  for await (const chunk of await progressCsv(actor, parseInput(ZProgressCsvQuery, raw))) text += chunk;
  const parsed = parseCsv(text);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.rows;
}

describe("study progress", () => {
  let projectId: string, labelId: string, articleIds: string[];
  let ann: Actor[], curator: Actor;
  // Per annotator, the active ms reported on each of their articles (index into articleIds -> ms).
  const reported: Map<number, number>[] = [new Map(), new Map(), new Map()];

  beforeAll(async () => {
    const p = await makeProject("Progress");
    projectId = p.project.id;
    labelId = p.labels[0]!.id;
    articleIds = [];
    for (let i = 0; i < ARTICLES; i++)
      articleIds.push((await makeArticle(projectId, `Article ${i}: officials hailed the deal.`, `A${i}`)).id);
    const member = async (role: "annotator" | "curator", name: string) => {
      const u = await makeUser("reviewer", name, { member: false });
      await db.projectMember.create({ data: { projectId, userId: u.id, role } });
      return u;
    };
    ann = [await member("annotator", "Ann"), await member("annotator", "Ben"), await member("annotator", "Cat")];
    curator = await member("curator", "Cur");
    // Manual design: article i goes to annotators i % 3 and (i + 1) % 3 (k = 2, 40 articles each).
    const round = await db.round.findFirstOrThrow({ where: { projectId } });
    await db.project.update({ where: { id: projectId }, data: { assignmentMode: "manual", overlapK: 2 } });
    await db.assignment.createMany({
      data: articleIds.flatMap((articleId, i) =>
        [i % 3, (i + 1) % 3].map((u, slot) => ({ projectId, roundId: round.id, articleId, userId: ann[u]!.id, slot })),
      ),
    });
    // Ann: done on articles 0 and 3 (a span on 0), in progress on 6; Ben: one span on article 1 (in progress).
    await createAnnotation(ann[0]!, { articleId: articleIds[0]!, labelId, start: 0, end: 7, quote: "Article" });
    await setArticleStatus(ann[0]!, { articleId: articleIds[0]!, status: "done" });
    await setArticleStatus(ann[0]!, { articleId: articleIds[3]!, status: "done" });
    await setArticleStatus(ann[0]!, { articleId: articleIds[6]!, status: "in_progress" });
    await createAnnotation(ann[1]!, { articleId: articleIds[1]!, labelId, start: 0, end: 7, quote: "Article" });
    // Active time: Ann on articles 0, 3, 6 and 9 (an even count: the median is the mean of the middle two),
    // Ben on 1, 4 and 7 (odd), Cat on none.
    const plan: [number, number, number][] = [
      [0, 0, 90_000],
      [0, 0, 30_000],
      [0, 3, 45_000],
      [0, 6, 600_000],
      [0, 9, 5_000],
      [1, 1, 61_000],
      [1, 4, 7_000],
      [1, 7, 3_600],
    ];
    for (const [u, a, ms] of plan) {
      await recordActivity(ann[u]!, { articleId: articleIds[a]!, ms });
      reported[u]!.set(a, (reported[u]!.get(a) ?? 0) + ms);
    }
  });

  it("per annotator: assigned, not started, in progress, done, spans, active time total and median, last active", async () => {
    const started = Date.now() - 60_000;
    const progress = await getProgress(curator, projectId);
    const byName = new Map(progress.annotators.map((a) => [a.name, a]));
    expect([...byName.keys()]).toEqual(["Ann", "Ben", "Cat"]);
    const a = byName.get("Ann")!;
    expect([a.assigned, a.notStarted, a.inProgress, a.done, a.spans]).toEqual([40, 37, 1, 2, 1]);
    expect(a.activeMs).toBe(120_000 + 45_000 + 600_000 + 5_000);
    // Sorted 5 000, 45 000, 120 000, 600 000: the middle two average to 82 500 (domain median as reference).
    expect(a.medianActiveMs).toBe(82_500);
    expect(a.medianActiveMs).toBe(median([...reported[0]!.values()]));
    expect(a.lastActive!.getTime()).toBeGreaterThan(started);
    const b = byName.get("Ben")!;
    expect([b.assigned, b.notStarted, b.inProgress, b.done, b.spans]).toEqual([40, 39, 1, 0, 1]);
    expect(b.activeMs).toBe(71_600);
    expect(b.medianActiveMs).toBe(7_000);
    const c = byName.get("Cat")!;
    expect([c.assigned, c.notStarted, c.activeMs, c.medianActiveMs, c.lastActive]).toEqual([40, 40, 0, null, null]);
  });

  it("the median agrees with the domain median on many random times", async () => {
    const { project } = await makeProject("Median");
    const u = await makeUser("reviewer", "Med", { member: false });
    await db.projectMember.create({ data: { projectId: project.id, userId: u.id, role: "annotator" } });
    let seed = 11;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed;
    };
    const times: number[] = [];
    for (let i = 0; i < 37; i++) {
      const id = (await makeArticle(project.id, `Median article ${i}.`)).id;
      const ms = 1 + (rand() % 600_000);
      times.push(ms);
      await recordActivity(u, { articleId: id, ms });
    }
    const row = (await getProgress(admin, project.id)).annotators.find((a) => a.userId === u.id)!;
    expect(row.medianActiveMs).toBe(median(times));
    expect(row.activeMs).toBe(times.reduce((s, t) => s + t, 0));
  });

  it("per article: a page of 50 in article order, each with its assigned annotators and their status", async () => {
    const first = await getArticleProgress(curator, { projectId, page: 1 });
    expect([first.page, first.pages, first.total, first.articles.length]).toEqual([1, 2, ARTICLES, 50]);
    expect(first.articles.map((a) => a.id)).toEqual(articleIds.slice(0, 50));
    const a0 = first.articles[0]!;
    expect(a0.annotators.map((x) => [x.name, x.status, x.activeMs, x.assigned])).toEqual([
      ["Ann", "done", 120_000, true],
      ["Ben", "not_started", 0, true],
    ]);
    const a1 = first.articles[1]!;
    expect(a1.annotators.map((x) => [x.name, x.status, x.activeMs])).toEqual([
      ["Ben", "in_progress", 61_000],
      ["Cat", "not_started", 0],
    ]);
    expect(first.articles.every((a) => a.annotators.length === 2)).toBe(true);
    const second = await getArticleProgress(curator, { projectId, page: 2 });
    expect(second.articles.map((a) => a.id)).toEqual(articleIds.slice(50));
    // A page past the end shows the last one.
    expect((await getArticleProgress(curator, { projectId, page: 99 })).page).toBe(2);
  });

  it("someone who worked on an article no longer assigned to them stays listed, marked as not assigned", async () => {
    // Article 2 goes to Cat and Ann; Ben marks it in progress without an assignment (before a reassignment).
    await db.articleStatus.create({ data: { articleId: articleIds[2]!, userId: ann[1]!.id, status: "in_progress" } });
    const row = (await getArticleProgress(curator, { projectId, page: 1 })).articles[2]!;
    expect(row.annotators.map((x) => [x.name, x.status, x.assigned])).toEqual([
      ["Cat", "not_started", true],
      ["Ann", "not_started", true],
      ["Ben", "in_progress", false],
    ]);
    await db.articleStatus.delete({ where: { articleId_userId: { articleId: articleIds[2]!, userId: ann[1]!.id } } });
  });

  it("in everyone mode every annotator member is an article's annotator", async () => {
    await db.project.update({ where: { id: projectId }, data: { assignmentMode: "everyone" } });
    try {
      const page = await getArticleProgress(admin, { projectId, page: 1 });
      expect(page.articles[0]!.annotators.map((x) => [x.name, x.status])).toEqual([
        ["Ann", "done"],
        ["Ben", "not_started"],
        ["Cat", "not_started"],
      ]);
      expect((await getProgress(admin, projectId)).annotators.map((a) => a.assigned)).toEqual([60, 60, 60]);
    } finally {
      await db.project.update({ where: { id: projectId }, data: { assignmentMode: "manual" } });
    }
  });

  it("only curators, managers and the admin see it", async () => {
    const outsider = await makeUser("reviewer", "Out", { member: false });
    for (const who of [ann[0]!, outsider]) {
      expect(await code(getArticleProgress(who, { projectId, page: 1 })), who.name).toBe("FORBIDDEN");
      expect(await code(progressCsv(who, { projectId, format: "csv", view: "articles" })), who.name).toBe("FORBIDDEN");
    }
  });

  it("CSV: one row per annotator, and one per article and annotator over every page", async () => {
    const annotators = await csvOf(curator, { projectId, format: "csv" });
    expect(annotators[0]).toEqual([
      "user_id",
      "name",
      "email",
      "assigned",
      "not_started",
      "in_progress",
      "done",
      "spans",
      "active_total",
      "active_median",
      "active_total_ms",
      "active_median_ms",
      "last_active",
    ]);
    const ann0 = annotators.find((r) => r[1] === "Ann")!;
    expect(ann0.slice(3, 12)).toEqual([
      "40",
      "37",
      "1",
      "2",
      "1",
      formatDuration(770_000),
      "0:01:22",
      "770000",
      "82500",
    ]);
    expect(annotators.find((r) => r[1] === "Cat")!.slice(8, 13)).toEqual(["0:00:00", "", "0", "", ""]);
    const articles = await csvOf(curator, { projectId, format: "csv", view: "articles" });
    expect(articles).toHaveLength(1 + ARTICLES * 2);
    const header = articles[0]!;
    const col = (name: string) => header.indexOf(name);
    const ofArticle = (i: number) => articles.filter((r) => r[col("article_id")] === articleIds[i]);
    expect(ofArticle(0).map((r) => [r[col("name")], r[col("status")], r[col("active_ms")], r[col("active")]])).toEqual([
      ["Ann", "done", "120000", "0:02:00"],
      ["Ben", "not_started", "0", "0:00:00"],
    ]);
    expect(ofArticle(ARTICLES - 1)).toHaveLength(2);
  });
});
