import { beforeAll, describe, expect, it } from "vitest";
import { computeItemAgreement } from "@/lib/domain/agreement/item";
import { computeSpanAgreement, type Span } from "@/lib/domain/agreement/spans";
import type { Actor } from "@/lib/server/actor";
import { clearAgreementCache, computeProjectAgreement } from "@/lib/server/agreement/compute-project-agreement";
import { warmAgreementCache } from "@/lib/server/agreement/warm-up";
import { createAnnotation } from "@/lib/server/annotations/create-annotation";
import { deleteAnnotation } from "@/lib/server/annotations/delete-annotation";
import { updateAnnotation } from "@/lib/server/annotations/update-annotation";
import { setArticleStatus } from "@/lib/server/articles/set-article-status";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { answerQuestion } from "@/lib/server/questions/answer-question";
import { createQuestion } from "@/lib/server/questions/create-question";
import { getArticleQuestions } from "@/lib/server/questions/get-article-questions";
import { importAnnotations } from "@/lib/server/dataset/import-annotations";
import { ZCreateQuestion } from "@/lib/schemas/question";
import { makeArticle, makeProject, makeUser, viaSchema } from "../factories";

async function rejects(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error("expected the use case to refuse");
}

const TEXTS = [
  "The minister said the talks would resume after a pause. Critics called it a stunt to win votes at home.",
  "Sources claim the deal was signed in secret. The ceasefire held for a week before shelling resumed.",
  "Officials insisted the alliance remains solid 👍🏽, while analysts warned of a looming split.",
];

let ann: Actor, ben: Actor, cat: Actor, admin: Actor;
let projectId: string;
let articleIds: string[];
let labelIds: string[];
let texts: Map<string, string>;

function find(text: string, quote: string) {
  const cps = Array.from(text);
  const q = Array.from(quote);
  for (let i = 0; i + q.length <= cps.length; i++)
    if (q.every((c, j) => cps[i + j] === c)) return { start: i, end: i + q.length, quote };
  throw new Error(`not found: ${quote}`);
}

async function mark(who: Actor, article: number, label: number, quote: string) {
  const articleId = articleIds[article]!;
  return createAnnotation(who, { articleId, labelId: labelIds[label]!, ...find(texts.get(articleId)!, quote) });
}

/** The same spans and raters, straight from the database, through the pure engine. */
async function engineOnDatabase() {
  const rows = await db.annotation.findMany({
    where: { article: { projectId } },
    select: { articleId: true, userId: true, labelId: true, start: true, end: true },
  });
  const spans: Span[] = rows.map((r) => ({
    document: r.articleId,
    rater: r.userId,
    label: r.labelId,
    start: r.start,
    end: r.end,
  }));
  const raters = new Map<string, Set<string>>();
  for (const s of spans) raters.set(s.document, (raters.get(s.document) ?? new Set()).add(s.rater));
  const done = await db.articleStatus.findMany({ where: { status: "done", article: { projectId } } });
  for (const d of done) raters.set(d.articleId, (raters.get(d.articleId) ?? new Set()).add(d.userId));
  const lengths = new Map([...raters.keys()].map((id) => [id, Array.from(texts.get(id)!).length]));
  const documentRaters = new Map([...raters].map(([id, set]) => [id, [...set]]));
  const compared = new Map([...raters].filter(([, s]) => s.size >= 2).map(([id]) => [id, texts.get(id)!]));
  return computeSpanAgreement(spans, lengths, { documentRaters, texts: compared });
}

beforeAll(async () => {
  [ann, ben, cat, admin] = await Promise.all([
    makeUser("reviewer", "Ann"),
    makeUser("reviewer", "Ben"),
    makeUser("reviewer", "Cat"),
    makeUser("admin", "Ada"),
  ]);
  const made = await makeProject();
  projectId = made.project.id;
  labelIds = made.labels.map((l) => l.id);
  articleIds = [];
  texts = new Map();
  for (const [i, t] of TEXTS.entries()) {
    const a = await makeArticle(projectId, t, `Article ${i + 1}`);
    articleIds.push(a.id);
    texts.set(a.id, t);
  }
  // Article 1: Ann and Ben agree on one span, disagree on the label of another.
  await mark(ann, 0, 0, "talks would resume");
  await mark(ben, 0, 0, "talks would resume");
  await mark(ann, 0, 7, "a stunt to win votes");
  await mark(ben, 0, 3, "a stunt to win votes at home");
  // Article 2: Ann marks, Ben marks something else entirely, Cat is done with nothing marked.
  await mark(ann, 1, 0, "the deal was signed in secret");
  await mark(ben, 1, 3, "shelling resumed");
  await setArticleStatus(cat, { articleId: articleIds[1]!, status: "done" });
  // Article 3: only Ann.
  await mark(ann, 2, 5, "alliance remains solid");
});

