// Running a study: per-project roles in every use case, assignment modes (overlap, manual CSV, pull under
// concurrency), removing annotators, and account care. Real database (SQLite and PostgreSQL).
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/server/actor";
import { createAnnotation } from "@/lib/server/annotations/create-annotation";
import { getAnnotationWorkspace } from "@/lib/server/articles/get-annotation-workspace";
import { listQueue } from "@/lib/server/articles/list-queue";
import { setArticleStatus } from "@/lib/server/articles/set-article-status";
import { assignManual } from "@/lib/server/assignment/assign-manual";
import { assignOverlap } from "@/lib/server/assignment/assign-overlap";
import { listAssignments } from "@/lib/server/assignment/list-assignments";
import { pullNext } from "@/lib/server/assignment/pull-next";
import { reassignUnstarted } from "@/lib/server/assignment/reassign-unstarted";
import { setAssignmentSettings } from "@/lib/server/assignment/set-assignment-settings";
import { computeProjectAgreement } from "@/lib/server/agreement/compute-project-agreement";
import { db } from "@/lib/server/db";
import { exportSpansCsv } from "@/lib/server/dataset/export-spans-csv";
import { AppError } from "@/lib/server/errors";
import { addMember } from "@/lib/server/members/add-member";
import { removeMember } from "@/lib/server/members/remove-member";
import { listProjects } from "@/lib/server/projects/projects";
import { answerQuestion } from "@/lib/server/questions/answer-question";
import { createQuestion } from "@/lib/server/questions/create-question";
import { createLabel } from "@/lib/server/taxonomy/manage-labels";
import { makeArticle, makeProject, makeUser } from "../factories";

async function code(p: Promise<unknown> | (() => Promise<unknown>)): Promise<string> {
  try {
    await (typeof p === "function" ? p() : p);
    return "OK";
  } catch (e) {
    if (e instanceof AppError) return e.code;
    throw e;
  }
}

async function drain(gen: AsyncGenerator<unknown>) {
  const out: unknown[] = [];
  for await (const x of gen) out.push(x);
  return out;
}

const TEXT = (i: number) => `Article ${i}: officials hailed the deal as historic while critics called it a sellout.`;
const admin: Actor = { id: "study-admin", role: "admin", name: "Admin", email: "study-admin@example.test" };

async function member(projectId: string, role: "manager" | "curator" | "annotator", name: string) {
  const user = await makeUser("reviewer", name, { member: false });
  await db.projectMember.create({ data: { projectId, userId: user.id, role } });
  return user;
}

