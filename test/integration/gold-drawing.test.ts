import { beforeAll, describe, expect, it } from "vitest";
import { ZDrawGoldSpan } from "@/lib/schemas/adjudication";
import type { Actor } from "@/lib/server/actor";
import { acceptCandidate } from "@/lib/server/adjudication/accept-candidate";
import { acceptMajority } from "@/lib/server/adjudication/accept-majority";
import { drawGoldSpan } from "@/lib/server/adjudication/draw-gold-span";
import { editGoldSpan } from "@/lib/server/adjudication/edit-gold-span";
import { getCompareData } from "@/lib/server/adjudication/get-compare-data";
import { rejectCandidate } from "@/lib/server/adjudication/reject-candidate";
import { setArticleAdjudicated } from "@/lib/server/adjudication/set-article-adjudicated";
import { setCompareSettings } from "@/lib/server/adjudication/set-compare-settings";
import { createAnnotation } from "@/lib/server/annotations/create-annotation";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { setLabelArchived } from "@/lib/server/taxonomy/manage-labels";
import { makeArticle, makeProject, makeUser, viaSchema } from "../factories";

const TEXT = "Officials 👍🏽 said the deal was done.\nCritics said otherwise, again.";

function at(quote: string, from = 0) {
  const cps = Array.from(TEXT);
  const q = Array.from(quote);
  for (let i = from; i + q.length <= cps.length; i++)
    if (q.every((c, j) => cps[i + j] === c)) return { start: i, end: i + q.length, quote };
  throw new Error(`quote not found: ${quote}`);
}

async function refused(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error("expected the use case to refuse");
}

const goldOf = (articleId: string) => db.goldSpan.findMany({ where: { articleId }, orderBy: { id: "asc" } });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let admin: Actor, ann: Actor, ben: Actor;
let projectId: string, articleId: string;
let X: string, Y: string;

beforeAll(async () => {
  admin = await makeUser("admin", "Ada");
  ann = await makeUser("reviewer", "Ann");
  ben = await makeUser("reviewer", "Ben");
  const { project, labels } = await makeProject("Gold drawing");
  projectId = project.id;
  [X, Y] = [labels[0]!.id, labels[1]!.id];
  articleId = (await makeArticle(projectId, TEXT, "Draw on me")).id;
  for (const r of [ann, ben]) await createAnnotation(r, { articleId, labelId: X, ...at("👍🏽 said") });
  await createAnnotation(ann, { articleId, labelId: Y, ...at("Critics") });
});

describe("drawGoldSpan", () => {
  it("adds a span nobody marked, without provenance, keeping code-point offsets", async () => {
    const span = at("the deal");
    const g = await drawGoldSpan(admin, { articleId, labelId: Y, ...span });
    expect(g).toMatchObject({ ...span, labelId: Y, sourceAnnotationIds: [], sourceUserIds: [], editedAt: null });
    const data = await getCompareData(admin, articleId);
    expect(data.gold.find((x) => x.id === g.id)).toMatchObject({ quote: "the deal" });
    expect(data.bars[g.id]).toMatchObject({ gold: true, who: "gold, drawn by the adjudicator", edited: false });
  });

  it("takes the reviewers' spans on exactly that text as provenance and withdraws a rejection", async () => {
    const span = at("Critics");
    await rejectCandidate(admin, { articleId, labelId: Y, start: span.start, end: span.end });
    const g = await drawGoldSpan(admin, { articleId, labelId: Y, ...span });
    expect(g.sourceUserIds).toEqual([ann.id]);
    expect(g.sourceAnnotationIds).toHaveLength(1);
    expect(await db.rejectedCandidate.count({ where: { articleId, labelId: Y } })).toBe(0);
    const data = await getCompareData(admin, articleId);
    expect(data.candidates.find((c) => c.label === Y && c.start === span.start)).toMatchObject({
      decision: "accepted",
      goldId: g.id,
    });
  });

  it("refuses a wrong quote, reversed offsets, an archived label, a duplicate and a reviewer, changing nothing", async () => {
    const before = JSON.stringify(await goldOf(articleId));
    const span = at("otherwise");
    const wrong = await refused(drawGoldSpan(admin, { articleId, labelId: X, ...span, quote: "otherwiss" }));
    expect(wrong.fields.map((f) => f.field)).toEqual(["quote"]);
    const reversed = await refused(
      viaSchema(ZDrawGoldSpan, { articleId, labelId: X, start: 9, end: 3, quote: "x" }, (i) => drawGoldSpan(admin, i)),
    );
    expect(reversed.code).toBe("INVALID");
    expect(reversed.fields.map((f) => f.field)).toContain("end");
    const dup = await refused(drawGoldSpan(admin, { articleId, labelId: Y, ...at("the deal") }));
    expect(dup.code).toBe("CONFLICT");
    expect(dup.fields[0]?.field).toBe("start");
    const reviewer = await refused(drawGoldSpan(ann, { articleId, labelId: X, ...span }));
    expect(reviewer.code).toBe("FORBIDDEN");
    const { labels } = await makeProject("Archived label");
    const other = await refused(drawGoldSpan(admin, { articleId, labelId: labels[0]!.id, ...span }));
    expect(other.fields[0]?.field).toBe("labelId");
    await setLabelArchived(admin, { id: X }, true);
    try {
      const archived = await refused(drawGoldSpan(admin, { articleId, labelId: X, ...span }));
      expect(archived.fields[0]?.field).toBe("labelId");
    } finally {
      await setLabelArchived(admin, { id: X }, false);
    }
    expect(JSON.stringify(await goldOf(articleId))).toBe(before);
  });

  it("is refused while the article is marked adjudicated", async () => {
    await setArticleAdjudicated(admin, { articleId, adjudicated: true });
    try {
      const e = await refused(drawGoldSpan(admin, { articleId, labelId: X, ...at("again") }));
      expect(e.code).toBe("LOCKED");
    } finally {
      await setArticleAdjudicated(admin, { articleId, adjudicated: false });
    }
  });
});

