import { beforeAll, describe, expect, it } from "vitest";
import { ZUpdateAnnotation } from "@/lib/schemas/annotation";
import type { Actor } from "@/lib/server/actor";
import { createAnnotation } from "@/lib/server/annotations/create-annotation";
import { deleteAnnotation } from "@/lib/server/annotations/delete-annotation";
import { updateAnnotation } from "@/lib/server/annotations/update-annotation";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { makeArticle, makeProject, makeUser } from "../factories";

// "😀" is one code point (two UTF-16 units): the edges below are code points.
const TEXT = "Officials 😀 said the pause would be reviewed.";

async function rejects(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error("expected the use case to refuse");
}

let ann: Actor;
let articleId: string;
let labelId: string;

beforeAll(async () => {
  ann = await makeUser("reviewer", "Ann");
  const { project, labels } = await makeProject();
  labelId = labels[0]!.id;
  articleId = (await makeArticle(project.id, TEXT)).id;
});

describe("changing a span's edges (undo and redo of a boundary change)", () => {
  it("moves start, end and quote together, keeps the note and bumps the version", async () => {
    const s = await createAnnotation(ann, { articleId, labelId, start: 0, end: 9, quote: "Officials", note: "n" });
    const moved = await updateAnnotation(ann, { id: s.id, start: 0, end: 16, quote: "Officials 😀 said", version: 1 });
    expect([moved.start, moved.end, moved.quote, moved.note, moved.version]).toEqual([
      0,
      16,
      "Officials 😀 said",
      "n",
      2,
    ]);
    // A stale version (another window moved it since) is refused and changes nothing.
    const stale = await rejects(updateAnnotation(ann, { id: s.id, start: 0, end: 9, quote: "Officials", version: 1 }));
    expect(stale.code).toBe("CONFLICT");
    expect((await db.annotation.findUniqueOrThrow({ where: { id: s.id } })).end).toBe(16);
  });

  it("refuses a quote that is not the text at the new edges, naming the field", async () => {
    const s = await createAnnotation(ann, { articleId, labelId, start: 17, end: 20, quote: "the" });
    const bad = await rejects(updateAnnotation(ann, { id: s.id, start: 17, end: 26, quote: "the pawse" }));
    expect(bad.code).toBe("INVALID");
    expect(bad.fields.map((f) => f.field)).toEqual(["quote"]);
    const row = await db.annotation.findUniqueOrThrow({ where: { id: s.id } });
    expect([row.start, row.end, row.version]).toEqual([17, 20, 1]);
  });

  it("needs start, end and quote together", () => {
    const r = ZUpdateAnnotation.safeParse({ id: "x".repeat(10), start: 1, end: 4 });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join("."))).toContain("start");
  });
});

describe("deleting with a version (undo of a create)", () => {
  it("refuses when the span changed since that version, deletes at the current one", async () => {
    const s = await createAnnotation(ann, { articleId, labelId, start: 27, end: 32, quote: "would" });
    await updateAnnotation(ann, { id: s.id, note: "edited in another window", version: 1 });
    const stale = await rejects(deleteAnnotation(ann, { id: s.id, version: 1 }));
    expect(stale.code).toBe("CONFLICT");
    expect(await db.annotation.findUnique({ where: { id: s.id } })).not.toBeNull();
    await deleteAnnotation(ann, { id: s.id, version: 2 });
    expect(await db.annotation.findUnique({ where: { id: s.id } })).toBeNull();
    // Already gone: not found, whatever the version.
    expect((await rejects(deleteAnnotation(ann, { id: s.id, version: 2 }))).code).toBe("NOT_FOUND");
  });
});