describe("per-project roles", () => {
  let projectId: string, other: string, articleIds: string[], labelId: string, groupId: string;
  let manager: Actor, curator: Actor, ann1: Actor, ann2: Actor, outsider: Actor;

  beforeAll(async () => {
    const p = await makeProject("Roles");
    projectId = p.project.id;
    labelId = p.labels[0]!.id;
    groupId = p.labels[0]!.groupId;
    other = (await makeProject("Someone else's")).project.id;
    articleIds = [];
    for (let i = 0; i < 4; i++) articleIds.push((await makeArticle(projectId, TEXT(i), `A${i}`)).id);
    manager = await member(projectId, "manager", "Manager");
    curator = await member(projectId, "curator", "Curator");
    ann1 = await member(projectId, "annotator", "Ann One");
    ann2 = await member(projectId, "annotator", "Ann Two");
    outsider = await makeUser("reviewer", "Outsider", { member: false });
  });

  it("lists only member projects; the admin sees every project", async () => {
    expect((await listProjects(ann1)).map((p) => p.id)).toEqual([projectId]);
    expect((await listProjects(outsider)).map((p) => p.id)).toEqual([]);
    expect((await listProjects(admin)).map((p) => p.id)).toEqual(expect.arrayContaining([projectId, other]));
    expect(await code(listQueue(outsider, projectId))).toBe("FORBIDDEN");
    expect(await code(listQueue(ann1, other))).toBe("FORBIDDEN");
  });

  it("in everyone mode every annotator labels every article; curators and managers read but do not label", async () => {
    const span = { articleId: articleIds[0]!, labelId, start: 0, end: 7, quote: "Article" };
    expect(await code(createAnnotation(ann1, span))).toBe("OK");
    expect(await code(createAnnotation(ann2, span))).toBe("OK");
    expect(await code(createAnnotation(curator, span))).toBe("FORBIDDEN");
    expect(await code(createAnnotation(manager, span))).toBe("FORBIDDEN");
    expect(await code(createAnnotation(outsider, span))).toBe("FORBIDDEN");
    expect(await code(getAnnotationWorkspace(curator, articleIds[0]!))).toBe("OK");
    expect(await code(getAnnotationWorkspace(outsider, articleIds[0]!))).toBe("FORBIDDEN");
  });

  it("curators: agreement and everyone's spans; managers: corpus, taxonomy, questions, members; annotators neither", async () => {
    for (const [who, agreement, manage] of [
      [ann1, "FORBIDDEN", "FORBIDDEN"],
      [curator, "OK", "FORBIDDEN"],
      [manager, "OK", "OK"],
      [outsider, "FORBIDDEN", "FORBIDDEN"],
    ] as const) {
      expect(await code(computeProjectAgreement(who, projectId)), `${who.name} agreement`).toBe(agreement);
      expect(await code(makeArticleAs(who)), `${who.name} article`).toBe(manage);
      expect(
        await code(
          createLabel(who, {
            projectId,
            groupId,
            name: `L ${who.name}`,
            colour: "#123456",
            definition: "",
            guideline: "",
            hotkey: null,
          }),
        ),
        `${who.name} label`,
      ).toBe(manage);
      expect(
        await code(createQuestion(who, { projectId, prompt: `Q ${who.name}`, kind: "choice", options: ["a", "b"] })),
        `${who.name} question`,
      ).toBe(manage);
      expect(
        await code(addMember(who, { projectId, email: outsider.email, role: "curator" })),
        `${who.name} members`,
      ).toBe(manage === "OK" ? "OK" : "FORBIDDEN");
      await db.projectMember.deleteMany({ where: { projectId, userId: outsider.id } });
    }
    const all = (await drain(exportSpansCsv(curator, { projectId }))).join("");
    expect(all).toContain("Ann One");
    expect(all).toContain("Ann Two");
    expect(await code(drain(exportSpansCsv(ann1, { projectId, reviewerIds: [ann2.id] })))).toBe("FORBIDDEN");
    expect(await code(drain(exportSpansCsv(outsider, { projectId })))).toBe("FORBIDDEN");
  });

  async function makeArticleAs(who: Actor) {
    const { createArticle } = await import("@/lib/server/articles/create-article");
    return createArticle(who, {
      projectId,
      title: `by ${who.name}`,
      text: `A text by ${who.name}.`,
      url: null,
      publishedAt: null,
    });
  }

  it("in an assignment mode an annotator opens and labels only assigned articles (page data, writes, questions, queue)", async () => {
    await assignManual(manager, {
      projectId,
      csv: `article_id,user\n${articleIds[1]},${ann1.email}\n${articleIds[2]},${ann2.id}\n`,
    });
    const question = await createQuestion(manager, {
      projectId,
      prompt: "Slant",
      kind: "choice",
      options: ["critical", "neutral"],
    });
    const foreign = articleIds[2]!;
    expect(await code(getAnnotationWorkspace(ann1, foreign))).toBe("FORBIDDEN");
    expect(
      await code(createAnnotation(ann1, { articleId: foreign, labelId, start: 0, end: 7, quote: "Article" })),
    ).toBe("FORBIDDEN");
    expect(await code(setArticleStatus(ann1, { articleId: foreign, status: "done" }))).toBe("FORBIDDEN");
    expect(await code(answerQuestion(ann1, { questionId: question.id, articleId: foreign, value: "critical" }))).toBe(
      "FORBIDDEN",
    );
    expect(await code(getAnnotationWorkspace(ann1, articleIds[1]!))).toBe("OK");
    expect(
      await code(createAnnotation(ann1, { articleId: articleIds[1]!, labelId, start: 0, end: 7, quote: "Article" })),
    ).toBe("OK");
    expect((await listQueue(ann1, projectId)).items.map((i) => i.id)).toEqual([articleIds[1]]);
    expect((await listQueue(curator, projectId)).items).toHaveLength(articleIds.length + 1);
    // The earlier span on article 0 stays, but the article is no longer theirs to change.
    expect(await code(getAnnotationWorkspace(ann1, articleIds[0]!))).toBe("FORBIDDEN");
  });

  it("removing an annotator keeps their spans and releases only unstarted assignments, which the manager can reassign", async () => {
    await assignManual(manager, { projectId, csv: `article_id,user\n${articleIds[3]},${ann1.email}\n` });
    const spans = await db.annotation.count({ where: { userId: ann1.id } });
    expect(await code(removeMember(curator, { projectId, userId: ann1.id }))).toBe("FORBIDDEN");
    const { released } = await removeMember(manager, { projectId, userId: ann1.id });
    expect(released).toBe(1); // article 3 (unstarted); article 1 has ann1's span and stays assigned
    expect(await db.annotation.count({ where: { userId: ann1.id } })).toBe(spans);
    expect(await db.assignment.count({ where: { userId: ann1.id, articleId: articleIds[1]! } })).toBe(1);
    expect(
      await code(createAnnotation(ann1, { articleId: articleIds[1]!, labelId, start: 9, end: 10, quote: "1" })),
    ).toBe("FORBIDDEN");
    // Back in the team, then their unstarted work goes to a colleague.
    await addMember(manager, { projectId, email: ann1.email, role: "annotator" });
    await assignManual(manager, { projectId, csv: `article_id,user\n${articleIds[3]},${ann1.email}\n` });
    expect(await reassignUnstarted(manager, { projectId, fromUserId: ann1.id, toUserId: ann2.id })).toEqual({
      moved: 1,
      kept: 0,
    });
    expect((await listQueue(ann2, projectId)).items.map((i) => i.id)).toEqual([articleIds[2], articleIds[3]]);
  });
});

