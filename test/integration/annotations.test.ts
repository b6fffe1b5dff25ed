import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/server/actor";
import { createAnnotation } from "@/lib/server/annotations/create-annotation";
import { deleteAnnotation } from "@/lib/server/annotations/delete-annotation";
import { updateAnnotation } from "@/lib/server/annotations/update-annotation";
import { getAnnotationWorkspace } from "@/lib/server/articles/get-annotation-workspace";
import { listQueue } from "@/lib/server/articles/list-queue";
import { setArticleStatus } from "@/lib/server/articles/set-article-status";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { setLabelArchived } from "@/lib/server/taxonomy/manage-labels";
import { setProjectLocked } from "@/lib/server/projects/projects";
import { cpSlice, makeArticle, makeProject, makeUser } from "../factories";

// Emoji (surrogate pairs), a combining sequence that NFC composes, CJK and RTL: the offset contract's hard cases.
const TEXT = 'Trump 👍🏽 said "we just did".\ne\u0301lan — 情報共有 — تبادل المعلومات\n\nEnd.';

async function rejects(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error("expected the use case to refuse");
}

let a: Actor, b: Actor, admin: Actor;
let articleId: string, projectId: string, labelId: string, otherLabelId: string;
let stored: string;

beforeAll(async () => {
  [a, b, admin] = await Promise.all([
    makeUser("reviewer", "Ann"),
    makeUser("reviewer", "Ben"),
    makeUser("admin", "Ada"),
  ]);
  const { project, labels } = await makeProject();
  projectId = project.id;
  labelId = labels[0]!.id;
  otherLabelId = labels[9]!.id;
  const article = await makeArticle(projectId, TEXT.replace("\n", "\r\n"));
  articleId = article.id;
  stored = (await db.article.findUniqueOrThrow({ where: { id: articleId } })).text;
});

function span(quote: string, from = 0) {
  const cps = Array.from(stored);
  const q = Array.from(quote);
  for (let i = from; i + q.length <= cps.length; i++)
    if (q.every((c, j) => cps[i + j] === c)) return { start: i, end: i + q.length, quote };
  throw new Error(`quote not found: ${quote}`);
}

describe("article import normalises once", () => {
  it("stores NFC text with \\n line ends and its code point length", async () => {
    const row = await db.article.findUniqueOrThrow({ where: { id: articleId } });
    expect(row.text).toBe(TEXT.normalize("NFC"));
    expect(row.text.includes("\r")).toBe(false);
    expect(row.length).toBe(Array.from(row.text).length);
  });
});

describe("createAnnotation", () => {
  it("stores a span whose code point slice equals the quote, across emoji, CJK and RTL", async () => {
    for (const quote of ["said", "情報共有", "تبادل المعلومات", "élan", "End."]) {
      const s = span(quote);
      const created = await createAnnotation(a, { articleId, labelId, ...s });
      expect(cpSlice(stored, created.start, created.end)).toBe(quote);
    }
    const status = await db.articleStatus.findUniqueOrThrow({
      where: { articleId_userId: { articleId, userId: a.id } },
    });
    expect(status.status).toBe("in_progress");
  });

  it("allows overlapping spans and a second label on the same text, but refuses an exact duplicate", async () => {
    const s = span("we just did");
    await createAnnotation(a, { articleId, labelId, ...s });
    await createAnnotation(a, { articleId, labelId: otherLabelId, ...s });
    await createAnnotation(a, { articleId, labelId, ...span("just") });
    const dup = await rejects(createAnnotation(a, { articleId, labelId, ...s }));
    expect(dup.code).toBe("CONFLICT");
    // Another reviewer may label the same text independently.
    await createAnnotation(b, { articleId, labelId, ...s });
  });

  it("refuses invalid offsets with the field and reason, and writes nothing", async () => {
    const before = await db.annotation.count();
    const len = Array.from(stored).length;
    const cases: [Record<string, unknown>, string][] = [
      [{ start: 5, end: 5, quote: "" }, "end"],
      [{ start: 0, end: len + 1, quote: `${stored}x` }, "end"],
      [{ ...span("said"), quote: "sand" }, "quote"],
      // UTF-16 offsets of the word after the emoji would be off by two: the quote check catches drift.
      [{ start: span("said").start + 2, end: span("said").end + 2, quote: "said" }, "quote"],
    ];
    for (const [bad, field] of cases) {
      const err = await rejects(createAnnotation(a, { articleId, labelId, start: 0, end: 1, quote: "T", ...bad }));
      expect(err.code).toBe("INVALID");
      expect(err.fields[0]?.field).toBe(field);
    }
    expect(await db.annotation.count()).toBe(before);
  });

  it("refuses an archived label and a label of another project", async () => {
    const { labels } = await makeProject();
    const missing = await rejects(
      createAnnotation(a, { articleId: "no-such-article", labelId: labels[0]!.id, ...span("Trump") }),
    );
    expect([missing.code, missing.fields[0]?.field]).toEqual(["NOT_FOUND", "articleId"]);
    const noLabel = await rejects(createAnnotation(a, { articleId, labelId: "no-such-label", ...span("Trump") }));
    expect(noLabel.fields[0]).toEqual({ field: "labelId", message: "is not a label of this article's project" });
    const foreign = await rejects(createAnnotation(a, { articleId, labelId: labels[0]!.id, ...span("Trump") }));
    expect(foreign.fields[0]).toEqual({ field: "labelId", message: "is not a label of this article's project" });
    const { project: p2, labels: l2 } = await makeProject();
    const art2 = await makeArticle(p2.id, "Some text here.");
    await setLabelArchived(admin, { id: l2[1]!.id }, true);
    const archived = await rejects(
      createAnnotation(a, { articleId: art2.id, labelId: l2[1]!.id, start: 0, end: 4, quote: "Some" }),
    );
    expect(archived.fields[0]?.field).toBe("labelId");
    expect(archived.message).toMatch(/archived/);
  });
});

