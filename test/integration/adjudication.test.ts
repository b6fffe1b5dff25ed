import { beforeAll, describe, expect, it } from "vitest";
import { parseCsv } from "@/lib/domain/dataset/csv";
import type { Actor } from "@/lib/server/actor";
import { acceptCandidate } from "@/lib/server/adjudication/accept-candidate";
import { acceptMajority } from "@/lib/server/adjudication/accept-majority";
import { deleteGoldSpan } from "@/lib/server/adjudication/delete-gold-span";
import { editGoldSpan } from "@/lib/server/adjudication/edit-gold-span";
import { getCompareData } from "@/lib/server/adjudication/get-compare-data";
import { rejectCandidate } from "@/lib/server/adjudication/reject-candidate";
import { setArticleAdjudicated } from "@/lib/server/adjudication/set-article-adjudicated";
import { setCompareSettings } from "@/lib/server/adjudication/set-compare-settings";
import { createAnnotation } from "@/lib/server/annotations/create-annotation";
import { setArticleStatus } from "@/lib/server/articles/set-article-status";
import { exportGoldCsv } from "@/lib/server/dataset/export-gold-csv";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { setLabelArchived } from "@/lib/server/taxonomy/manage-labels";
import { cpSlice, makeArticle, makeProject, makeUser, viaSchema } from "../factories";
import { ZAcceptMajority, ZCandidateRef, ZCompareSettings, ZEditGoldSpan } from "@/lib/schemas/adjudication";

// Emoji (surrogate pairs), CJK and RTL, so offsets must be code points all the way to gold.
const TEXT =
  'Trump 👍🏽 said "we just did" about aid.\nMinerals — 情報共有 — تبادل المعلومات and more.\n\nEnd of story.';

async function refused(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error("expected the use case to refuse");
}

function at(quote: string) {
  const cps = Array.from(TEXT);
  const q = Array.from(quote);
  for (let i = 0; i + q.length <= cps.length; i++)
    if (q.every((c, j) => cps[i + j] === c)) return { start: i, end: i + q.length, quote };
  throw new Error(`quote not found: ${quote}`);
}

/** Everything adjudication can change, to prove a refused call changed nothing. */
async function snapshot(articleId: string) {
  const [gold, rejected, article] = await Promise.all([
    db.goldSpan.findMany({ where: { articleId }, orderBy: { id: "asc" } }),
    db.rejectedCandidate.findMany({ where: { articleId }, orderBy: { id: "asc" } }),
    db.article.findUniqueOrThrow({ where: { id: articleId }, select: { adjudicatedAt: true, adjudicatedById: true } }),
  ]);
  return JSON.stringify({ gold, rejected, article });
}

let admin: Actor, ann: Actor, ben: Actor, cat: Actor, outsider: Actor;
let projectId: string, articleId: string;
let X: string, Y: string, Z: string, otherProjectLabel: string;

beforeAll(async () => {
  admin = await makeUser("admin", "Ada");
  ann = await makeUser("reviewer", "Ann");
  ben = await makeUser("reviewer", "Ben");
  cat = await makeUser("reviewer", "Cat");
  outsider = await makeUser("reviewer", "Otto");
  const { project, labels } = await makeProject("Adjudication");
  projectId = project.id;
  [X, Y, Z] = [labels[0]!.id, labels[9]!.id, labels[12]!.id];
  otherProjectLabel = (await makeProject("Other")).labels[0]!.id;
  articleId = (await makeArticle(projectId, TEXT, "Compare me")).id;
  const said = at("👍🏽 said");
  // X on "👍🏽 said": all three agree. Y on the CJK: Ann and Ben (2 of 3). Z on the Arabic: Ann alone,
  // and Cat marks Z with other boundaries (a boundary conflict).
  for (const r of [ann, ben, cat]) await createAnnotation(r, { articleId, labelId: X, ...said });
  for (const r of [ann, ben]) await createAnnotation(r, { articleId, labelId: Y, ...at("情報共有") });
  await createAnnotation(ann, { articleId, labelId: Z, ...at("تبادل المعلومات") });
  await createAnnotation(cat, { articleId, labelId: Z, ...at("تبادل المعلومات and") });
});