describe("fixed overlap on the database", () => {
  it("assigns every article to exactly k annotators, balanced, and extends without moving started work", async () => {
    const { project, labels } = await makeProject("Overlap");
    const articles: string[] = [];
    for (let i = 0; i < 10; i++) articles.push((await makeArticle(project.id, TEXT(i), `O${i}`)).id);
    const team: Actor[] = [];
    for (let i = 0; i < 5; i++) team.push(await member(project.id, "annotator", `O${i}`));
    const first = await assignOverlap(admin, { projectId: project.id, k: 2, seed: 3 });
    expect(first).toMatchObject({ articles: 10, annotators: 5, k: 2, assigned: 20, kept: 0 });
    const rows = await db.assignment.findMany({
      where: { projectId: project.id },
      select: { articleId: true, userId: true },
    });
    const perArticle = new Map<string, number>();
    const perUser = new Map<string, number>();
    for (const r of rows) {
      perArticle.set(r.articleId, (perArticle.get(r.articleId) ?? 0) + 1);
      perUser.set(r.userId, (perUser.get(r.userId) ?? 0) + 1);
    }
    expect([...perArticle.values()]).toEqual(Array(10).fill(2));
    expect([...perUser.values()]).toEqual(Array(5).fill(4));
    // Started work: the first assigned annotator of article 0 labels it.
    const startedRow = rows.find((r) => r.articleId === articles[0])!;
    const starter = team.find((t) => t.id === startedRow.userId)!;
    await createAnnotation(starter, {
      articleId: articles[0]!,
      labelId: labels[0]!.id,
      start: 0,
      end: 7,
      quote: "Article",
    });
    // Two more articles and a sixth annotator, then the same command again.
    for (let i = 10; i < 12; i++) articles.push((await makeArticle(project.id, TEXT(i), `O${i}`)).id);
    team.push(await member(project.id, "annotator", "O5"));
    const second = await assignOverlap(admin, { projectId: project.id, k: 2, seed: 3 });
    expect(second).toMatchObject({ articles: 12, annotators: 6, kept: 1, assigned: 23 });
    const after = await db.assignment.findMany({
      where: { projectId: project.id },
      select: { articleId: true, userId: true },
    });
    expect(after.some((r) => r.articleId === startedRow.articleId && r.userId === startedRow.userId)).toBe(true);
    const loads = team.map((t) => after.filter((r) => r.userId === t.id).length);
    expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(1);
    const csv = (await drain(listAssignments(admin, { projectId: project.id }))).flat() as { status: string }[];
    expect(csv).toHaveLength(24);
    expect(csv.filter((r) => r.status === "in_progress")).toHaveLength(1);
  });

  it("refuses k above the number of annotators, naming the field, and changes nothing", async () => {
    const { project } = await makeProject("Too few");
    await makeArticle(project.id, TEXT(1));
    await member(project.id, "annotator", "Only one");
    const e = await assignOverlap(admin, { projectId: project.id, k: 2 }).catch((x: AppError) => x);
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).fields.map((f) => f.field)).toEqual(["k"]);
    expect(await db.assignment.count({ where: { projectId: project.id } })).toBe(0);
  });
});

