// Each limit in lib/schemas/limits.ts answers with a clear, field-specific error and changes nothing.
import { beforeAll, describe, expect, it, vi } from "vitest";
import { MAX_ARTICLE_CHARS, MAX_SPANS_PER_ARTICLE, MAX_UPLOAD_FILE_BYTES } from "@/lib/schemas/limits";
import type { Actor } from "@/lib/server/actor";
import { createAnnotation } from "@/lib/server/annotations/create-annotation";
import { createArticle } from "@/lib/server/articles/create-article";
import { db } from "@/lib/server/db";
import { importArticles } from "@/lib/server/dataset/import-articles";
import { importAnnotations } from "@/lib/server/dataset/import-annotations";
import { AppError } from "@/lib/server/errors";
import { ZCreateArticle } from "@/lib/schemas/article";
import { makeArticle, makeProject, makeUser, viaSchema } from "../factories";
import { fingerprint } from "../fingerprint";

const auth = vi.hoisted(() => ({ actor: null as Actor | null }));
vi.mock("@/lib/server/auth", () => ({
  currentActor: async () => auth.actor,
  requireActor: async () => {
    if (!auth.actor) throw new Error("test: no actor");
    return auth.actor;
  },
}));

let admin: Actor, reviewer: Actor, other: Actor, projectId: string, articleId: string, labelId: string;

beforeAll(async () => {
  admin = await makeUser("admin");
  reviewer = await makeUser("reviewer");
  other = await makeUser("reviewer");
  const { project, labels } = await makeProject();
  projectId = project.id;
  labelId = labels[0]!.id;
  articleId = (await makeArticle(projectId, "abcdefghij ".repeat(1000))).id;
});

async function refusal(run: () => Promise<unknown>): Promise<AppError> {
  try {
    await run();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error("was accepted");
}

describe("limits", () => {
  it("article length: one character over the maximum is refused on the text field", async () => {
    const before = await fingerprint();
    const e = await refusal(() =>
      viaSchema(ZCreateArticle, { projectId, title: "Long", text: "a".repeat(MAX_ARTICLE_CHARS + 1) }, (input) =>
        createArticle(admin, input),
      ),
    );
    expect(e.code).toBe("INVALID");
    expect(e.fields).toEqual([{ field: "text", message: `text must be at most ${MAX_ARTICLE_CHARS} characters` }]);
    expect(await fingerprint()).toBe(before);
    // At the limit it is accepted.
    await expect(
      viaSchema(ZCreateArticle, { projectId, title: "Exactly max", text: "b".repeat(MAX_ARTICLE_CHARS) }, (input) =>
        createArticle(admin, input),
      ),
    ).resolves.toMatchObject({ length: MAX_ARTICLE_CHARS });
  });

  it("article length: the same limit holds for imported articles", async () => {
    const before = await fingerprint();
    const e = await refusal(() =>
      importArticles(admin, projectId, [{ name: "long.txt", content: "c".repeat(MAX_ARTICLE_CHARS + 1) }]),
    );
    expect(e.message).toMatch(/long\.txt.*text must be at most 500000 characters/);
    const ls = JSON.stringify([{ id: 1, data: { text: "d".repeat(MAX_ARTICLE_CHARS + 1) }, annotations: [] }]);
    const e2 = await refusal(() => importAnnotations(admin, projectId, "labelstudio", ls));
    expect(e2.message).toMatch(/text must be at most 500000 characters/);
    expect(await fingerprint()).toBe(before);
  });

  it(`spans per article: a reviewer's ${MAX_SPANS_PER_ARTICLE + 1}th span is refused; other reviewers are unaffected`, async () => {
    await db.annotation.createMany({
      // Created an hour ago: seeded spans must not count against the per-minute quota.
      data: Array.from({ length: MAX_SPANS_PER_ARTICLE - 1 }, (_, i) => ({
        articleId,
        userId: reviewer.id,
        labelId,
        start: i,
        end: i + 1,
        quote: "abcdefghij "[i % 11]!,
        createdAt: new Date(Date.now() - 3_600_000),
      })),
    });
    // The last allowed span goes through the use case.
    await createAnnotation(reviewer, { articleId, labelId, start: 0, end: 10, quote: "abcdefghij" });
    const before = await fingerprint();
    const e = await refusal(() => createAnnotation(reviewer, { articleId, labelId, start: 0, end: 5, quote: "abcde" }));
    expect(e.code).toBe("INVALID");
    expect(e.fields).toEqual([
      {
        field: "articleId",
        message: `you already have ${MAX_SPANS_PER_ARTICLE} spans on this article, the most allowed`,
      },
    ]);
    expect(await fingerprint()).toBe(before);
    await expect(
      createAnnotation(other, { articleId, labelId, start: 0, end: 5, quote: "abcde" }),
    ).resolves.toBeTruthy();
  });

  it("upload: a file over the upload limit is refused on the file field before it is read", async () => {
    const { createArticleAction } = await import("@/app/admin/actions");
    auth.actor = admin;
    const before = await fingerprint();
    const form = new FormData();
    form.set("projectId", projectId);
    form.set("title", "");
    form.set("text", "");
    form.set(
      "file",
      new File([new Uint8Array(MAX_UPLOAD_FILE_BYTES + 1).fill(0x61)], "big.txt", { type: "text/plain" }),
    );
    const r = await createArticleAction(null, form);
    expect(r).toMatchObject({
      ok: false,
      code: "INVALID",
      fields: [{ field: "file", message: "must be at most 2 MB" }],
    });
    expect(await fingerprint()).toBe(before);
  });
});
