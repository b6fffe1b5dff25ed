// Issue 10, items 5, 13 and 14: only the better-auth endpoints the app uses are reachable; display names,
// images and passwords pass the shared schemas at every entry point; the first-admin setup needs the
// one-time token from the server log.
import { statSync, existsSync, readFileSync } from "node:fs";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { Actor } from "@/lib/server/actor";
import { getAuth } from "@/lib/server/auth";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { createFirstAdmin, createUser } from "@/lib/server/users/create-user";
import { issueSetupToken } from "@/lib/server/users/setup-token";
import { ZCreateUser } from "@/lib/schemas/user";
import { viaSchema } from "../factories";
import { nextRequest as request } from "../next-request";
import { fingerprint } from "../fingerprint";

vi.mock("next/navigation", () => ({
  redirect: (to: string) => {
    throw Object.assign(new Error("redirect"), { digest: `NEXT_REDIRECT;replace;${to};307;` });
  },
}));

const base = "http://localhost:3000";
const HOSTILE_NAMES: [string, unknown][] = [
  ["empty", ""],
  ["blank", "   \t "],
  ["NUL", "Rita\u0000Reviewer"],
  ["newline", "Rita\nReviewer"],
  ["DEL", "Rita\u007f"],
  ["C1 control", "Rita\u0085"],
  ["bidi override", "Rita \u202Enimda"],
  ["line separator", "Rita\u2028Reviewer"],
  ["lone surrogate", "Rita \uD800"],
  ["formula =", '=HYPERLINK("https://evil.example","x")'],
  ["formula +", "+1+1"],
  ["formula -", "-2+3"],
  ["formula @", "@SUM(A1)"],
  ["full-width formula", "\uFF1DHYPERLINK()"],
  ["101 characters", "x".repeat(101)],
  ["15,000 characters", "x".repeat(15_000)],
  ["not text", 42],
];

async function code(run: () => Promise<unknown>): Promise<{ code: string; fields: string[] }> {
  try {
    const r = await run();
    if (r && typeof r === "object" && "ok" in r && (r as { ok: boolean }).ok === false) {
      const f = r as unknown as { code: string; fields: { field: string }[] };
      return { code: f.code, fields: f.fields.map((x) => x.field) };
    }
    return { code: "OK", fields: [] };
  } catch (e) {
    if (e instanceof AppError) return { code: e.code, fields: e.fields.map((f) => f.field) };
    const digest = (e as { digest?: string }).digest ?? "";
    if (digest.startsWith("NEXT_REDIRECT")) return { code: "REDIRECT", fields: [] };
    throw e;
  }
}

function form(fields: Record<string, string>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  return f;
}

describe("item 13: the first-admin setup needs the one-time token (this file starts with no account)", () => {
  it("is issued while no account exists: written owner-only, kept across restarts, consumed by the first admin", async () => {
    const token = await issueSetupToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    const file = process.env.FRAMEWISE_SETUP_TOKEN_FILE!;
    expect(readFileSync(file, "utf8").trim()).toBe(token);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(await issueSetupToken()).toBe(token); // a restart prints the same link

    const admin = { name: "Ada", email: "ada@example.test", password: "Ada-correct-horse-42" };
    const before = await fingerprint();
    expect(await code(() => createFirstAdmin(admin))).toEqual({ code: "INVALID", fields: ["token"] });
    expect(await code(() => createFirstAdmin({ ...admin, token: "guessed-token" }))).toEqual({
      code: "INVALID",
      fields: ["token"],
    });
    const setup = await import("@/app/setup/actions");
    expect(await code(() => setup.createFirstAdminAction(null, form(admin)))).toEqual({
      code: "INVALID",
      fields: ["token"],
    });
    expect(await code(() => setup.createFirstAdminAction(null, form({ ...admin, token: `${token}x` })))).toEqual({
      code: "INVALID",
      fields: ["token"],
    });
    // With the right token, the fields are still checked like everywhere else (hostile names: item 5).
    for (const [what, name] of HOSTILE_NAMES)
      expect(await code(() => createFirstAdmin({ ...admin, name, token })), what).toEqual({
        code: "INVALID",
        fields: ["name"],
      });
    for (const password of ["aaaaaaaaaa", "0123456789", "password123"])
      expect(await code(() => createFirstAdmin({ ...admin, password, token }))).toEqual({
        code: "INVALID",
        fields: ["password"],
      });
    expect(
      await code(() => setup.createFirstAdminAction(null, form({ ...admin, password: "qwertyuiop", token: token! }))),
    ).toEqual({ code: "INVALID", fields: ["password"] });
    expect(await fingerprint()).toBe(before);

    await createFirstAdmin({ ...admin, token });
    expect(await db.user.count()).toBe(1);
    expect(await db.setupToken.count()).toBe(0);
    expect(existsSync(file)).toBe(false);
    expect(await code(() => createFirstAdmin({ ...admin, email: "again@example.test", token }))).toMatchObject({
      code: "FORBIDDEN",
    });
    expect(await issueSetupToken()).toBeNull();
  });
});