describe("editing a gold span", () => {
  it("keeps its provenance, marks it edited, and does not reopen the candidate it came from", async () => {
    const said = at("👍🏽 said");
    const accepted = await acceptCandidate(admin, { articleId, labelId: X, start: said.start, end: said.end });
    expect(accepted.editedAt).toBeNull();
    const openBefore = (await getCompareData(admin, articleId)).totals.open;

    const wider = at("Officials 👍🏽 said");
    const moved = await editGoldSpan(admin, { id: accepted.id, ...wider });
    expect(moved).toMatchObject({ ...wider, sourceAnnotationIds: accepted.sourceAnnotationIds });
    expect(moved.sourceUserIds).toEqual([ann.id, ben.id].sort());
    expect(moved.editedAt).toBeInstanceOf(Date);

    const data = await getCompareData(admin, articleId);
    expect(data.totals.open).toBe(openBefore);
    const candidate = data.candidates.find((c) => c.label === X && c.start === said.start && c.end === said.end);
    expect(candidate).toMatchObject({ decision: "accepted", goldId: accepted.id });
    expect(data.bars[accepted.id]).toMatchObject({ edited: true, start: wider.start, end: wider.end });

    // Accept-all leaves the decided candidate alone: no second gold span on the old boundaries.
    await acceptMajority(admin, { articleId, minSupport: 1 });
    expect(await db.goldSpan.count({ where: { articleId, labelId: X, start: said.start, end: said.end } })).toBe(0);
  });
});

describe("spans made after the comparison was open to their reviewer", () => {
  it("are marked late in the compare view; earlier ones are not", async () => {
    const { project, labels } = await makeProject("Late spans");
    const article = (await makeArticle(project.id, TEXT, "Late")).id;
    const before = await createAnnotation(ann, { articleId: article, labelId: labels[0]!.id, ...at("Officials") });
    expect((await getCompareData(admin, article)).article.comparisonOpenedAt).toBeNull();
    await sleep(5);
    await setCompareSettings(admin, { projectId: project.id, revealed: true });
    const opened = (await getCompareData(admin, article)).article.comparisonOpenedAt;
    expect(opened).toBeInstanceOf(Date);
    // Hidden again, the spans are writable again, but the reviewer has seen the others by now.
    await setCompareSettings(admin, { projectId: project.id, revealed: false });
    await sleep(5);
    const after = await createAnnotation(ann, { articleId: article, labelId: labels[0]!.id, ...at("Critics") });
    await setCompareSettings(admin, { projectId: project.id, revealed: true });

    const data = await getCompareData(admin, article);
    expect(data.article.comparisonOpenedAt).toEqual(opened);
    expect(data.late).toBe(1);
    expect(data.bars[after.id]?.late).toBe(true);
    expect(data.bars[before.id]?.late).toBe(false);
  });

  it("start counting when an article is adjudicated, but only if reviewers may compare", async () => {
    const { project } = await makeProject("Adjudicated first");
    const article = (await makeArticle(project.id, TEXT, "A")).id;
    await setCompareSettings(admin, { projectId: project.id, reviewersMayCompare: false });
    await setArticleAdjudicated(admin, { articleId: article, adjudicated: true });
    expect((await db.article.findUniqueOrThrow({ where: { id: article } })).comparisonOpenedAt).toBeNull();
    await setCompareSettings(admin, { projectId: project.id, reviewersMayCompare: true });
    expect((await db.article.findUniqueOrThrow({ where: { id: article } })).comparisonOpenedAt).toBeInstanceOf(Date);
  });
});
