// Agreement follows the study design: in an assignment mode an article's raters are its assigned
// annotators who marked it done; curators can work anonymised across compare, dashboard and exports.
import { describe, expect, it } from "vitest";
import type { Actor } from "@/lib/server/actor";
import { getCompareData } from "@/lib/server/adjudication/get-compare-data";
import { clearAgreementCache, computeProjectAgreement } from "@/lib/server/agreement/compute-project-agreement";
import { createAnnotation } from "@/lib/server/annotations/create-annotation";
import { setArticleStatus } from "@/lib/server/articles/set-article-status";
import { assignManual } from "@/lib/server/assignment/assign-manual";
import { setAssignmentSettings } from "@/lib/server/assignment/set-assignment-settings";
import { db } from "@/lib/server/db";
import { exportSpansCsv } from "@/lib/server/dataset/export-spans-csv";
import { makeArticle, makeProject, makeUser } from "../factories";

const TEXT = (i: number) => `Article ${i}: officials hailed the deal as historic while critics called it a sellout.`;

async function member(projectId: string, role: "manager" | "curator" | "annotator", name: string) {
  const user = await makeUser("reviewer", name, { member: false });
  await db.projectMember.create({ data: { projectId, userId: user.id, role } });
  return user;
}

async function drain(gen: AsyncGenerator<string>) {
  let out = "";
  for await (const x of gen) out += x;
  return out;
}

async function setup(name: string) {
  const { project, labels } = await makeProject(name);
  const articles = [];
  for (let i = 0; i < 2; i++) articles.push(await makeArticle(project.id, TEXT(i), `${name} ${i}`));
  const manager = await member(project.id, "manager", `${name} manager`);
  const curator = await member(project.id, "curator", `${name} curator`);
  const anns: Actor[] = [];
  for (const n of ["Ada", "Bo", "Cy"]) anns.push(await member(project.id, "annotator", `${name} ${n}`));
  return { project, labelId: labels[0]!.id, articles, manager, curator, anns };
}

// Every article's text starts with "Article": offsets 0..7 quote it on any of them.
const span = (articleId: string, labelId: string, start: number, end: number) => ({
  articleId,
  labelId,
  start,
  end,
  quote: TEXT(0).slice(start, end),
});

describe("agreement follows the design", () => {
  it("counts only assigned annotators who marked the article done; reports k and how many articles reached it", async () => {
    const s = await setup("Design");
    const [a0, a1] = s.articles;
    const [ada, bo, cy] = s.anns as [Actor, Actor, Actor];
    await setAssignmentSettings(s.manager, {
      projectId: s.project.id,
      mode: "manual",
      k: 2,
      reservationMinutes: 60,
      anonymiseCurators: false,
      routeMetric: "alpha",
      routeBelow: null,
      routeMax: 3,
    });
    // Article 0: Ada and Bo assigned. Article 1: Ada and Cy assigned.
    await assignManual(s.manager, {
      projectId: s.project.id,
      csv: `article_id,user\n${a0!.id},${ada.email}\n${a0!.id},${bo.email}\n${a1!.id},${ada.email}\n${a1!.id},${cy.email}\n`,
    });
    // Ada and Bo label article 0 identically; Ada marks it done, Bo is still in progress.
    for (const who of [ada, bo]) await createAnnotation(who, span(a0!.id, s.labelId, 0, 7));
    await setArticleStatus(ada, { articleId: a0!.id, status: "done" });
    clearAgreementCache();
    let r = await computeProjectAgreement(s.curator, s.project.id);
    // Bo has spans but has not marked it done: not a rater, so nothing is compared yet.
    expect(r.raterIds).toEqual([ada.id]);
    expect(r.design).toEqual({ mode: "manual", k: 2, assigned: 2, reachedK: 0, belowK: 1 });

    await setArticleStatus(bo, { articleId: a0!.id, status: "done" });
    r = await computeProjectAgreement(s.curator, s.project.id);
    expect(r.raterIds.sort()).toEqual([ada.id, bo.id].sort());
    expect(r.design.reachedK).toBe(1);
    expect(r.corpus.unitizingAlpha.value).toBe(1);

    // Article 1: Cy is done with no spans (marked nothing); Ada labels it and is done too. Bo, not
    // assigned to article 1, cannot even open it.
    await createAnnotation(ada, span(a1!.id, s.labelId, 0, 7));
    await setArticleStatus(ada, { articleId: a1!.id, status: "done" });
    await setArticleStatus(cy, { articleId: a1!.id, status: "done" });
    await expect(createAnnotation(bo, span(a1!.id, s.labelId, 0, 7))).rejects.toMatchObject({ code: "FORBIDDEN" });
    r = await computeProjectAgreement(s.curator, s.project.id);
    expect(r.design).toEqual({ mode: "manual", k: 2, assigned: 2, reachedK: 2, belowK: 0 });
    const doc1 = r.documents.find((d) => d.articleId === a1!.id);
    expect(doc1?.raters).toBe(2);
    // Ada marked 7 code points, Cy nothing: they disagree on article 1.
    expect(doc1?.meanOverlapF1).toBe(0);
  });
});

describe("anonymised curators", () => {
  it("see R1, R2… in the compare view, the dashboard and exports; managers still see names", async () => {
    const s = await setup("Anon");
    const [a0] = s.articles;
    const [ada, bo] = s.anns as [Actor, Actor, Actor];
    for (const who of [ada, bo]) {
      await createAnnotation(who, span(a0!.id, s.labelId, 0, 7));
      await setArticleStatus(who, { articleId: a0!.id, status: "done" });
    }
    await setAssignmentSettings(s.manager, {
      projectId: s.project.id,
      mode: "everyone",
      k: 2,
      reservationMinutes: 60,
      anonymiseCurators: true,
      routeMetric: "alpha",
      routeBelow: null,
      routeMax: 3,
    });
    // Numbered over the project's annotators in account creation order: Ada R1, Bo R2, Cy R3.
    const compare = await getCompareData(s.curator, a0!.id);
    expect(compare.raters.map((r) => r.name).sort()).toEqual(["R1", "R2"]);
    const dash = await computeProjectAgreement(s.curator, s.project.id);
    expect(dash.raters[ada.id]?.name).toBe("R1");
    expect(dash.raters[bo.id]?.name).toBe("R2");
    const csv = await drain(exportSpansCsv(s.curator, { projectId: s.project.id }));
    expect(csv).not.toContain("Anon Ada");
    expect(csv).not.toContain(ada.id);
    expect(csv).toContain("R1");

    const managerView = await getCompareData(s.manager, a0!.id);
    expect(managerView.raters.map((r) => r.name).sort()).toEqual(["Anon Ada", "Anon Bo"]);
    expect((await computeProjectAgreement(s.manager, s.project.id)).raters[ada.id]?.name).toBe("Anon Ada");
  });
});