describe("getCompareData", () => {
  it("gives the admin every reviewer's spans, the raters, and candidates with k of n and status", async () => {
    const data = await getCompareData(admin, articleId);
    expect(data.raters.map((r) => r.name)).toEqual(["Ann", "Ben", "Cat"]);
    expect(data.totals.spans).toBe(7);
    const byLabel = (l: string, quote: string) =>
      data.candidates.find((c) => c.label === l && cpSlice(TEXT, c.start, c.end) === quote)!;
    expect(byLabel(X, "👍🏽 said")).toMatchObject({ support: 3, of: 3, status: "all", decision: "open" });
    expect(byLabel(Y, "情報共有")).toMatchObject({ support: 2, of: 3, status: "majority" });
    expect(byLabel(Z, "تبادل المعلومات")).toMatchObject({ support: 1, status: "conflict" });
    expect(byLabel(Z, "تبادل المعلومات and").conflicts[0]!.kind).toBe("boundaries");
    expect(data.canAdjudicate).toBe(true);
  });

  it("counts a reviewer who opened the article but marked nothing as a rater", async () => {
    const other = (await makeArticle(projectId, "Short text here.", "Two raters")).id;
    await createAnnotation(ann, { articleId: other, labelId: X, start: 0, end: 5, quote: "Short" });
    await setArticleStatus(ben, { articleId: other, status: "done" });
    const data = await getCompareData(admin, other);
    expect(data.raters.map((r) => [r.name, r.status])).toEqual([
      ["Ann", "in_progress"],
      ["Ben", "done"],
    ]);
    expect(data.candidates[0]).toMatchObject({ support: 1, of: 2, status: "minority" });
  });

  it("refuses reviewers while the project is blind, and when reviewers may not compare", async () => {
    for (const r of [ann, outsider]) expect((await refused(getCompareData(r, articleId))).code).toBe("FORBIDDEN");
    await setCompareSettings(admin, { projectId, revealed: true, reviewersMayCompare: false });
    expect((await refused(getCompareData(ann, articleId))).code).toBe("FORBIDDEN");
    await setCompareSettings(admin, { projectId, reviewersMayCompare: true });
    const data = await getCompareData(ann, articleId);
    expect(data.totals.spans).toBe(7);
    expect(data.canAdjudicate).toBe(false);
    await setCompareSettings(admin, { projectId, revealed: false });
    expect((await refused(getCompareData(ann, articleId))).code).toBe("FORBIDDEN");
  });

  it("lets reviewers see an adjudicated article of an unrevealed project when allowed", async () => {
    const other = (await makeArticle(projectId, "Another text to adjudicate.", "Adjudicated one")).id;
    expect((await refused(getCompareData(ben, other))).code).toBe("FORBIDDEN");
    await setArticleAdjudicated(admin, { articleId: other, adjudicated: true });
    expect((await getCompareData(ben, other)).article.adjudicatedBy).toBe("Ada");
    await setCompareSettings(admin, { projectId, reviewersMayCompare: false });
    expect((await refused(getCompareData(ben, other))).code).toBe("FORBIDDEN");
    await setCompareSettings(admin, { projectId, reviewersMayCompare: true });
  });

  it("404s an unknown article", async () => {
    expect((await refused(getCompareData(admin, "nope"))).code).toBe("NOT_FOUND");
  });
});

describe("reviewers cannot adjudicate", () => {
  it("refuses every write with FORBIDDEN and changes nothing, even when the comparison is revealed", async () => {
    await setCompareSettings(admin, { projectId, revealed: true });
    const before = await snapshot(articleId);
    const ref = { articleId, labelId: X, ...at("👍🏽 said") };
    const gold = await acceptCandidate(admin, {
      articleId: ref.articleId,
      labelId: ref.labelId,
      start: ref.start,
      end: ref.end,
    });
    const withGold = await snapshot(articleId);
    const attempts: Promise<unknown>[] = [
      acceptCandidate(ann, { articleId, labelId: Y, ...pos(at("情報共有")) }),
      rejectCandidate(ann, { articleId, labelId: X, ...pos(ref) }),
      acceptMajority(ann, { articleId, minSupport: 1 }),
      editGoldSpan(ann, { id: gold.id, note: "mine" }),
      deleteGoldSpan(ann, { id: gold.id }),
      setArticleAdjudicated(ann, { articleId, adjudicated: true }),
      setCompareSettings(ann, { projectId, revealed: false }),
    ];
    for (const a of attempts) expect((await refused(a)).code).toBe("FORBIDDEN");
    expect(await snapshot(articleId)).toBe(withGold);
    await deleteGoldSpan(admin, { id: gold.id });
    expect(await snapshot(articleId)).toBe(before);
    await setCompareSettings(admin, { projectId, revealed: false });
  });
});

