// Fixed-overlap assignment beyond Prisma's 999 bound values per query: 1,200 articles, 7 annotators,
// k = 3 (3,600 assignments written by the multi-row insert), then extended without moving started work.
import { createHash } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/server/actor";
import { assignOverlap } from "@/lib/server/assignment/assign-overlap";
import { db } from "@/lib/server/db";
import { makeProject, makeUser } from "../factories";

const admin: Actor = { id: "scale-admin", role: "admin", name: "Admin", email: "scale-admin@example.test" };
const ARTICLES = 1_200;

describe("assignOverlap at scale", () => {
  let projectId: string, annotators: Actor[];

  beforeAll(async () => {
    projectId = (await makeProject("Scale")).project.id;
    await db.article.createMany({
      data: Array.from({ length: ARTICLES }, (_, i) => {
        const text = `Scale article ${i}: officials hailed the deal.`;
        return {
          projectId,
          title: `S${i}`,
          text,
          textHash: createHash("sha256").update(text).digest("hex"),
          length: text.length,
          position: i,
        };
      }),
    });
    annotators = [];
    for (let i = 0; i < 7; i++) {
      const u = await makeUser("reviewer", `Scale ${i}`, { member: false });
      await db.projectMember.create({ data: { projectId, userId: u.id, role: "annotator" } });
      annotators.push(u);
    }
  });

  it("gives every article exactly k annotators with loads within one, as rows Prisma reads back", async () => {
    const result = await assignOverlap(admin, { projectId, k: 3, seed: 5 });
    expect([result.articles, result.assigned, result.kept]).toEqual([ARTICLES, ARTICLES * 3, 0]);
    const rows = await db.assignment.findMany({ where: { projectId } });
    expect(rows).toHaveLength(ARTICLES * 3);
    const perArticle = new Map<string, Set<string>>();
    const slots = new Map<string, number[]>();
    for (const r of rows) {
      perArticle.set(r.articleId, (perArticle.get(r.articleId) ?? new Set()).add(r.userId));
      slots.set(r.articleId, [...(slots.get(r.articleId) ?? []), r.slot]);
      expect(r.status).toBe("assigned");
      expect(r.reservedUntil).toBeNull();
      expect(r.routed).toBe(false);
      expect(r.createdAt).toBeInstanceOf(Date);
      expect(Math.abs(r.createdAt.getTime() - Date.now())).toBeLessThan(10 * 60_000);
    }
    expect(perArticle.size).toBe(ARTICLES);
    expect([...perArticle.values()].every((s) => s.size === 3)).toBe(true);
    expect([...slots.values()].every((s) => [...s].sort().join() === "0,1,2")).toBe(true);
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
    const loads = annotators.map((a) => rows.filter((r) => r.userId === a.id).length);
    expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(1);
  });

  it("runs again keeping started work where it is and the design complete", async () => {
    const started = await db.assignment.findMany({ where: { projectId }, take: 600, orderBy: { articleId: "asc" } });
    await db.articleStatus.createMany({
      data: started.map((a) => ({ articleId: a.articleId, userId: a.userId, status: "in_progress" })),
    });
    const result = await assignOverlap(admin, { projectId, k: 3, seed: 9 });
    expect(result.kept).toBe(600);
    const rows = await db.assignment.findMany({ where: { projectId }, select: { articleId: true, userId: true } });
    expect(rows).toHaveLength(ARTICLES * 3);
    const keys = new Set(rows.map((r) => `${r.articleId}/${r.userId}`));
    expect(started.every((s) => keys.has(`${s.articleId}/${s.userId}`))).toBe(true);
  });
});