describe("item 5: better-auth endpoints outside the allow-list are refused", () => {
  let rita: Actor;
  let cookie = "";
  beforeAll(async () => {
    const admin: Actor = {
      id: (await db.user.findFirstOrThrow()).id,
      role: "admin",
      name: "Ada",
      email: "ada@example.test",
    };
    const u = await createUser(admin, { name: "Rita", email: "rita@example.test", password: "Rita-correct-horse-42" });
    rita = { id: u.id, role: "reviewer", name: "Rita", email: u.email };
    const res = await getAuth().api.signInEmail({
      body: { email: rita.email, password: "Rita-correct-horse-42" },
      headers: new Headers({ "x-forwarded-for": "192.0.2.10" }),
      returnHeaders: true,
    });
    cookie = `better-auth.session_token=${/better-auth\.session_token=([^;]+)/.exec(res.headers.get("set-cookie") ?? "")![1]}`;
  });

  const post = (path: string, body: unknown) =>
    new Request(`${base}/api/auth${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: base, cookie },
      body: JSON.stringify(body),
    });

  it("over HTTP: update-user, change-email, change-password, delete-user, sign-up … answer 404 and change nothing", async () => {
    const { GET, POST } = await import("@/app/api/auth/[...all]/route");
    const before = await fingerprint();
    const attempts: [string, unknown][] = [
      ["/update-user", { name: "Racer 0 (admin)" }],
      ["/update-user", { name: "=HYPERLINK(1)", image: "javascript:alert(1)" }],
      ["/change-email", { newEmail: "evil@example.test" }],
      ["/change-password", { currentPassword: "Rita-correct-horse-42", newPassword: "aaaaaaaaaa" }],
      ["/set-password", { newPassword: "aaaaaaaaaa" }],
      ["/delete-user", {}],
      ["/sign-up/email", { name: "M", email: "m@example.test", password: "mallory-Correct-42" }],
      ["/revoke-sessions", {}],
      ["/revoke-other-sessions", {}],
      ["/request-password-reset", { email: rita.email }],
      ["/reset-password", { newPassword: "x-long-password", token: "t" }],
      ["/sign-in/social", { provider: "github" }],
      ["/update-session", {}],
      ["/get-session", {}], // a GET endpoint, not POST
      ["/sign-in/email/", {}], // not a better-auth path either way
      ["/Sign-Out", {}],
    ];
    for (const [path, body] of attempts) expect((await POST(post(path, body))).status, path).toBe(404);
    for (const path of [
      "/list-sessions",
      "/list-accounts",
      "/ok",
      "/error",
      "/account-info",
      "/verify-email?token=x",
      "/sign-out",
    ]) {
      expect((await GET(new Request(`${base}/api/auth${path}`, { headers: { cookie } }))).status, path).toBe(404);
    }
    expect(await fingerprint()).toBe(before);
    expect((await db.user.findUniqueOrThrow({ where: { id: rita.id } })).name).toBe("Rita");
    // The endpoints the app uses still work.
    const session = await GET(new Request(`${base}/api/auth/get-session`, { headers: { cookie } }));
    expect(((await session.json()) as { user: { id: string } }).user.id).toBe(rita.id);
  });

  it("in-process too: better-auth's own update-user is refused by the hook", async () => {
    const api = getAuth().api as unknown as { updateUser: (o: object) => Promise<unknown> };
    await expect(
      api.updateUser({ body: { name: "Racer 0 (admin)" }, headers: new Headers({ cookie }) }),
    ).rejects.toMatchObject({ statusCode: 404 });
    expect((await db.user.findUniqueOrThrow({ where: { id: rita.id } })).name).toBe("Rita");
  });

  it("better-auth's database hooks refuse a hostile name or an unsafe image on create and update", async () => {
    const ctx = await getAuth().$context;
    for (const [what, name] of HOSTILE_NAMES) {
      await expect(ctx.internalAdapter.updateUser(rita.id, { name } as { name: string }), what).rejects.toMatchObject({
        statusCode: 400,
      });
    }
    for (const image of [
      "javascript:alert(1)",
      "data:text/html,<script>alert(1)</script>",
      "http://example.org/a.png",
      "https://user:pw@example.org/a.png",
      `https://example.org/${"a".repeat(3000)}`,
    ]) {
      await expect(ctx.internalAdapter.updateUser(rita.id, { image }), image).rejects.toMatchObject({
        statusCode: 400,
      });
    }
    await expect(ctx.internalAdapter.updateUser(rita.id, { role: "admin" })).rejects.toMatchObject({ statusCode: 400 });
    await expect(
      ctx.internalAdapter.createUser(
        { name: "=cmd|' /C calc'!A0", email: "hook@example.test", emailVerified: false },
        { method: "admin" },
      ),
    ).rejects.toMatchObject({ statusCode: 400 });
    const row = await db.user.findUniqueOrThrow({ where: { id: rita.id } });
    expect([row.name, row.image, row.role]).toEqual(["Rita", null, "reviewer"]);
    expect(await db.user.count({ where: { email: "hook@example.test" } })).toBe(0);
    // A fine update passes the guard, normalised (NFC, trimmed).
    await ctx.internalAdapter.updateUser(rita.id, { name: "  Rita Re\u0301viewer " });
    expect((await db.user.findUniqueOrThrow({ where: { id: rita.id } })).name).toBe("Rita R\u00e9viewer");
  });

  it("hostile names are refused with a `name` field error at every entry point, and nothing is stored", async () => {
    const admin: Actor = {
      id: (await db.user.findFirstOrThrow({ where: { role: "admin" } })).id,
      role: "admin",
      name: "Ada",
      email: "ada@example.test",
    };
    const adminSession = await getAuth().api.signInEmail({
      body: { email: admin.email, password: "Ada-correct-horse-42" },
      headers: new Headers({ "x-forwarded-for": "192.0.2.11" }),
      returnHeaders: true,
    });
    const adminCookie = `better-auth.session_token=${/better-auth\.session_token=([^;]+)/.exec(adminSession.headers.get("set-cookie") ?? "")![1]}`;
    const { createReviewerAction } = await import("@/app/admin/actions");
    const { createFirstAdminAction } = await import("@/app/setup/actions");
    const before = await fingerprint();
    for (const [what, name] of HOSTILE_NAMES) {
      const fields = { email: "hostile@example.test", password: "Hostile-correct-42" };
      expect(
        await code(() => viaSchema(ZCreateUser, { ...fields, name }, (i) => createUser(admin, i))),
        `createUser: ${what}`,
      ).toEqual({ code: "INVALID", fields: ["name"] });
      // FormData carries only well-formed text (a lone surrogate arrives as U+FFFD), so those go through the use case only.
      if (typeof name === "string" && what !== "lone surrogate") {
        request.cookie = adminCookie;
        expect(
          await code(() => createReviewerAction(null, form({ ...fields, name }))),
          `createReviewerAction: ${what}`,
        ).toEqual({ code: "INVALID", fields: ["name"] });
        request.cookie = "";
        // Setup is over: it refuses before looking at the fields.
        expect(
          await code(() => createFirstAdminAction(null, form({ ...fields, name, token: "x" }))),
          `setup: ${what}`,
        ).toMatchObject({ code: "FORBIDDEN" });
      }
    }
    expect(await fingerprint()).toBe(before);
  });
});

