// Rounds and calibration: codebook versions, per-round figures, training feedback and the qualification gate.
import { describe, expect, it } from "vitest";
import { ZCreateProject, ZCreateRound, ZUpdateGuidelines } from "@/lib/schemas/project";
import type { Actor } from "@/lib/server/actor";
import { clearAgreementCache, computeProjectAgreement } from "@/lib/server/agreement/compute-project-agreement";
import { createAnnotation } from "@/lib/server/annotations/create-annotation";
import { getAnnotationWorkspace } from "@/lib/server/articles/get-annotation-workspace";
import { setArticleStatus } from "@/lib/server/articles/set-article-status";
import { assignManual } from "@/lib/server/assignment/assign-manual";
import { setAssignmentSettings } from "@/lib/server/assignment/set-assignment-settings";
import { db } from "@/lib/server/db";
import { HELD_BACK } from "@/lib/server/projects/access";
import { createProject } from "@/lib/server/projects/create-project";
import {
  createRound,
  listRounds,
  moveRound,
  setQualification,
  updateGuidelines,
} from "@/lib/server/rounds/manage-rounds";
import { trainingFeedbackFor } from "@/lib/server/rounds/qualification";
import { updateLabel } from "@/lib/server/taxonomy/manage-labels";
import { makeArticle, makeProject, makeUser, viaSchema } from "../factories";

const TEXT = (i: number) => `Article ${i}: officials hailed the deal as historic while critics called it a sellout.`;
const QUOTE = (start: number, end: number) => TEXT(0).slice(start, end);

async function member(projectId: string, role: "manager" | "curator" | "annotator", name: string) {
  const user = await makeUser("reviewer", name, { member: false });
  await db.projectMember.create({ data: { projectId, userId: user.id, role } });
  return user;
}

const span = (articleId: string, labelId: string, start: number, end: number) => ({
  articleId,
  labelId,
  start,
  end,
  quote: QUOTE(start, end),
});

async function study(name: string) {
  const { project, labels } = await makeProject(name);
  const manager = await member(project.id, "manager", `${name} manager`);
  const ada = await member(project.id, "annotator", `${name} Ada`);
  const bo = await member(project.id, "annotator", `${name} Bo`);
  const articles = [];
  for (let i = 0; i < 4; i++) articles.push(await makeArticle(project.id, TEXT(i), `${name} ${i}`));
  await setAssignmentSettings(manager, {
    projectId: project.id,
    mode: "manual",
    k: 2,
    reservationMinutes: 60,
    anonymiseCurators: false,
    routeMetric: "alpha",
    routeBelow: null,
    routeMax: 3,
  });
  return { project, labelId: labels[0]!.id, otherLabel: labels[1]!.id, manager, ada, bo, articles };
}