const pos = (s: { start: number; end: number }) => ({ start: s.start, end: s.end });

describe("accepting and rejecting candidates", () => {
  it("stores the gold span with its quote and provenance; accepting again is a no-op", async () => {
    const s = at("👍🏽 said");
    const gold = await acceptCandidate(admin, { articleId, labelId: X, ...pos(s) });
    expect(cpSlice(TEXT, gold.start, gold.end)).toBe("👍🏽 said");
    expect(gold.quote).toBe("👍🏽 said");
    const sources = await db.annotation.findMany({
      where: { articleId, labelId: X, start: s.start, end: s.end },
      orderBy: { id: "asc" },
    });
    expect(gold.sourceAnnotationIds).toEqual(sources.map((a) => a.id));
    expect(gold.sourceUserIds).toEqual([ann.id, ben.id, cat.id].sort());
    expect(gold.decidedById).toBe(admin.id);
    const again = await acceptCandidate(admin, { articleId, labelId: X, ...pos(s) });
    expect(again.id).toBe(gold.id);
    expect(await db.goldSpan.count({ where: { articleId } })).toBe(1);
    const row = await db.goldSpan.findUniqueOrThrow({ where: { id: gold.id } });
    expect(JSON.parse(row.sourceAnnotationIds)).toEqual(sources.map((a) => a.id));
  });

  it("refuses a candidate nobody marked, and bad offsets, without changing anything", async () => {
    const before = await snapshot(articleId);
    const e1 = await refused(acceptCandidate(admin, { articleId, labelId: Y, ...pos(at("👍🏽 said")) }));
    expect([e1.code, e1.fields[0]?.field]).toEqual(["NOT_FOUND", "start"]);
    const e2 = await refused(
      viaSchema(ZCandidateRef, { articleId, labelId: X, start: 5, end: 5 }, (i) => acceptCandidate(admin, i)),
    );
    expect([e2.code, e2.fields[0]?.field]).toEqual(["INVALID", "end"]);
    const e3 = await refused(
      viaSchema(ZCandidateRef, { articleId, labelId: X, start: -1, end: 5 }, (i) => acceptCandidate(admin, i)),
    );
    expect([e3.code, e3.fields[0]?.field]).toEqual(["INVALID", "start"]);
    const e4 = await refused(rejectCandidate(admin, { articleId, labelId: Z, start: 0, end: 3 }));
    expect(e4.code).toBe("NOT_FOUND");
    expect(await snapshot(articleId)).toBe(before);
  });

  it("rejecting removes the gold span and keeps accept-all from re-adding it; accepting withdraws the rejection", async () => {
    const s = pos(at("👍🏽 said"));
    expect(await rejectCandidate(admin, { articleId, labelId: X, ...s })).toEqual({ removedGold: 1 });
    expect(await rejectCandidate(admin, { articleId, labelId: X, ...s })).toEqual({ removedGold: 0 });
    expect(await db.rejectedCandidate.count({ where: { articleId } })).toBe(1);
    expect(await acceptMajority(admin, { articleId, minSupport: 3 })).toEqual({ accepted: 0, raters: 3 });
    expect((await getCompareData(admin, articleId)).candidates.find((c) => c.label === X)!.decision).toBe("rejected");
    await acceptCandidate(admin, { articleId, labelId: X, ...s });
    expect(await db.rejectedCandidate.count({ where: { articleId } })).toBe(0);
    expect((await getCompareData(admin, articleId)).candidates.find((c) => c.label === X)).toMatchObject({
      decision: "accepted",
    });
  });
});

