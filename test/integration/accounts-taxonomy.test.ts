import { verifyPassword } from "better-auth/crypto";
import { describe, expect, it } from "vitest";
import { createAnnotation } from "@/lib/server/annotations/create-annotation";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import {
  createLabel,
  deleteLabel,
  listTaxonomy,
  moveLabel,
  setLabelArchived,
  updateLabel,
} from "@/lib/server/taxonomy/manage-labels";
import { createFirstAdmin, createUser, listUsers, needsSetup } from "@/lib/server/users/create-user";
import { issueSetupToken } from "@/lib/server/users/setup-token";
import {
  ACCOUNT_MAX,
  BACKOFF_BASE_MS,
  BACKOFF_MAX_MS,
  clearFailures,
  FORGET_AFTER_MS,
  IP_MAX,
  PAIR_MAX,
  reserveAttempt,
  unlockAccount,
} from "@/lib/server/users/sign-in-throttle";
import { makeArticle, makeProject, makeUser, viaSchema } from "../factories";
import { ZCreateUser } from "@/lib/schemas/user";
import { ZCreateLabel } from "@/lib/schemas/taxonomy";
import { parseInput } from "@/lib/server/input";

async function refusal(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  if (!(e instanceof AppError)) throw new Error(`expected an AppError, got ${String(e)}`);
  return e;
}