describe("computeProjectAgreement", () => {
  it("is for admins only", async () => {
    const e = await rejects(computeProjectAgreement(ann, projectId));
    expect(e.code).toBe("FORBIDDEN");
    const missing = await rejects(computeProjectAgreement(admin, "no-such-project"));
    expect(missing.code).toBe("NOT_FOUND");
  });

  it("reports what the engine computes on the same spans and raters, with names", async () => {
    clearAgreementCache();
    const r = await computeProjectAgreement(admin, projectId);
    const expected = await engineOnDatabase();
    expect(r.cached).toBe(false);
    expect(r.corpus).toEqual(expected.corpus);
    expect(r.perLabel).toEqual(expected.perLabel);
    expect(r.perPair).toEqual(expected.perPair);
    // Cat, done without spans, is a rater of article 2; article 3 has one rater and is not compared.
    expect(r.articlesWithRaters).toBe(3);
    expect(r.corpus.documentsCompared).toBe(2);
    expect(r.documents.map((d) => d.articleId).sort()).toEqual([articleIds[0], articleIds[1]].sort());
    expect(r.documents.find((d) => d.articleId === articleIds[1])!.raters).toBe(3);
    expect(r.raters[cat.id]?.name).toBe("Cat");
    expect(r.labels[labelIds[0]!]?.name).toBeTruthy();
    expect(r.articleTitles[articleIds[0]!]).toBe("Article 1");
    // Article 2 (nothing overlaps) is worse than article 1 (one exact match): worst first.
    expect(r.documents[0]!.articleId).toBe(articleIds[1]);
    expect(r.documents[0]!.disagreement).toBe(1);
    const docOne = expected.documents.find((d) => d.document === articleIds[0])!;
    const pair = docOne.pairs[0]!;
    expect(r.documents[1]!.meanOverlapF1).toBeCloseTo(pair.overlapF1.f1!, 12);
    expect(r.corpus.exactF1.micro.f1).not.toBeNull();
  });

  it("the start-up warm-up computes the most active projects, so the first visit is a cache hit", async () => {
    clearAgreementCache();
    await db.project.update({ where: { id: projectId }, data: { annotationRevision: { increment: 1000 } } });
    const warmed = await warmAgreementCache();
    expect(warmed).toContain(projectId);
    const first = await computeProjectAgreement(admin, projectId);
    expect(first.cached).toBe(true);
    expect(first.stale).toBeNull();
    clearAgreementCache();
    const cold = await computeProjectAgreement(admin, projectId);
    expect(cold.cached).toBe(false);
    expect(cold.corpus).toEqual(first.corpus);
  });

  it("serves the cache while nothing changes, and recomputes after create, update, delete and status changes", async () => {
    clearAgreementCache();
    const first = await computeProjectAgreement(admin, projectId);
    const again = await computeProjectAgreement(admin, projectId);
    expect(again.cached).toBe(true);
    expect(again.revision).toBe(first.revision);

    const created = await mark(ben, 2, 5, "alliance remains solid");
    const afterCreate = await computeProjectAgreement(admin, projectId);
    expect(afterCreate.cached).toBe(false);
    expect(afterCreate.revision).toBeGreaterThan(first.revision);
    expect(afterCreate.corpus.documentsCompared).toBe(3);
    expect(afterCreate.corpus).toEqual((await engineOnDatabase()).corpus);

    // A reviewer's later spans take a shorter write path (no status upsert); they bump the revision too.
    const more = await mark(ben, 2, 5, "looming split");
    const afterMore = await computeProjectAgreement(admin, projectId);
    expect(afterMore.cached).toBe(false);
    expect(afterMore.revision).toBeGreaterThan(afterCreate.revision);
    expect(afterMore.corpus).toEqual((await engineOnDatabase()).corpus);
    await deleteAnnotation(ben, { id: more.id });

    await updateAnnotation(ben, { id: created.id, labelId: labelIds[6]! });
    const afterUpdate = await computeProjectAgreement(admin, projectId);
    expect(afterUpdate.cached).toBe(false);
    expect(afterUpdate.corpus).toEqual((await engineOnDatabase()).corpus);
    expect(afterUpdate.corpus.exactF1.micro.f1).toBeLessThan(afterCreate.corpus.exactF1.micro.f1!);

    await deleteAnnotation(ben, { id: created.id });
    const afterDelete = await computeProjectAgreement(admin, projectId);
    expect(afterDelete.cached).toBe(false);
    expect(afterDelete.corpus.documentsCompared).toBe(2);
    expect(afterDelete.corpus).toEqual(first.corpus);

    // Marking an article done without spans makes the reviewer a rater.
    await setArticleStatus(cat, { articleId: articleIds[0]!, status: "done" });
    const afterStatus = await computeProjectAgreement(admin, projectId);
    expect(afterStatus.cached).toBe(false);
    expect(afterStatus.documents.find((d) => d.articleId === articleIds[0])!.raters).toBe(3);
    expect(afterStatus.corpus).toEqual((await engineOnDatabase()).corpus);
  });

  it("an annotation import bumps the revision too", async () => {
    const before = await computeProjectAgreement(admin, projectId);
    const text = TEXTS[2]!;
    const from = text.indexOf("analysts warned");
    const task = [
      {
        id: 1,
        data: { text },
        annotations: [
          {
            completed_by: { id: 1, email: cat.email },
            result: [
              {
                type: "labels",
                from_name: "label",
                value: {
                  start: from,
                  end: from + 15,
                  text: "analysts warned",
                  labels: [(await db.label.findUniqueOrThrow({ where: { id: labelIds[5]! } })).name],
                },
              },
            ],
          },
        ],
      },
    ];
    const result = await importAnnotations(admin, projectId, "labelstudio", JSON.stringify(task));
    expect(result).toMatchObject({ articlesMatched: 1, spansCreated: 1 });
    const after = await computeProjectAgreement(admin, projectId);
    expect(after.cached).toBe(false);
    expect(after.revision).toBeGreaterThan(before.revision);
    expect(after.corpus).toEqual((await engineOnDatabase()).corpus);
    expect(after.documents.find((d) => d.articleId === articleIds[2])?.raters).toBe(2);
    const imported = await db.annotation.findFirstOrThrow({ where: { userId: cat.id, articleId: articleIds[2]! } });
    await deleteAnnotation(cat, { id: imported.id });
  });

  it("after changes, only changed articles are recomputed, and every figure equals a computation from scratch", async () => {
    const strip = ({
      computedAt: _a,
      computeMs: _b,
      timings: _c,
      cached: _d,
      ...rest
    }: Awaited<ReturnType<typeof computeProjectAgreement>>) => rest;
    clearAgreementCache();
    await computeProjectAgreement(admin, projectId);
    const before = await db.article.findMany({ where: { projectId }, select: { id: true, annotationRevision: true } });
    const created = await mark(cat, 0, 2, "Critics called it");
    await setArticleStatus(ben, { articleId: articleIds[2]!, status: "done" });
    const after = await db.article.findMany({ where: { projectId }, select: { id: true, annotationRevision: true } });
    const moved = after
      .filter((a) => before.find((b) => b.id === a.id)!.annotationRevision !== a.annotationRevision)
      .map((a) => a.id);
    expect(moved.sort()).toEqual([articleIds[0]!, articleIds[2]!].sort()); // article 2 untouched: its partial is reused
    const incremental = await computeProjectAgreement(admin, projectId);
    clearAgreementCache();
    const full = await computeProjectAgreement(admin, projectId);
    expect(strip(incremental)).toStrictEqual(strip(full));
    await deleteAnnotation(cat, { id: created.id });
    await setArticleStatus(ben, { articleId: articleIds[2]!, status: "in_progress" });
    const undone = await computeProjectAgreement(admin, projectId);
    clearAgreementCache();
    expect(strip(undone)).toStrictEqual(strip(await computeProjectAgreement(admin, projectId)));
  });

  it("a second app instance (a fresh cache) sees the same revision and figures", async () => {
    const a = await computeProjectAgreement(admin, projectId);
    clearAgreementCache();
    const b = await computeProjectAgreement(admin, projectId);
    expect(b.cached).toBe(false);
    expect(b.revision).toBe(a.revision);
    expect(b.corpus).toEqual(a.corpus);
  });
});