describe("manual assignment CSV", () => {
  it("checks every row first: a bad file names line and field and assigns nothing", async () => {
    const { project } = await makeProject("Manual");
    const a = await makeArticle(project.id, TEXT(1));
    const ann = await member(project.id, "annotator", "Manual annotator");
    const cur = await member(project.id, "curator", "Manual curator");
    const csv = [
      "article_id,user",
      `${a.id},${ann.email}`,
      `missing-article,${ann.email}`,
      `${a.id},nobody@example.test`,
      `${a.id},${cur.email}`,
      `${a.id},${ann.id}`,
    ].join("\n");
    const e = (await assignManual(admin, { projectId: project.id, csv }).catch((x: unknown) => x)) as {
      issues: { line: number; field: string; message: string }[];
    };
    expect(e.issues.map((i) => `${i.line}:${i.field}`)).toEqual(["3:article_id", "4:user", "5:user", "6:user"]);
    expect(await db.assignment.count({ where: { projectId: project.id } })).toBe(0);
    const header = (await assignManual(admin, { projectId: project.id, csv: "article,who\nx,y" }).catch(
      (x: unknown) => x,
    )) as { issues: { line: number; field: string }[] };
    expect(header.issues).toEqual([expect.objectContaining({ line: 1, field: "header" })]);
  });
});

describe("pull mode", () => {
  it("20 annotators pulling at once never put more than k on an article; a lapsed reservation is released", async () => {
    const { project } = await makeProject("Pull");
    for (let i = 0; i < 5; i++) await makeArticle(project.id, TEXT(i), `P${i}`);
    const crowd: Actor[] = [];
    for (let i = 0; i < 20; i++) crowd.push(await member(project.id, "annotator", `Puller ${i}`));
    await setAssignmentSettings(admin, {
      projectId: project.id,
      mode: "pull",
      k: 2,
      reservationMinutes: 30,
      anonymiseCurators: false,
      routeMetric: "alpha",
      routeBelow: null,
      routeMax: 3,
    });
    const results = await Promise.all(crowd.map((c) => pullNext(c, { projectId: project.id })));
    const got = results.filter((r) => r.articleId !== null);
    expect(got).toHaveLength(10); // 5 articles × k = 2
    const counts = await db.assignment.groupBy({
      by: ["articleId"],
      where: { projectId: project.id },
      _count: { _all: true },
    });
    expect(counts.map((c) => c._count._all).sort()).toEqual([2, 2, 2, 2, 2]);
    // Pulling again returns the same reservation, not a second article.
    const holder = crowd[results.findIndex((r) => r.articleId !== null)]!;
    const again = await pullNext(holder, { projectId: project.id });
    expect(again.articleId).toBe(got[0]!.articleId);
    // A reservation that lapses is released to the next puller; one marked done is kept for good.
    const [keep, lapse] = await db.assignment.findMany({
      where: { projectId: project.id },
      orderBy: { id: "asc" },
      take: 2,
    });
    const keeper = crowd.find((c) => c.id === keep!.userId)!;
    await setArticleStatus(keeper, { articleId: keep!.articleId, status: "done" });
    await db.assignment.updateMany({
      where: { projectId: project.id, status: "reserved" },
      data: { reservedUntil: new Date(Date.now() - 1000) },
    });
    const waiting = crowd.find((c) => results[crowd.indexOf(c)]!.articleId === null)!;
    const next = await pullNext(waiting, { projectId: project.id });
    expect(next.articleId).not.toBeNull();
    expect(await db.assignment.count({ where: { id: keep!.id, status: "assigned", reservedUntil: null } })).toBe(1);
    expect(await db.assignment.count({ where: { id: lapse!.id } })).toBe(lapse!.userId === waiting.id ? 1 : 0);
    expect(
      await code(
        createAnnotation(crowd.find((c) => c.id === lapse!.userId)!, {
          articleId: lapse!.articleId,
          labelId: (await db.label.findFirstOrThrow({ where: { projectId: project.id } })).id,
          start: 0,
          end: 7,
          quote: "Article",
        }),
      ),
    ).toBe(lapse!.userId === waiting.id ? "OK" : "FORBIDDEN");
  });

  it("is refused outside pull mode and to non-annotators", async () => {
    const { project } = await makeProject("Not pull");
    const ann = await member(project.id, "annotator", "Not pull annotator");
    const cur = await member(project.id, "curator", "Not pull curator");
    expect(await code(pullNext(ann, { projectId: project.id }))).toBe("CONFLICT");
    expect(await code(pullNext(cur, { projectId: project.id }))).toBe("FORBIDDEN");
  });
});