describe("acceptMajority", () => {
  it("accepts every open candidate with >= k of n in one go, and is idempotent, also when run concurrently", async () => {
    const art = (await makeArticle(projectId, `${TEXT} [majority]`, "Majority")).id;
    const said = at("👍🏽 said");
    for (const r of [ann, ben, cat]) await createAnnotation(r, { articleId: art, labelId: X, ...said });
    for (const r of [ann, ben]) await createAnnotation(r, { articleId: art, labelId: Y, ...at("情報共有") });
    await createAnnotation(cat, { articleId: art, labelId: Z, ...at("End of story.") });

    const results = await Promise.all([
      acceptMajority(admin, { articleId: art, minSupport: 2 }),
      acceptMajority(admin, { articleId: art, minSupport: 2 }),
    ]);
    expect(results.map((r) => r.accepted).sort()).toEqual([0, 2]);
    const gold = await db.goldSpan.findMany({ where: { articleId: art }, orderBy: { start: "asc" } });
    expect(gold.map((g) => [g.labelId, g.quote, JSON.parse(g.sourceUserIds).length])).toEqual([
      [X, "👍🏽 said", 3],
      [Y, "情報共有", 2],
    ]);
    for (const g of gold) expect(cpSlice(TEXT, g.start, g.end)).toBe(g.quote);
    expect(await acceptMajority(admin, { articleId: art, minSupport: 2 })).toEqual({ accepted: 0, raters: 3 });
    expect(await acceptMajority(admin, { articleId: art, minSupport: 1 })).toEqual({ accepted: 1, raters: 3 });
    expect(await db.goldSpan.count({ where: { articleId: art } })).toBe(3);
  });

  it("refuses a threshold below 1 with a field error and changes nothing", async () => {
    const before = await snapshot(articleId);
    for (const minSupport of [0, 1.5, Number.NaN]) {
      const e = await refused(viaSchema(ZAcceptMajority, { articleId, minSupport }, (i) => acceptMajority(admin, i)));
      expect([e.code, e.fields[0]?.field]).toEqual(["INVALID", "minSupport"]);
    }
    expect(await snapshot(articleId)).toBe(before);
  });
});

describe("editGoldSpan and deleteGoldSpan", () => {
  let goldId: string;
  beforeAll(async () => {
    goldId = (await acceptCandidate(admin, { articleId, labelId: Y, ...pos(at("情報共有")) })).id;
  });

  it("refuses bad boundaries, quotes and labels with the offending field, changing nothing", async () => {
    const before = await snapshot(articleId);
    const len = Array.from(TEXT).length;
    const cases: [Record<string, unknown>, string][] = [
      [{ ...at("情報共有"), quote: "情報共" }, "quote"],
      [{ start: len - 2, end: len + 3, quote: "y." }, "end"],
      [{ start: 4, end: 2, quote: "x" }, "end"],
      [{ start: 3, end: 9 }, "quote"],
      [{ quote: "情報共有" }, "start"],
      [at("\n\n"), "quote"],
      [{ labelId: otherProjectLabel }, "labelId"],
      [{}, "labelId"],
    ];
    for (const [change, field] of cases) {
      const e = await refused(viaSchema(ZEditGoldSpan, { id: goldId, ...change }, (i) => editGoldSpan(admin, i)));
      expect({ change, code: e.code, field: e.fields[0]?.field }).toEqual({ change, code: "INVALID", field });
    }
    expect(await snapshot(articleId)).toBe(before);
  });

  it("refuses an archived label and a duplicate of another gold span", async () => {
    const archived = (await db.label.findMany({ where: { projectId }, orderBy: { id: "asc" } })).find(
      (l) => ![X, Y, Z].includes(l.id),
    )!;
    await setLabelArchived(admin, { id: archived.id }, true);
    const before = await snapshot(articleId);
    const e1 = await refused(editGoldSpan(admin, { id: goldId, labelId: archived.id }));
    expect([e1.code, e1.fields[0]?.field]).toEqual(["INVALID", "labelId"]);
    const e2 = await refused(editGoldSpan(admin, { id: goldId, labelId: X, ...at("👍🏽 said") }));
    expect([e2.code, e2.fields[0]?.field]).toEqual(["CONFLICT", "start"]);
    expect(await snapshot(articleId)).toBe(before);
  });

  it("moves and relabels a gold span, keeping its provenance and marking it edited", async () => {
    const before = await db.goldSpan.findUniqueOrThrow({ where: { id: goldId } });
    const edited = await editGoldSpan(admin, { id: goldId, labelId: Z, note: "wider", ...at("Minerals — 情報共有") });
    expect(edited).toMatchObject({ labelId: Z, note: "wider", quote: "Minerals — 情報共有" });
    expect(cpSlice(TEXT, edited.start, edited.end)).toBe("Minerals — 情報共有");
    expect(JSON.stringify(edited.sourceAnnotationIds)).toBe(before.sourceAnnotationIds);
    expect(edited.editedAt).toBeInstanceOf(Date);
    // The Y candidate stays decided: the moved gold span still came from it.
    const y = (await getCompareData(admin, articleId)).candidates.find((c) => c.label === Y)!;
    expect(y).toMatchObject({ decision: "accepted", goldId });
  });

  it("deletes a gold span once", async () => {
    await deleteGoldSpan(admin, { id: goldId });
    expect(await db.goldSpan.findUnique({ where: { id: goldId } })).toBeNull();
    expect((await refused(deleteGoldSpan(admin, { id: goldId }))).code).toBe("NOT_FOUND");
  });
});