describe("item 14: common and guessable passwords are refused wherever a password is set", () => {
  it("with a `password` field error from createUser, the admin's form action and setup; a strong one passes", async () => {
    const admin: Actor = {
      id: (await db.user.findFirstOrThrow({ where: { role: "admin" } })).id,
      role: "admin",
      name: "Ada",
      email: "ada@example.test",
    };
    const before = await fingerprint();
    for (const password of [
      "aaaaaaaaaa",
      "0123456789",
      "password123",
      "qwertyuiop",
      "iloveyou12",
      "1q2w3e4r5t6y",
      "framewise2026",
      "annotation1",
    ]) {
      const input = { name: "Paula Weak", email: "paula@example.test", password };
      const refused = await code(() => viaSchema(ZCreateUser, input, (i) => createUser(admin, i)));
      expect(refused, password).toEqual({ code: "INVALID", fields: ["password"] });
    }
    const weak = { name: "Paula", email: "paula@example.test", password: "aaaaaaaaaa" };
    const e = await viaSchema(ZCreateUser, weak, (i) => createUser(admin, i)).catch((x: AppError) => x);
    expect((e as AppError).fields[0]!.message).toMatch(/too easy to guess/);
    expect(await fingerprint()).toBe(before);
    expect(
      await code(() =>
        createUser(admin, { name: "Paula", email: "paula@example.test", password: "violet-Tractor-mango-7" }),
      ),
    ).toEqual({ code: "OK", fields: [] });
  });
});
