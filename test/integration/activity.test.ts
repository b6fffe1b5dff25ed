// Active time per article: reports from the annotator page add to ArticleActivity, only for the
// article's annotators, bounded per report and in total, never creating a status. Real database.
import { beforeAll, describe, expect, it } from "vitest";
import { ZActivityReport } from "@/lib/schemas/activity";
import { MAX_ACTIVE_MS } from "@/lib/schemas/limits";
import { recordActivity } from "@/lib/server/activity/record-activity";
import type { Actor } from "@/lib/server/actor";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { makeArticle, makeProject, makeUser, viaSchema } from "../factories";
import { fingerprint } from "../fingerprint";

async function failure(p: Promise<unknown>): Promise<{ code: string; fields: string[] }> {
  try {
    await p;
    return { code: "OK", fields: [] };
  } catch (e) {
    if (e instanceof AppError) return { code: e.code, fields: (e.fields ?? []).map((f) => f.field) };
    throw e;
  }
}

describe("recording active time", () => {
  let projectId: string, articleId: string, other: string;
  let annotator: Actor, curator: Actor, outsider: Actor, unassigned: Actor;

  beforeAll(async () => {
    const { project } = await makeProject("Activity");
    projectId = project.id;
    articleId = (await makeArticle(projectId, "Officials hailed the deal as historic.")).id;
    other = (await makeArticle(projectId, "Critics called it a sellout.")).id;
    const member = async (role: "annotator" | "curator", name: string) => {
      const u = await makeUser("reviewer", name, { member: false });
      await db.projectMember.create({ data: { projectId, userId: u.id, role } });
      return u;
    };
    annotator = await member("annotator", "Ann");
    unassigned = await member("annotator", "Una");
    curator = await member("curator", "Cur");
    outsider = await makeUser("reviewer", "Out", { member: false });
    const round = await db.round.findFirstOrThrow({ where: { projectId } });
    await db.project.update({ where: { id: projectId }, data: { assignmentMode: "manual" } });
    await db.assignment.create({ data: { projectId, roundId: round.id, articleId, userId: annotator.id, slot: 0 } });
    await db.assignment.create({
      data: { projectId, roundId: round.id, articleId: other, userId: unassigned.id, slot: 0 },
    });
  });

  it("adds each report to the annotator's total on the article and stamps the time, creating no status", async () => {
    const before = new Date();
    const first = await viaSchema(ZActivityReport, { articleId, ms: 30_000 }, (i) => recordActivity(annotator, i));
    expect(first.activeMs).toBe(30_000);
    const second = await viaSchema(ZActivityReport, { articleId, ms: 12_345 }, (i) => recordActivity(annotator, i));
    expect(second.activeMs).toBe(42_345);
    const row = await db.articleActivity.findUniqueOrThrow({
      where: { articleId_userId: { articleId, userId: annotator.id } },
    });
    expect(row.activeMs).toBe(42_345);
    expect(row.lastActiveAt.getTime()).toBeGreaterThanOrEqual(before.getTime() - 1000);
    expect(await db.articleStatus.count({ where: { articleId } })).toBe(0);
    expect(await db.articleActivity.count({ where: { articleId: other } })).toBe(0);
  });

  it("refuses everyone but the article's annotators, changing nothing", async () => {
    const snapshot = await fingerprint();
    for (const who of [curator, outsider, unassigned])
      expect((await failure(recordActivity(who, { articleId, ms: 1_000 }))).code, who.name).toBe("FORBIDDEN");
    expect((await failure(recordActivity(annotator, { articleId: "no-such-article", ms: 1_000 }))).code).toBe(
      "NOT_FOUND",
    );
    expect(await fingerprint()).toBe(snapshot);
  });

  it("rejects reports that are not whole milliseconds between 1 and 10 minutes, naming the field", async () => {
    const snapshot = await fingerprint();
    for (const ms of [0, -5, 1.5, 600_001, Number.MAX_SAFE_INTEGER, "30000", null]) {
      const got = await failure(viaSchema(ZActivityReport, { articleId, ms }, (i) => recordActivity(annotator, i)));
      expect(got, String(ms)).toEqual({ code: "INVALID", fields: ["ms"] });
    }
    const extra = await failure(
      viaSchema(ZActivityReport, { articleId, ms: 5, userId: outsider.id }, (i) => recordActivity(annotator, i)),
    );
    expect(extra.code).toBe("INVALID");
    expect(await fingerprint()).toBe(snapshot);
    const ok = await viaSchema(ZActivityReport, { articleId, ms: 600_000 }, (i) => recordActivity(annotator, i));
    expect(ok.activeMs).toBe(42_345 + 600_000);
  });

  it("stops the total at its ceiling instead of overflowing the column", async () => {
    const key = { articleId_userId: { articleId, userId: annotator.id } };
    await db.articleActivity.update({ where: key, data: { activeMs: MAX_ACTIVE_MS - 1_000 } });
    expect((await recordActivity(annotator, { articleId, ms: 600_000 })).activeMs).toBe(MAX_ACTIVE_MS);
    expect((await recordActivity(annotator, { articleId, ms: 600_000 })).activeMs).toBe(MAX_ACTIVE_MS);
    expect((await db.articleActivity.findUniqueOrThrow({ where: key })).activeMs).toBe(MAX_ACTIVE_MS);
  });

  it("keeps every one of concurrent first reports (none lost to the race on the new row)", async () => {
    const fresh = (await makeArticle(projectId, "A fresh article for a race.")).id;
    const round = await db.round.findFirstOrThrow({ where: { projectId } });
    await db.assignment.create({
      data: { projectId, roundId: round.id, articleId: fresh, userId: annotator.id, slot: 0 },
    });
    const race = await Promise.allSettled(
      Array.from({ length: 8 }, () => recordActivity(annotator, { articleId: fresh, ms: 1_000 })),
    );
    expect(race.filter((r) => r.status === "rejected")).toEqual([]);
    const row = await db.articleActivity.findUniqueOrThrow({
      where: { articleId_userId: { articleId: fresh, userId: annotator.id } },
    });
    expect(row.activeMs).toBe(8_000);
  });
});