describe("adjudicated status", () => {
  it("freezes the gold layer until reopened", async () => {
    const art = (await makeArticle(projectId, "Frozen text. Frozen more.", "Freeze")).id;
    await createAnnotation(ann, { articleId: art, labelId: X, start: 0, end: 6, quote: "Frozen" });
    expect((await setArticleAdjudicated(admin, { articleId: art, adjudicated: true })).adjudicatedAt).toBeInstanceOf(
      Date,
    );
    const row = await db.article.findUniqueOrThrow({ where: { id: art } });
    expect(row.adjudicatedById).toBe(admin.id);
    expect((await getCompareData(admin, art)).canAdjudicate).toBe(false);
    const e = await refused(acceptCandidate(admin, { articleId: art, labelId: X, start: 0, end: 6 }));
    expect(e.code).toBe("LOCKED");
    expect((await refused(acceptMajority(admin, { articleId: art, minSupport: 1 }))).code).toBe("LOCKED");
    await setArticleAdjudicated(admin, { articleId: art, adjudicated: false });
    expect((await db.article.findUniqueOrThrow({ where: { id: art } })).adjudicatedAt).toBeNull();
    expect((await acceptMajority(admin, { articleId: art, minSupport: 1 })).accepted).toBe(1);
    expect((await refused(setArticleAdjudicated(admin, { articleId: "missing", adjudicated: true }))).code).toBe(
      "NOT_FOUND",
    );
  });

  it("compare settings refuse an empty change and an unknown project", async () => {
    const e = await refused(viaSchema(ZCompareSettings, { projectId }, (i) => setCompareSettings(admin, i)));
    expect([e.code, e.fields[0]?.field]).toEqual(["INVALID", "revealed"]);
    expect((await refused(setCompareSettings(admin, { projectId: "missing", revealed: true }))).code).toBe("NOT_FOUND");
  });
});

describe("gold CSV export", () => {
  it("exports accepted gold spans with quote, provenance and adjudicator", async () => {
    const art = (await makeArticle(projectId, `${TEXT} [export]`, "Exported")).id;
    const said = at("👍🏽 said");
    for (const r of [ann, ben]) await createAnnotation(r, { articleId: art, labelId: X, ...said });
    await acceptMajority(admin, { articleId: art, minSupport: 2 });
    let csv = "";
    for await (const chunk of exportGoldCsv(admin, { projectId, articleIds: [art] })) csv += chunk;
    const parsed = parseCsv(csv);
    if (!parsed.ok) throw new Error("bad CSV");
    const [header, ...rows] = parsed.rows;
    expect(rows).toHaveLength(1);
    const rec = Object.fromEntries(header!.map((h, i) => [h, rows[0]![i]]));
    const sources = await db.annotation.findMany({ where: { articleId: art }, orderBy: { id: "asc" } });
    expect(rec).toMatchObject({
      article_id: art,
      start: String(said.start),
      end: String(said.end),
      quote: "👍🏽 said",
      source_reviewers: [ann.id, ben.id].sort().join(";"),
      source_annotation_ids: sources.map((s) => s.id).join(";"),
      decided_by: admin.id,
    });
  });
});
