// Disagreement routing on the database: a disagreed article gets one more annotator, up to the maximum.
import { describe, expect, it } from "vitest";
import { ZAssignmentSettings } from "@/lib/schemas/project";
import type { Actor } from "@/lib/server/actor";
import { createAnnotation } from "@/lib/server/annotations/create-annotation";
import { setArticleStatus } from "@/lib/server/articles/set-article-status";
import { assignManual } from "@/lib/server/assignment/assign-manual";
import { setAssignmentSettings } from "@/lib/server/assignment/set-assignment-settings";
import { db } from "@/lib/server/db";
import { makeArticle, makeProject, makeUser, viaSchema } from "../factories";

const TEXT = (i: number) => `Article ${i}: officials hailed the deal as historic while critics called it a sellout.`;

async function member(projectId: string, name: string) {
  const user = await makeUser("reviewer", name, { member: false });
  await db.projectMember.create({ data: { projectId, userId: user.id, role: "annotator" } });
  return user;
}

const span = (articleId: string, labelId: string, start: number, end: number) => ({
  articleId,
  labelId,
  start,
  end,
  quote: TEXT(0).slice(start, end),
});

async function onArticle(articleId: string) {
  return (await db.assignment.findMany({ where: { articleId }, select: { userId: true, routed: true } }))
    .map((a) => `${a.userId}:${a.routed}`)
    .sort();
}

describe("disagreement routing", () => {
  it("adds the least loaded annotator to an article whose alpha after k is below the threshold, up to the maximum", async () => {
    const { project, labels } = await makeProject("Routing");
    const manager = await makeUser("reviewer", "Routing manager", { member: false });
    await db.projectMember.create({ data: { projectId: project.id, userId: manager.id, role: "manager" } });
    const [ada, bo, cy, di] = [
      await member(project.id, "Ada"),
      await member(project.id, "Bo"),
      await member(project.id, "Cy"),
      await member(project.id, "Di"),
    ] as [Actor, Actor, Actor, Actor];
    const agreed = await makeArticle(project.id, TEXT(0), "Agreed");
    const disputed = await makeArticle(project.id, TEXT(1), "Disputed");
    const busy = await makeArticle(project.id, TEXT(2), "Busy");
    // Form values, as the study page posts them: routing below alpha 0.5, at most 3 annotators.
    await viaSchema(
      ZAssignmentSettings,
      { projectId: project.id, mode: "manual", k: "2", reservationMinutes: "60", routeBelow: "0.5", routeMax: "3" },
      (i) => setAssignmentSettings(manager, i),
    );
    await assignManual(manager, {
      projectId: project.id,
      csv: `article_id,user\n${agreed.id},${ada.email}\n${agreed.id},${bo.email}\n${disputed.id},${ada.email}\n${disputed.id},${bo.email}\n${busy.id},${cy.email}\n`,
    });
    const labelId = labels[0]!.id;

    // Agreed: the same span; alpha 1 stays above the threshold.
    for (const who of [ada, bo]) {
      await createAnnotation(who, span(agreed.id, labelId, 0, 7));
      await setArticleStatus(who, { articleId: agreed.id, status: "done" });
    }
    expect(await db.assignment.count({ where: { articleId: agreed.id } })).toBe(2);

    // Disputed: disjoint spans. After the first "done" nothing happens (Bo is still working).
    await createAnnotation(ada, span(disputed.id, labelId, 0, 7));
    await createAnnotation(bo, span(disputed.id, labelId, 40, 47));
    await setArticleStatus(ada, { articleId: disputed.id, status: "done" });
    expect(await db.assignment.count({ where: { articleId: disputed.id } })).toBe(2);
    await setArticleStatus(bo, { articleId: disputed.id, status: "done" });
    // Di has no load, Cy has one article: Di is the third annotator, marked as routed.
    expect(await onArticle(disputed.id)).toEqual([`${ada.id}:false`, `${bo.id}:false`, `${di.id}:true`].sort());

    // Di disagrees too: three annotators is the maximum, so no fourth.
    await createAnnotation(di, span(disputed.id, labelId, 60, 67));
    await setArticleStatus(di, { articleId: disputed.id, status: "done" });
    expect(await db.assignment.count({ where: { articleId: disputed.id } })).toBe(3);
  });

  it("refuses a maximum that could never add an annotator, naming the field, and changes nothing", async () => {
    const { project } = await makeProject("Routing bad input");
    const admin: Actor = { id: "routing-admin", role: "admin", name: "Admin", email: "routing-admin@example.test" };
    await expect(
      viaSchema(
        ZAssignmentSettings,
        { projectId: project.id, mode: "overlap", k: "3", reservationMinutes: "60", routeBelow: "0.4", routeMax: "3" },
        (i) => setAssignmentSettings(admin, i),
      ),
    ).rejects.toMatchObject({ code: "INVALID", fields: [{ field: "routeMax" }] });
    expect(
      await db.project.findUniqueOrThrow({
        where: { id: project.id },
        select: { assignmentMode: true, routeBelow: true },
      }),
    ).toEqual({ assignmentMode: "everyone", routeBelow: null });
  });
});
