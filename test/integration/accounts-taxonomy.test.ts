import { verifyPassword } from "better-auth/crypto";
import { describe, expect, it } from "vitest";
import { createAnnotation } from "@/lib/server/annotations/create-annotation";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { createLabel, deleteLabel, listTaxonomy, moveLabel, setLabelArchived, updateLabel } from "@/lib/server/taxonomy/manage-labels";
import { createFirstAdmin, createUser, listUsers, needsSetup } from "@/lib/server/users/create-user";
import { clearFailures, lockoutSeconds, MAX_FAILURES, recordFailure, WINDOW_MS } from "@/lib/server/users/sign-in-throttle";
import { makeArticle, makeProject, makeUser, viaSchema } from "../factories";
import { ZCreateUser } from "@/lib/schemas/user";
import { ZCreateLabel } from "@/lib/schemas/taxonomy";
import { parseInput } from "@/lib/server/input";

async function refusal(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(() => null, (x: unknown) => x);
  if (!(e instanceof AppError)) throw new Error(`expected an AppError, got ${String(e)}`);
  return e;
}

describe("first admin (this file starts with an empty user table)", () => {
  it("exactly one of several concurrent setups creates the admin", async () => {
    expect(await needsSetup()).toBe(true);
    const results = await Promise.allSettled(
      ["a", "b", "c"].map((x) => createFirstAdmin({ name: `Admin ${x}`, email: `${x}@example.test`, password: "long enough password" })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await db.user.count()).toBe(1);
    expect((await db.user.findFirstOrThrow()).role).toBe("admin");
    expect(await needsSetup()).toBe(false);
  });

  it("stores a memory-hard hash, never the password", async () => {
    const account = await db.account.findFirstOrThrow({ where: { providerId: "credential" } });
    expect(account.password).not.toContain("long enough password");
    expect(await verifyPassword({ hash: account.password!, password: "long enough password" })).toBe(true);
  });
});

describe("accounts", () => {
  it("only admins create accounts; duplicates and bad fields are refused by field", async () => {
    const admin = await makeUser("admin");
    const reviewer = await makeUser("reviewer");
    expect((await refusal(viaSchema(ZCreateUser, { name: "X", email: "x@example.test", password: "0123456789" }, (input) => createUser(reviewer, input)))).code).toBe("FORBIDDEN");
    await viaSchema(ZCreateUser, { name: "Rev", email: "Rev@Example.test", password: "0123456789" }, (input) => createUser(admin, input));
    const dup = await refusal(viaSchema(ZCreateUser, { name: "Rev2", email: "rev@example.test", password: "0123456789" }, (input) => createUser(admin, input)));
    expect([dup.code, dup.fields[0]?.field]).toEqual(["CONFLICT", "email"]);
    const bad = await refusal(viaSchema(ZCreateUser, { name: "", email: "nope", password: "short" }, (input) => createUser(admin, input)));
    expect(bad.fields.map((f) => f.field).sort()).toEqual(["email", "name", "password"]);
    expect((await refusal(listUsers(reviewer))).code).toBe("FORBIDDEN");
    expect((await listUsers(admin)).some((u) => u.email === "rev@example.test" && u.role === "reviewer")).toBe(true);
  });

  it("locks an account out after repeated failures, per key, for the window", async () => {
    const key = "email:victim@example.test";
    const t0 = 1_000_000;
    for (let i = 0; i < MAX_FAILURES - 1; i++) await recordFailure(key, t0 + i);
    expect(await lockoutSeconds(key, t0 + 10)).toBe(0);
    await recordFailure(key, t0 + 10);
    expect(await lockoutSeconds(key, t0 + 10)).toBe(WINDOW_MS / 1000);
    expect(await lockoutSeconds("email:other@example.test", t0 + 10)).toBe(0);
    expect(await lockoutSeconds(key, t0 + WINDOW_MS + 1)).toBe(0);
    await clearFailures(key);
    expect(await lockoutSeconds(key, t0 + 20)).toBe(0);
  });
});

describe("taxonomy management", () => {
  it("adds, renames, recolours, re-orders and archives labels; a used label cannot be deleted", async () => {
    const admin = await makeUser("admin");
    const reviewer = await makeUser("reviewer");
    const { project, labels } = await makeProject();
    const groupId = labels[0]!.groupId;
    expect((await refusal(createLabel(reviewer, parseInput(ZCreateLabel, { projectId: project.id, groupId, name: "Z", colour: "#000000" })))).code).toBe("FORBIDDEN");

    const created = await createLabel(admin, parseInput(ZCreateLabel, { projectId: project.id, groupId, name: "Historical analogy", colour: "#123456", hotkey: "h", definition: "Compares to a past event." }));
    const clash = await refusal(createLabel(admin, parseInput(ZCreateLabel, { projectId: project.id, groupId, name: "Other", colour: "#123456", hotkey: "1" })));
    expect(clash.fields[0]).toEqual({ field: "hotkey", message: '"1" is already used by "Transactional diplomacy"' });

    await updateLabel(admin, { id: created.id, name: "Historical analogies", colour: "#abcdef" });
    await moveLabel(admin, { id: created.id, toIndex: 0 });
    const framing = (await listTaxonomy(project.id))[0]!;
    expect(framing.labels[0]).toMatchObject({ id: created.id, name: "Historical analogies", colour: "#abcdef", order: 0 });
    expect(framing.labels.map((l) => l.order)).toEqual(framing.labels.map((_, i) => i));

    const article = await makeArticle(project.id, "A text with words.");
    await createAnnotation(reviewer, { articleId: article.id, labelId: created.id, start: 2, end: 6, quote: "text" });
    const inUse = await refusal(deleteLabel(admin, { id: created.id }));
    expect(inUse.code).toBe("CONFLICT");
    await setLabelArchived(admin, { id: created.id }, true);
    expect((await db.label.findUniqueOrThrow({ where: { id: created.id } })).archivedAt).not.toBeNull();
    // Archived labels keep their spans (they stay in exports).
    expect(await db.annotation.count({ where: { labelId: created.id } })).toBe(1);

    const unused = await createLabel(admin, parseInput(ZCreateLabel, { projectId: project.id, groupId, name: "Temporary", colour: "#000000" }));
    await deleteLabel(admin, { id: unused.id });
    expect(await db.label.findUnique({ where: { id: unused.id } })).toBeNull();
  });
});