describe("codebook versions", () => {
  it("editing guidelines or a label's meaning starts a new version; spans record the version in force", async () => {
    const s = await study("Codebook");
    const version = async () =>
      (await db.codebookVersion.findFirst({ where: { projectId: s.project.id }, orderBy: { version: "desc" } }))
        ?.version;
    expect(await version()).toBe(1);
    await setAssignmentSettings(s.manager, {
      projectId: s.project.id,
      mode: "everyone",
      k: 2,
      reservationMinutes: 60,
      anonymiseCurators: false,
      routeMetric: "alpha",
      routeBelow: null,
      routeMax: 3,
    });
    const first = await createAnnotation(s.ada, span(s.articles[0]!.id, s.labelId, 0, 7));
    expect((await db.annotation.findUniqueOrThrow({ where: { id: first.id } })).codebookVersion).toBe(1);

    expect(await updateGuidelines(s.manager, { projectId: s.project.id, guidelines: "Mark loaded words." })).toEqual({
      changed: true,
      version: 2,
    });
    // The same text again is no change; a colour is not part of the codebook.
    expect(await updateGuidelines(s.manager, { projectId: s.project.id, guidelines: "Mark loaded words." })).toEqual({
      changed: false,
    });
    await updateLabel(s.manager, { id: s.labelId, colour: "#224466" });
    expect(await version()).toBe(2);
    await updateLabel(s.manager, { id: s.labelId, definition: "A deal framed as a trade." });
    expect(await version()).toBe(3);
    const later = await createAnnotation(s.bo, span(s.articles[0]!.id, s.labelId, 0, 7));
    expect((await db.annotation.findUniqueOrThrow({ where: { id: later.id } })).codebookVersion).toBe(3);
    // An annotator cannot edit the guidelines; bad input names the field.
    await expect(updateGuidelines(s.ada, { projectId: s.project.id, guidelines: "x" })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(
      viaSchema(ZUpdateGuidelines, { projectId: s.project.id, guidelines: "a\u0000b" }, (i) =>
        updateGuidelines(s.manager, i),
      ),
    ).rejects.toMatchObject({ code: "INVALID", fields: [{ field: "guidelines" }] });
  });
});

describe("training round and qualification", () => {
  it("feedback after done, per-round figures, a failed annotator is held back until the manager lets them through", async () => {
    const s = await study("Calibration");
    const [t0, t1, m0] = s.articles.map((a) => ({ id: a.id }));
    if (!t0 || !t1 || !m0) throw new Error("articles missing");
    // Every project starts with a "Main" round; the training round is made, then moved before it.
    const round = await createRound(s.manager, {
      projectId: s.project.id,
      name: "Calibration 1",
      training: true,
      qualifyF1: 0.8,
    });
    expect(await moveRound(s.manager, { roundId: round.id, direction: "up" })).toEqual({ moved: true });
    expect(await moveRound(s.manager, { roundId: round.id, direction: "up" })).toEqual({ moved: false });
    const csv = (rows: [string, Actor][]) => `article_id,user\n${rows.map(([a, u]) => `${a},${u.email}`).join("\n")}\n`;
    await assignManual(s.manager, {
      projectId: s.project.id,
      round: "Calibration 1",
      csv: csv([
        [t0.id, s.ada],
        [t0.id, s.bo],
        [t1.id, s.ada],
        [t1.id, s.bo],
      ]),
    });
    await assignManual(s.manager, {
      projectId: s.project.id,
      round: "Main",
      csv: csv([
        [m0.id, s.ada],
        [m0.id, s.bo],
      ]),
    });
    // Gold on both training articles: "Article" (0..7) with the first label.
    for (const a of [t0, t1])
      await db.goldSpan.create({
        data: { articleId: a.id, labelId: s.labelId, start: 0, end: 7, quote: "Article", decidedById: s.manager.id },
      });
    // Ada matches gold on both; Bo uses the wrong label on both.
    for (const a of [t0, t1]) {
      await createAnnotation(s.ada, span(a.id, s.labelId, 0, 7));
      await createAnnotation(s.bo, span(a.id, s.otherLabel, 0, 7));
    }
    // No feedback before done (it would give the answers away).
    expect(await trainingFeedbackFor(t0.id, s.ada.id)).toBeNull();
    for (const a of [t0, t1])
      for (const who of [s.ada, s.bo]) await setArticleStatus(who, { articleId: a.id, status: "done" });
    expect(await trainingFeedbackFor(t0.id, s.ada.id)).toMatchObject({ matched: 1, missed: 0, extra: 0, f1: 1 });
    expect(await trainingFeedbackFor(t0.id, s.bo.id)).toMatchObject({
      matched: 0,
      missed: 1,
      extra: 1,
      f1: 0,
      perLabel: expect.arrayContaining([{ label: s.labelId, matched: 0, missed: 1, extra: 0 }]),
    });

    // Ada qualified (F1 1 ≥ 0.8) and opens the main round; Bo (F1 0) is held back, with the reason.
    expect((await getAnnotationWorkspace(s.ada, m0.id)).article.id).toBe(m0.id);
    await expect(getAnnotationWorkspace(s.bo, m0.id)).rejects.toMatchObject({ code: "FORBIDDEN", message: HELD_BACK });
    await expect(createAnnotation(s.bo, span(m0.id, s.labelId, 0, 7))).rejects.toMatchObject({ code: "FORBIDDEN" });
    // Training articles stay open to Bo.
    expect((await getAnnotationWorkspace(s.bo, t0.id)).article.id).toBe(t0.id);

    const rounds = await listRounds(s.manager, s.project.id);
    expect(rounds.map((r) => r.name)).toEqual(["Calibration 1", "Main"]);
    const calibration = rounds.find((r) => r.name === "Calibration 1")!;
    expect(calibration.qualifications?.map((q) => [q.name, q.f1, q.qualified])).toEqual([
      ["Calibration Ada", 1, true],
      ["Calibration Bo", 0, false],
    ]);
    expect(rounds.find((r) => r.name === "Main")).toMatchObject({ articles: 1, assignments: 2, qualifications: null });

    // The manager lets Bo through; then returns him to the F1 rule.
    expect(
      await setQualification(s.manager, { roundId: round.id, userId: s.bo.id, decision: "qualified" }),
    ).toMatchObject({
      qualified: true,
      override: true,
    });
    await createAnnotation(s.bo, span(m0.id, s.labelId, 0, 7));
    await setQualification(s.manager, { roundId: round.id, userId: s.bo.id, decision: "auto" });
    await expect(getAnnotationWorkspace(s.bo, m0.id)).rejects.toMatchObject({ message: HELD_BACK });
    await expect(
      setQualification(s.ada, { roundId: round.id, userId: s.bo.id, decision: "qualified" }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });

    // Per-round figures: calibration compares Ada and Bo on two articles (label disagreement: α < 1).
    clearAgreementCache();
    const figures = await computeProjectAgreement(s.manager, s.project.id);
    const byName = new Map(figures.rounds.map((r) => [r.name, r]));
    expect(byName.get("Calibration 1")).toMatchObject({ training: true, articles: 2 });
    expect(byName.get("Calibration 1")!.corpus.documentsCompared).toBe(2);
    expect(byName.get("Calibration 1")!.corpus.exactF1.micro.f1).toBe(0);
    // Main: its assigned article and the one assigned nowhere.
    expect(byName.get("Main")!.articles).toBe(2);
    expect(byName.get("Main")!.corpus.documentsCompared).toBe(0);
  });

  it("refuses a threshold on a non-training round and a duplicate round name, naming the field", async () => {
    const s = await study("Rounds bad input");
    await expect(
      viaSchema(ZCreateRound, { projectId: s.project.id, name: "Main 2", qualifyF1: "0.5" }, (i) =>
        createRound(s.manager, i),
      ),
    ).rejects.toMatchObject({ code: "INVALID", fields: [{ field: "qualifyF1" }] });
    await expect(
      viaSchema(ZCreateRound, { projectId: s.project.id, name: "T", training: "on", qualifyF1: "1.5" }, (i) =>
        createRound(s.manager, i),
      ),
    ).rejects.toMatchObject({ code: "INVALID", fields: [{ field: "qualifyF1" }] });
    await createRound(s.manager, { projectId: s.project.id, name: "Pilot", training: false, qualifyF1: null });
    await expect(
      createRound(s.manager, { projectId: s.project.id, name: "Pilot", training: false, qualifyF1: null }),
    ).rejects.toMatchObject({ code: "INVALID", fields: [{ field: "name" }] });
    expect(await db.round.count({ where: { projectId: s.project.id } })).toBe(2); // "Main" from the migration rule + Pilot
  });
});

describe("creating a project", () => {
  it("the admin creates a project with a manager, who then runs it; an unknown manager changes nothing", async () => {
    const admin: Actor = { id: "rounds-admin", role: "admin", name: "Admin", email: "rounds-admin@example.test" };
    const lead = await makeUser("reviewer", "Research lead", { member: false });
    const before = await db.project.count();
    await expect(
      viaSchema(ZCreateProject, { name: "Nobody's", managerEmail: "nobody@example.test" }, (i) =>
        createProject(admin, i),
      ),
    ).rejects.toMatchObject({ code: "INVALID", fields: [{ field: "managerEmail" }] });
    await expect(
      viaSchema(ZCreateProject, { name: "  ", managerEmail: "" }, (i) => createProject(admin, i)),
    ).rejects.toMatchObject({ code: "INVALID", fields: [{ field: "name" }] });
    await expect(createProject(lead, { name: "Mine" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await db.project.count()).toBe(before);

    const made = await viaSchema(
      ZCreateProject,
      { name: "Thesis study", managerEmail: lead.email.toUpperCase() },
      (i) => createProject(admin, i),
    );
    expect(
      await db.projectMember.findMany({ where: { projectId: made.id }, select: { userId: true, role: true } }),
    ).toEqual([{ userId: lead.id, role: "manager" }]);
    expect((await listRounds(lead, made.id)).map((r) => [r.name, r.codebookVersion])).toEqual([["Main", 1]]);
    expect(
      await createRound(lead, { projectId: made.id, name: "Pilot", training: false, qualifyF1: null }),
    ).toMatchObject({
      name: "Pilot",
    });
  });
});