describe("first admin (this file starts with an empty user table)", () => {
  it("exactly one of several concurrent setups creates the admin", async () => {
    expect(await needsSetup()).toBe(true);
    const token = (await issueSetupToken())!;
    const results = await Promise.allSettled(
      ["a", "b", "c"].map((x) =>
        createFirstAdmin({ name: `Admin ${x}`, email: `${x}@example.test`, password: "long enough password", token }),
      ),
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
    expect(
      (
        await refusal(
          viaSchema(ZCreateUser, { name: "X", email: "x@example.test", password: "rev-initial-pass-1" }, (input) =>
            createUser(reviewer, input),
          ),
        )
      ).code,
    ).toBe("FORBIDDEN");
    await viaSchema(ZCreateUser, { name: "Rev", email: "Rev@Example.test", password: "rev-initial-pass-1" }, (input) =>
      createUser(admin, input),
    );
    const dup = await refusal(
      viaSchema(ZCreateUser, { name: "Rev2", email: "rev@example.test", password: "rev-initial-pass-1" }, (input) =>
        createUser(admin, input),
      ),
    );
    expect([dup.code, dup.fields[0]?.field]).toEqual(["CONFLICT", "email"]);
    const bad = await refusal(
      viaSchema(ZCreateUser, { name: "", email: "nope", password: "short" }, (input) => createUser(admin, input)),
    );
    expect(bad.fields.map((f) => f.field).sort()).toEqual(["email", "name", "password"]);
    expect((await refusal(listUsers(reviewer))).code).toBe("FORBIDDEN");
    expect((await listUsers(admin)).some((u) => u.email === "rev@example.test" && u.role === "reviewer")).toBe(true);
  });

  it("account budget: ACCOUNT_MAX failures from any addresses, then a back-off that doubles per failure, capped", async () => {
    const victim = "victim@example.test";
    const t0 = 1_000_000_000;
    for (let i = 0; i < ACCOUNT_MAX; i++) expect(await reserveAttempt(victim, `198.51.100.${i}`, t0 + i)).toBeNull();
    expect(await reserveAttempt(victim, "198.51.100.99", t0 + 10)).toMatchObject({
      budget: "account",
      retryAfterSeconds: BACKOFF_BASE_MS / 1000,
    });
    expect(await reserveAttempt("other@example.test", "198.51.100.99", t0 + 10)).toBeNull();
    // The lock ends; the next failure locks for twice as long, the one after for four times.
    let t = t0 + ACCOUNT_MAX - 1 + BACKOFF_BASE_MS;
    for (const factor of [2, 4, 8]) {
      expect(await reserveAttempt(victim, "198.51.100.50", t)).toBeNull();
      expect(await reserveAttempt(victim, "198.51.100.51", t + 1)).toMatchObject({ budget: "account" });
      t += factor * BACKOFF_BASE_MS;
      expect(await reserveAttempt(victim, "198.51.100.52", t - 1)).toMatchObject({ budget: "account" });
      await clearFailures("nobody@example.test"); // another account's success changes nothing
    }
    for (let i = 0; i < 10; i++) {
      expect(await reserveAttempt(victim, `203.0.113.${i}`, t)).toBeNull();
      t += BACKOFF_MAX_MS;
    }
    expect(await reserveAttempt(victim, "203.0.113.99", t - 1)).toMatchObject({ budget: "account" }); // capped, not longer
    // A success (or the admin's unlock) clears it; so does a day without attempts.
    await unlockAccount(victim);
    expect(await reserveAttempt(victim, "203.0.113.99", t)).toBeNull();
    for (let i = 0; i < ACCOUNT_MAX; i++) await reserveAttempt("forgotten@example.test", `192.0.2.${i}`, t0 + i);
    expect(
      await reserveAttempt("forgotten@example.test", "192.0.2.99", t0 + BACKOFF_BASE_MS + FORGET_AFTER_MS),
    ).toBeNull();
    expect(
      await reserveAttempt("forgotten@example.test", "192.0.2.98", t0 + BACKOFF_BASE_MS + FORGET_AFTER_MS + 1),
    ).toBeNull(); // counting from 1 again
  });

  it("account + address budget: one client locks only itself out, without using up the account's budget", async () => {
    const t0 = 2_000_000_000;
    const email = "admin-victim@example.test";
    for (let i = 0; i < PAIR_MAX; i++) expect(await reserveAttempt(email, "198.51.100.7", t0 + i)).toBeNull();
    for (let i = 0; i < 10; i++)
      expect(await reserveAttempt(email, "198.51.100.7", t0 + 10 + i)).toMatchObject({ budget: "pair" });
    // The owner's own address still gets the rest of the account's budget.
    expect(await reserveAttempt(email, "192.0.2.1", t0 + 30)).toBeNull();
    expect(await reserveAttempt(email, "192.0.2.1", t0 + 31)).toBeNull();
    expect(await reserveAttempt(email, "192.0.2.2", t0 + 32)).toMatchObject({ budget: "account" });
    await clearFailures(email);
    expect(await reserveAttempt(email, "198.51.100.7", t0 + 40)).toBeNull(); // a success clears every address's count
  });

  it("address budget: IP_MAX attempts per window from one address, whatever the account", async () => {
    const t0 = 3_000_000_000;
    for (let i = 0; i < IP_MAX; i++)
      expect(await reserveAttempt(`spray-${i}@example.test`, "198.51.100.200", t0 + i)).toBeNull();
    expect(await reserveAttempt("spray-x@example.test", "198.51.100.200", t0 + 100)).toMatchObject({ budget: "ip" });
    expect(await reserveAttempt("spray-x@example.test", "198.51.100.201", t0 + 100)).toBeNull();
    expect(await reserveAttempt("spray-y@example.test", "198.51.100.200", t0 + 60_000)).toBeNull(); // the next window
  });
});

describe("taxonomy management", () => {
  it("adds, renames, recolours, re-orders and archives labels; a used label cannot be deleted", async () => {
    const admin = await makeUser("admin");
    const reviewer = await makeUser("reviewer");
    const { project, labels } = await makeProject();
    const groupId = labels[0]!.groupId;
    expect(
      (
        await refusal(
          createLabel(
            reviewer,
            parseInput(ZCreateLabel, { projectId: project.id, groupId, name: "Z", colour: "#000000" }),
          ),
        )
      ).code,
    ).toBe("FORBIDDEN");

    const created = await createLabel(
      admin,
      parseInput(ZCreateLabel, {
        projectId: project.id,
        groupId,
        name: "Historical analogy",
        colour: "#123456",
        hotkey: "h",
        definition: "Compares to a past event.",
      }),
    );
    const clash = await refusal(
      createLabel(
        admin,
        parseInput(ZCreateLabel, { projectId: project.id, groupId, name: "Other", colour: "#123456", hotkey: "1" }),
      ),
    );
    expect(clash.fields[0]).toEqual({ field: "hotkey", message: '"1" is already used by "Transactional diplomacy"' });

    await updateLabel(admin, { id: created.id, name: "Historical analogies", colour: "#abcdef" });
    await moveLabel(admin, { id: created.id, toIndex: 0 });
    const framing = (await listTaxonomy(project.id))[0]!;
    expect(framing.labels[0]).toMatchObject({
      id: created.id,
      name: "Historical analogies",
      colour: "#abcdef",
      order: 0,
    });
    expect(framing.labels.map((l) => l.order)).toEqual(framing.labels.map((_, i) => i));

    const article = await makeArticle(project.id, "A text with words.");
    await createAnnotation(reviewer, { articleId: article.id, labelId: created.id, start: 2, end: 6, quote: "text" });
    const inUse = await refusal(deleteLabel(admin, { id: created.id }));
    expect(inUse.code).toBe("CONFLICT");
    await setLabelArchived(admin, { id: created.id }, true);
    expect((await db.label.findUniqueOrThrow({ where: { id: created.id } })).archivedAt).not.toBeNull();
    // Archived labels keep their spans (they stay in exports).
    expect(await db.annotation.count({ where: { labelId: created.id } })).toBe(1);

    const unused = await createLabel(
      admin,
      parseInput(ZCreateLabel, { projectId: project.id, groupId, name: "Temporary", colour: "#000000" }),
    );
    await deleteLabel(admin, { id: unused.id });
    expect(await db.label.findUnique({ where: { id: unused.id } })).toBeNull();
  });
});
