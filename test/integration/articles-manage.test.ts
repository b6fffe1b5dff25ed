// Managing a project's articles after import: metadata edits, text edits while untouched, delete, reorder.
import { describe, expect, it } from "vitest";
import { ZUpdateArticle } from "@/lib/schemas/article";
import { createAnnotation } from "@/lib/server/annotations/create-annotation";
import { deleteArticle, getArticleForEdit, moveArticle, updateArticle } from "@/lib/server/articles/manage-article";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { makeArticle, makeProject, makeUser } from "../factories";

async function refusal(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  if (!(e instanceof AppError)) throw new Error(`expected an AppError, got ${String(e)}`);
  return e;
}
const edit = (raw: Record<string, unknown>) => ZUpdateArticle.parse(raw);

describe("article management", () => {
  it("edits metadata at any time and the text only while nobody has annotated the article", async () => {
    const admin = await makeUser("admin");
    const reviewer = await makeUser("reviewer");
    const { project, labels } = await makeProject();
    const a = await makeArticle(project.id, "Café talks resumed on Monday.", "Old title");

    await updateArticle(
      admin,
      edit({
        id: a.id,
        title: "New title",
        source: "Wire",
        author: "A. Writer",
        url: "https://example.test/x",
        publishedAt: "2025-03-09",
        text: "Cafe\u0301 talks resumed on Tuesday.\r\n",
      }),
    );
    const after = await db.article.findUniqueOrThrow({ where: { id: a.id } });
    expect([after.title, after.source, after.author, after.url]).toEqual([
      "New title",
      "Wire",
      "A. Writer",
      "https://example.test/x",
    ]);
    // Normalised as on import (NFC, \n), with length and hash following the text.
    expect(after.text).toBe("Café talks resumed on Tuesday.\n");
    expect(after.length).toBe(Array.from(after.text).length);
    expect(after.textHash).not.toBe(a.textHash);

    await createAnnotation(reviewer, { articleId: a.id, labelId: labels[0]!.id, start: 0, end: 4, quote: "Café" });
    const frozen = await refusal(
      updateArticle(admin, edit({ id: a.id, title: "Again", text: "Something else entirely." })),
    );
    expect([frozen.code, frozen.fields[0]?.field]).toEqual(["CONFLICT", "text"]);
    expect((await db.article.findUniqueOrThrow({ where: { id: a.id } })).title).toBe("New title");
    // Metadata alone still changes, and re-sending the same text is not a text change.
    await updateArticle(admin, edit({ id: a.id, title: "Renamed after annotation", text: after.text }));
    expect((await db.article.findUniqueOrThrow({ where: { id: a.id } })).title).toBe("Renamed after annotation");
    expect((await getArticleForEdit(admin, a.id)).textEditable).toBe(false);

    expect((await refusal(updateArticle(reviewer, edit({ id: a.id, title: "Mine now" })))).code).toBe("FORBIDDEN");
  });

  it("refuses a text that duplicates another article of the project", async () => {
    const admin = await makeUser("admin");
    const { project } = await makeProject();
    await makeArticle(project.id, "First text.", "One");
    const b = await makeArticle(project.id, "Second text.", "Two");
    const dup = await refusal(updateArticle(admin, edit({ id: b.id, title: "Two", text: "First text." })));
    expect([dup.code, dup.fields[0]?.field]).toEqual(["CONFLICT", "text"]);
  });

  it("deletes only an article without annotations", async () => {
    const admin = await makeUser("admin");
    const reviewer = await makeUser("reviewer");
    const { project, labels } = await makeProject();
    const keep = await makeArticle(project.id, "Annotated text here.", "Keep");
    const drop = await makeArticle(project.id, "Nobody touched this.", "Drop");
    await createAnnotation(reviewer, {
      articleId: keep.id,
      labelId: labels[0]!.id,
      start: 0,
      end: 9,
      quote: "Annotated",
    });
    const refused = await refusal(deleteArticle(admin, { id: keep.id }));
    expect(refused.code).toBe("CONFLICT");
    expect(refused.message).toMatch(/1 span/);
    expect(await db.article.count({ where: { id: keep.id } })).toBe(1);
    expect((await refusal(deleteArticle(reviewer, { id: drop.id }))).code).toBe("FORBIDDEN");
    await deleteArticle(admin, { id: drop.id });
    expect(await db.article.count({ where: { id: drop.id } })).toBe(0);
  });

  it("moves an article up and down, keeping a strict order", async () => {
    const admin = await makeUser("admin");
    const { project } = await makeProject();
    const ids = [];
    for (const t of ["A text.", "B text.", "C text."]) ids.push((await makeArticle(project.id, t, t)).id);
    const order = async () =>
      (
        await db.article.findMany({
          where: { projectId: project.id },
          orderBy: [{ position: "asc" }, { id: "asc" }],
          select: { title: true },
        })
      ).map((a) => a.title);
    await moveArticle(admin, { id: ids[2]!, direction: "up" });
    expect(await order()).toEqual(["A text.", "C text.", "B text."]);
    expect(await moveArticle(admin, { id: ids[0]!, direction: "up" })).toEqual({ moved: false });
    // Two articles sharing a position (older data) are pulled apart by a move.
    await db.article.updateMany({ where: { projectId: project.id }, data: { position: 7 } });
    const [first] = await db.article.findMany({
      where: { projectId: project.id },
      orderBy: { id: "asc" },
      select: { id: true },
    });
    await moveArticle(admin, { id: first!.id, direction: "down" });
    const positions = (await db.article.findMany({ where: { projectId: project.id }, select: { position: true } })).map(
      (a) => a.position,
    );
    expect(new Set(positions).size).toBeGreaterThan(1);
  });
});
