// Property-based hostile input: every schema and use case answers with a clean, specific
// validation error and leaves the database exactly as it was.
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { ZCreateAnnotation, ZUpdateAnnotation } from "@/schemas/annotation";
import type { Actor } from "@/server/actor";
import { createAnnotation } from "@/server/annotations/create-annotation";
import { updateAnnotation } from "@/server/annotations/update-annotation";
import { createArticle } from "@/server/articles/create-article";
import { db } from "@/server/db";
import { AppError, fromZod } from "@/server/errors";
import { createLabel, updateLabel } from "@/server/taxonomy/manage-labels";
import { createFirstAdmin, createUser } from "@/server/users/create-user";
import { makeArticle, makeProject, makeUser } from "../factories";

const RUNS = 150;
export let hostileInputsTried = 0;

const hostileString = fc.oneof(
  fc.string({ unit: "binary", maxLength: 50 }),
  fc.constantFrom("\uD800", "a\uDC00b", "\u0000", "\u202E", "=cmd|' /C calc'!A0", "<script>alert(1)</script>", "'; DROP TABLE \"Annotation\"; --", "x".repeat(200_000), "👨‍👩‍👧".repeat(5000)),
);
const hostileNumber = fc.oneof(fc.constantFrom(Number.NaN, Infinity, -Infinity, -1, 0.5, 2 ** 53, -0, 1e308), fc.double(), fc.integer({ min: -10, max: 5000 }));
const deepJson = fc.letrec((tie) => ({ node: fc.oneof({ depthSize: "small" }, fc.jsonValue(), fc.array(tie("node"), { maxLength: 3 }), fc.dictionary(fc.string(), tie("node"), { maxKeys: 3 })) })).node;
const anything = fc.oneof(hostileString, hostileNumber, deepJson, fc.constant(undefined), fc.constant(null), fc.constant({ toString: 1 }));

async function fingerprint() {
  const [annotations, labels, articles, users] = await Promise.all([
    db.annotation.findMany({ orderBy: { id: "asc" } }),
    db.label.findMany({ orderBy: { id: "asc" } }),
    db.article.findMany({ orderBy: { id: "asc" }, select: { id: true, textHash: true } }),
    db.user.count(),
  ]);
  return JSON.stringify({ annotations, labels, articles, users });
}

async function mustRefuseCleanly(run: () => Promise<unknown>) {
  hostileInputsTried++;
  try {
    await run();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    const app = e as AppError;
    expect(["INVALID", "NOT_FOUND", "CONFLICT", "FORBIDDEN"]).toContain(app.code);
    expect(app.message.length).toBeGreaterThan(3);
    return;
  }
  throw new Error("hostile input was accepted");
}

/** The action path: schema first (as runAction does), then the use case. */
function viaSchema<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: import("zod").ZodError } }, raw: unknown, use: (input: T) => Promise<unknown>) {
  return async () => {
    const parsed = schema.safeParse(raw);
    if (!parsed.success) throw fromZod(parsed.error);
    return use(parsed.data);
  };
}

let reviewer: Actor, admin: Actor, articleId: string, labelId: string, projectId: string, groupId: string, spanId: string;

beforeAll(async () => {
  reviewer = await makeUser("reviewer");
  admin = await makeUser("admin");
  const { project, labels } = await makeProject();
  projectId = project.id;
  labelId = labels[0]!.id;
  groupId = labels[0]!.groupId;
  articleId = (await makeArticle(projectId, "Loaded words 👍🏽 and calm ones.")).id;
  spanId = (await createAnnotation(reviewer, { articleId, labelId, start: 0, end: 6, quote: "Loaded" })).id;
});

describe("hostile input changes nothing", () => {
  it("annotation create: random fields of any type", async () => {
    const before = await fingerprint();
    await fc.assert(
      fc.asyncProperty(fc.record({ articleId: fc.oneof(fc.constant(articleId), anything), labelId: fc.oneof(fc.constant(labelId), anything), start: fc.oneof(hostileNumber, anything), end: fc.oneof(hostileNumber, anything), quote: anything, note: anything, extra: anything }, { requiredKeys: [] }), async (raw) => {
        await mustRefuseCleanly(viaSchema(ZCreateAnnotation, raw, (i) => createAnnotation(reviewer, i)));
      }),
      { numRuns: RUNS },
    );
    expect(await fingerprint()).toBe(before);
  });

  it("annotation create: well-typed but wrong offsets and quotes", async () => {
    const before = await fingerprint();
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: -5, max: 60 }), fc.integer({ min: -5, max: 60 }), hostileString, async (start, end, quote) => {
        fc.pre(!(start === 0 && end === 6));
        await mustRefuseCleanly(viaSchema(ZCreateAnnotation, { articleId, labelId, start, end, quote }, (i) => createAnnotation(reviewer, i)));
      }),
      { numRuns: RUNS },
    );
    expect(await fingerprint()).toBe(before);
  });

  it("annotation update and taxonomy edits", async () => {
    const before = await fingerprint();
    await fc.assert(
      fc.asyncProperty(anything, anything, anything, async (a, b, c) => {
        // With no labelId, a well-formed note ("" clears it) is a legitimate edit, not hostile input.
        fc.pre(a !== undefined);
        await mustRefuseCleanly(viaSchema(ZUpdateAnnotation, { id: spanId, labelId: a, note: b, version: c }, (i) => updateAnnotation(reviewer, i)));
        await mustRefuseCleanly(() => createLabel(admin, { projectId, groupId, name: a, colour: b, hotkey: c }));
        await mustRefuseCleanly(() => updateLabel(admin, { id: labelId, name: "", colour: a, hotkey: b }));
      }),
      { numRuns: RUNS },
    );
    expect(await fingerprint()).toBe(before);
  });

  it("article import and accounts", async () => {
    const before = await fingerprint();
    await fc.assert(
      fc.asyncProperty(anything, anything, anything, async (title, text, url) => {
        await mustRefuseCleanly(() => createArticle(admin, { projectId, title, text, url, publishedAt: "not a date" } as never));
        await mustRefuseCleanly(() => createUser(admin, { name: title, email: url, password: text }));
        await mustRefuseCleanly(() => createFirstAdmin({ name: "x", email: "a@b.co", password: "long-enough-password" }));
      }),
      { numRuns: RUNS },
    );
    expect(await fingerprint()).toBe(before);
    expect(hostileInputsTried).toBeGreaterThanOrEqual(RUNS * 8);
  });
});
