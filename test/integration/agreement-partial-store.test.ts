import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/server/actor";
import { clearAgreementCache, computeProjectAgreement } from "@/lib/server/agreement/compute-project-agreement";
import { clearStoredEntries } from "@/lib/server/agreement/partial-store";
import { createAnnotation } from "@/lib/server/annotations/create-annotation";
import { updateAnnotation } from "@/lib/server/annotations/update-annotation";
import { setArticleStatus } from "@/lib/server/articles/set-article-status";
import { db } from "@/lib/server/db";
import { makeArticle, makeProject, makeUser } from "../factories";

const TEXTS = [
  "The minister said the talks would resume after a pause. Critics called it a stunt to win votes at home.",
  "Sources claim the deal was signed in secret. The ceasefire held for a week before shelling resumed.",
  "Officials insisted the alliance remains solid 👍🏽, while analysts warned of a looming split.",
];

let ann: Actor, ben: Actor, admin: Actor;
let projectId: string;
let articleIds: string[];
let labelIds: string[];

function find(text: string, quote: string) {
  const cps = Array.from(text);
  const q = Array.from(quote);
  for (let i = 0; i + q.length <= cps.length; i++)
    if (q.every((c, j) => cps[i + j] === c)) return { start: i, end: i + q.length, quote };
  throw new Error(`not found: ${quote}`);
}

const mark = (who: Actor, article: number, label: number, quote: string) =>
  createAnnotation(who, {
    articleId: articleIds[article]!,
    labelId: labelIds[label]!,
    ...find(TEXTS[article]!, quote),
  });

type Figures = Awaited<ReturnType<typeof computeProjectAgreement>>;
const strip = ({ computedAt: _a, computeMs: _b, timings: _c, cached: _d, ...rest }: Figures) => rest;

/** A restart: nothing in this process's memory; the stored partials stay. */
async function afterRestart(): Promise<Figures> {
  clearAgreementCache();
  return computeProjectAgreement(admin, projectId);
}

/** From the spans alone: nothing in memory and nothing stored. */
async function fromScratch(): Promise<Figures> {
  clearAgreementCache();
  await clearStoredEntries(projectId);
  return computeProjectAgreement(admin, projectId);
}

beforeAll(async () => {
  [ann, ben, admin] = await Promise.all([
    makeUser("reviewer", "Ann"),
    makeUser("reviewer", "Ben"),
    makeUser("admin", "Ada"),
  ]);
  const made = await makeProject();
  projectId = made.project.id;
  labelIds = made.labels.map((l) => l.id);
  articleIds = [];
  for (const [i, t] of TEXTS.entries()) articleIds.push((await makeArticle(projectId, t, `Article ${i + 1}`)).id);
  await mark(ann, 0, 0, "talks would resume");
  await mark(ben, 0, 0, "talks would resume after");
  await mark(ann, 0, 3, "a stunt to win votes");
  await mark(ben, 0, 3, "a stunt to win votes at home");
  await mark(ann, 1, 0, "the deal was signed in secret");
  await mark(ben, 1, 3, "shelling resumed");
  await mark(ann, 2, 5, "alliance remains solid 👍🏽");
  await setArticleStatus(ben, { articleId: articleIds[2]!, status: "done" });
});

describe("agreement partials kept across restarts", () => {
  it("are stored per article at its revision, and a restart pools them into the figures of a computation from scratch", async () => {
    const scratch = await fromScratch();
    const rows = await db.agreementPartial.findMany({ where: { article: { projectId } } });
    const articles = await db.article.findMany({
      where: { projectId },
      select: { id: true, annotationRevision: true },
    });
    expect(rows.map((r) => [r.articleId, r.revision]).sort()).toEqual(
      articles.map((a) => [a.id, a.annotationRevision]).sort(),
    );
    const restarted = await afterRestart();
    expect(restarted.cached).toBe(false);
    expect(strip(restarted)).toStrictEqual(strip(scratch));
  });

  it("a restart reads the stored partials, not the spans, while the article's revision is unchanged", async () => {
    await fromScratch();
    // Bypasses the use cases (no revision bump) only to show where a restart takes its figures from.
    const [before] = await db.$queryRaw<
      { n: number | bigint }[]
    >`SELECT COUNT(*) AS n FROM "Annotation" WHERE "articleId" = ${articleIds[1]!}`;
    expect(Number(before!.n)).toBe(2);
    const spans = await db.annotation.findMany({ where: { articleId: articleIds[1]! } });
    await db.annotation.deleteMany({ where: { articleId: articleIds[1]! } });
    try {
      const restarted = await afterRestart();
      expect(restarted.documents.some((d) => d.articleId === articleIds[1]! && d.spans === 2)).toBe(true);
    } finally {
      await db.annotation.createMany({ data: spans });
    }
  });

  it("a span changed before a restart is never served from a stale partial", async () => {
    const first = await fromScratch();
    const span = await db.annotation.findFirstOrThrow({
      where: { articleId: articleIds[0]!, userId: ben.id, labelId: labelIds[3]! },
    });
    await updateAnnotation(ben, { id: span.id, labelId: labelIds[0]! }); // bumps the article's revision
    const restarted = await afterRestart();
    expect(restarted.revision).toBe(first.revision + 1);
    expect(restarted.corpus).not.toEqual(first.corpus);
    expect(strip(restarted)).toStrictEqual(strip(await fromScratch()));
    // The same after a status change that makes a rater of someone with no span.
    await setArticleStatus(ann, { articleId: articleIds[1]!, status: "done" });
    await setArticleStatus(ben, { articleId: articleIds[1]!, status: "done" });
    const again = await afterRestart();
    expect(strip(again)).toStrictEqual(strip(await fromScratch()));
  });

  it("an unreadable or foreign row is rebuilt, and then stored again", async () => {
    const scratch = await fromScratch();
    await db.agreementPartial.update({ where: { articleId: articleIds[0]! }, data: { data: "bm90IGFuIGVudHJ5" } });
    await db.agreementPartial.update({ where: { articleId: articleIds[1]! }, data: { stamp: "0:everyone:1:x" } });
    expect(strip(await afterRestart())).toStrictEqual(strip(scratch));
    const rows = await db.agreementPartial.findMany({ where: { articleId: { in: articleIds.slice(0, 2) } } });
    expect(rows.every((r) => r.data !== "bm90IGFuIGVudHJ5" && !r.stamp.startsWith("0:"))).toBe(true);
  });
});
