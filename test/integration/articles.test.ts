// Article creation: every path (form, file import, annotation import) gives a new article its own position.
import { describe, expect, it } from "vitest";
import type { Actor } from "@/lib/server/actor";
import { getAnnotationWorkspace } from "@/lib/server/articles/get-annotation-workspace";
import { importArticles } from "@/lib/server/dataset/import-articles";
import { db } from "@/lib/server/db";
import { makeArticle, makeProject, makeUser } from "../factories";

async function positions(projectId: string): Promise<number[]> {
  const rows = await db.article.findMany({
    where: { projectId },
    orderBy: { position: "asc" },
    select: { position: true },
  });
  return rows.map((r) => r.position);
}

describe("article positions", () => {
  it("concurrent creates and imports in one project get distinct, consecutive positions", async () => {
    const admin: Actor = await makeUser("admin");
    const { project } = await makeProject();
    await Promise.all([
      ...Array.from({ length: 6 }, (_, i) => makeArticle(project.id, `Concurrent text number ${i}.`, `A${i}`)),
      importArticles(admin, project.id, [
        { name: "two.csv", content: "title,text\nB1,First imported text.\nB2,Second imported text.\n" },
      ]),
    ]);
    expect(await positions(project.id)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it("so every article links to its neighbours", async () => {
    const reviewer = await makeUser("reviewer");
    const { project } = await makeProject();
    const made = await Promise.all(
      Array.from({ length: 4 }, (_, i) => makeArticle(project.id, `Neighbour text ${i}.`, `N${i}`)),
    );
    const order = await db.article.findMany({
      where: { projectId: project.id },
      orderBy: { position: "asc" },
      select: { id: true },
    });
    expect(order).toHaveLength(made.length);
    for (const [i, a] of order.entries()) {
      const { neighbours } = await getAnnotationWorkspace(reviewer, a.id);
      expect(neighbours).toEqual({ previousId: order[i - 1]?.id ?? null, nextId: order[i + 1]?.id ?? null });
    }
  });
});