describe("blind annotation and ownership", () => {
  it("a reviewer's workspace and queue contain only their own spans", async () => {
    const wa = await getAnnotationWorkspace(a, articleId);
    const wb = await getAnnotationWorkspace(b, articleId);
    const mine = await db.annotation.findMany({ where: { articleId, userId: a.id } });
    expect(wa.annotations.map((x) => x.id).sort()).toEqual(mine.map((x) => x.id).sort());
    expect(wb.annotations).toHaveLength(1);
    expect(wb.annotations.every((x) => !mine.some((m) => m.id === x.id))).toBe(true);
    const qb = await listQueue(b, projectId);
    expect(qb.items.find((i) => i.id === articleId)?.spans).toBe(1);
  });

  it("the workspace offers the comparison only once blind mode is lifted (revealed and reviewers may compare)", async () => {
    const project = (await db.article.findUniqueOrThrow({ where: { id: articleId }, select: { project: true } }))
      .project;
    const set = (data: { revealed: boolean; reviewersMayCompare: boolean }) =>
      db.project.update({ where: { id: project.id }, data });
    try {
      await set({ revealed: false, reviewersMayCompare: true });
      expect((await getAnnotationWorkspace(a, articleId)).mayCompare).toBe(false);
      expect((await getAnnotationWorkspace(admin, articleId)).mayCompare).toBe(true);
      await set({ revealed: true, reviewersMayCompare: false });
      expect((await getAnnotationWorkspace(a, articleId)).mayCompare).toBe(false);
      await set({ revealed: true, reviewersMayCompare: true });
      expect((await getAnnotationWorkspace(a, articleId)).mayCompare).toBe(true);
    } finally {
      await set({ revealed: project.revealed, reviewersMayCompare: project.reviewersMayCompare });
    }
  });

  it("reviewer B cannot edit or delete A's span; nothing changes", async () => {
    const target = await db.annotation.findFirstOrThrow({ where: { articleId, userId: a.id } });
    const e1 = await rejects(updateAnnotation(b, { id: target.id, note: "hijacked" }));
    const e2 = await rejects(deleteAnnotation(b, { id: target.id }));
    expect([e1.code, e2.code]).toEqual(["NOT_FOUND", "NOT_FOUND"]);
    expect(await db.annotation.findUniqueOrThrow({ where: { id: target.id } })).toEqual(target);
  });
});

describe("update, delete and undo", () => {
  it("changes label and note, bumps the version, and refuses a stale version", async () => {
    const s = await createAnnotation(a, { articleId, labelId, ...span("Trump") });
    const u = await updateAnnotation(a, { id: s.id, labelId: otherLabelId, note: "Subject framing", version: 1 });
    expect([u.labelId, u.note, u.version]).toEqual([otherLabelId, "Subject framing", 2]);
    const stale = await rejects(updateAnnotation(a, { id: s.id, note: "older edit", version: 1 }));
    expect(stale.code).toBe("CONFLICT");
    expect((await db.annotation.findUniqueOrThrow({ where: { id: s.id } })).note).toBe("Subject framing");
  });

  it("delete returns the span so it can be re-created (undo)", async () => {
    const s = await createAnnotation(a, { articleId, labelId, ...span("End."), note: "x" }).catch(async () => {
      const existing = await db.annotation.findFirstOrThrow({ where: { articleId, userId: a.id, quote: "End." } });
      return existing;
    });
    const gone = await deleteAnnotation(a, { id: s.id });
    expect(await db.annotation.findUnique({ where: { id: s.id } })).toBeNull();
    const back = await createAnnotation(a, {
      articleId,
      labelId: gone.labelId,
      start: gone.start,
      end: gone.end,
      quote: gone.quote,
      note: gone.note,
    });
    expect([back.start, back.end, back.quote, back.note]).toEqual([gone.start, gone.end, gone.quote, gone.note]);
  });
});

describe("status and locking", () => {
  it("marks done, keeps done articles editable, and freezes everything once locked", async () => {
    await setArticleStatus(a, { articleId, status: "done" });
    const q = await listQueue(a, projectId);
    expect(q.items.find((i) => i.id === articleId)?.status).toBe("done");
    expect(q.progress.done).toBe(1);
    const s = await createAnnotation(a, { articleId, labelId: otherLabelId, ...span("Trump") }).catch(() => null);
    expect((await listQueue(a, projectId)).items.find((i) => i.id === articleId)?.status).toBe("done");
    void s;
    await setProjectLocked(admin, projectId, true);
    const locked = await rejects(createAnnotation(a, { articleId, labelId, ...span("情報") }));
    expect(locked.code).toBe("LOCKED");
    const reviewerLock = await rejects(setProjectLocked(a, projectId, false));
    expect(reviewerLock.code).toBe("FORBIDDEN");
    await setProjectLocked(admin, projectId, false);
  });
});