describe("computeProjectAgreement with a wait budget", () => {
  it("serves the previous figures marked stale while a new revision computes, then the fresh ones", async () => {
    const before = await computeProjectAgreement(admin, projectId);
    const span = await mark(cat, 2, 5, "alliance remains solid");
    const quick = await computeProjectAgreement(admin, projectId, { maxWaitMs: 0 });
    expect(quick.stale).toEqual({ currentRevision: before.revision + 1 });
    expect(quick.revision).toBe(before.revision);
    expect(quick.corpus).toEqual(before.corpus);
    const fresh = await computeProjectAgreement(admin, projectId, { maxWaitMs: 10_000 });
    expect(fresh.stale).toBeNull();
    expect(fresh.revision).toBe(before.revision + 1);
    expect(fresh.corpus.documentsCompared).toBe(before.corpus.documentsCompared + 1);
    // Without a budget the call never returns stale figures.
    await deleteAnnotation(cat, { id: span.id });
    const waited = await computeProjectAgreement(admin, projectId);
    expect(waited.stale).toBeNull();
    expect(waited.corpus).toEqual(before.corpus);
  });
});

describe("article-level questions", () => {
  let slantId: string;
  let frameId: string;

  it("admins define questions; bad input is refused field by field and changes nothing", async () => {
    expect(
      (
        await rejects(
          viaSchema(ZCreateQuestion, { projectId, prompt: "Slant?", kind: "choice", options: ["a", "b"] }, (input) =>
            createQuestion(ann, input),
          ),
        )
      ).code,
    ).toBe("FORBIDDEN");
    const bad = await rejects(
      viaSchema(ZCreateQuestion, { projectId, prompt: "Slant?", kind: "choice", options: ["only one"] }, (input) =>
        createQuestion(admin, input),
      ),
    );
    expect(bad.code).toBe("INVALID");
    expect(bad.fields.map((f) => f.field)).toContain("options");
    const badKind = await rejects(
      viaSchema(ZCreateQuestion, { projectId, prompt: "Slant?", kind: "scale", options: [] }, (input) =>
        createQuestion(admin, input),
      ),
    );
    expect(badKind.fields.map((f) => f.field)).toContain("kind");
    expect(await db.question.count({ where: { projectId } })).toBe(0);

    slantId = (
      await viaSchema(
        ZCreateQuestion,
        { projectId, prompt: "Overall slant", kind: "ordinal", options: ["critical", "neutral", "supportive"] },
        (input) => createQuestion(admin, input),
      )
    ).id;
    frameId = (
      await viaSchema(ZCreateQuestion, { projectId, prompt: "Primary frame", kind: "frame" }, (input) =>
        createQuestion(admin, input),
      )
    ).id;
  });

  it("reviewers answer for themselves and never see another reviewer's answer", async () => {
    const articleId = articleIds[0]!;
    await answerQuestion(ann, { questionId: slantId, articleId, value: "critical" });
    const annView = await getArticleQuestions(ann, articleId);
    expect(annView.questions.find((q) => q.id === slantId)!.answer).toBe("critical");
    const benView = await getArticleQuestions(ben, articleId);
    expect(benView.questions.find((q) => q.id === slantId)!.answer).toBeNull();
    expect(JSON.stringify(benView)).not.toContain('critical","answer');

    const notAnOption = await rejects(answerQuestion(ben, { questionId: slantId, articleId, value: "hostile" }));
    expect(notAnOption.fields).toEqual([{ field: "value", message: "is not one of the question's choices" }]);
    const notAFrame = await rejects(answerQuestion(ben, { questionId: frameId, articleId, value: labelIds[12]! }));
    expect(notAFrame.fields[0]!.field).toBe("value");
    expect(await db.answer.count({ where: { userId: ben.id } })).toBe(0);

    // Clearing an answer removes it.
    await answerQuestion(ann, { questionId: slantId, articleId: articleIds[2]!, value: "neutral" });
    await answerQuestion(ann, { questionId: slantId, articleId: articleIds[2]!, value: null });
    expect(await db.answer.count({ where: { userId: ann.id, articleId: articleIds[2]! } })).toBe(0);
  });

  it("question agreement equals the item-level engine on the answers (ordinal options ranked), and updates without a recompute", async () => {
    const frames = (await getArticleQuestions(ann, articleIds[0]!)).questions.find((q) => q.id === frameId)!.choices;
    expect(frames.length).toBeGreaterThan(1);
    const answers: [Actor, number, string][] = [
      [ben, 0, "neutral"],
      [ann, 1, "critical"],
      [ben, 1, "critical"],
      [ann, 2, "supportive"],
      [ben, 2, "neutral"],
      [cat, 2, "supportive"],
    ];
    for (const [who, a, value] of answers)
      await answerQuestion(who, { questionId: slantId, articleId: articleIds[a]!, value });
    await answerQuestion(ann, { questionId: frameId, articleId: articleIds[0]!, value: frames[0]!.value });
    await answerQuestion(ben, { questionId: frameId, articleId: articleIds[0]!, value: frames[1]!.value });

    const r = await computeProjectAgreement(admin, projectId);
    const slant = r.questions.find((q) => q.questionId === slantId)!;
    expect(slant.level).toBe("ordinal");
    expect(slant.answers).toBe(7);
    const rank = { critical: 0, neutral: 1, supportive: 2 } as const;
    const records = [[ann, 0, "critical"] as [Actor, number, string], ...answers].map(([who, a, v]) => ({
      item: articleIds[a]!,
      rater: who.id,
      value: rank[v as keyof typeof rank],
    }));
    expect(slant.report).toEqual(computeItemAgreement(records, { level: "ordinal" }));
    const alpha = slant.report.coefficients.find((c) => c.name === "krippendorffAlpha" && c.level === "ordinal")!;
    expect(alpha.value).not.toBeNull();

    const frame = r.questions.find((q) => q.questionId === frameId)!;
    expect(frame.answers).toBe(2);
    expect(frame.report.coefficients.find((c) => c.name === "percentAgreement")!.value).toBe(0);
  });
});
