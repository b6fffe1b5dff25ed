// Issue 10, items 2-4: the sign-in budgets hold under concurrency on both paths (the sign-in form's
// in-process call and the HTTP endpoint), password hashing is bounded, an admin can unlock.
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { Actor } from "@/lib/server/actor";
import { signIn } from "@/lib/server/auth-flows/sign-in";
import { getAuth } from "@/lib/server/auth";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { createUser } from "@/lib/server/users/create-user";
import { hashingStats, MAX_CONCURRENT_HASHES } from "@/lib/server/users/password-hashing";
import { ACCOUNT_MAX, IP_MAX, PAIR_MAX } from "@/lib/server/users/sign-in-throttle";
import { unlockUser } from "@/lib/server/users/unlock-user";

// next/headers as the sign-in form's action sees it: the client address of the request being simulated.
// headers() runs synchronously at the start of signIn(), so a burst can give each call its own address.
const client = vi.hoisted(() => ({ ip: "192.0.2.1" }));
vi.mock("next/headers", () => ({
  headers: async () => new Headers({ "x-forwarded-for": client.ip }),
  cookies: async () => ({
    get: () => undefined,
    getAll: () => [],
    has: () => false,
    set: () => undefined,
    delete: () => undefined,
  }),
}));
vi.mock("next/headers.js", () => ({
  headers: async () => new Headers({ "x-forwarded-for": client.ip }),
  cookies: async () => ({
    get: () => undefined,
    getAll: () => [],
    has: () => false,
    set: () => undefined,
    delete: () => undefined,
  }),
}));

// A gate in front of the real password check, so a test can hold checks in flight while it sends more.
const gate = vi.hoisted(() => ({ hold: null as Promise<void> | null }));
vi.mock("better-auth/crypto", async (importOriginal) => {
  const real = await importOriginal<typeof import("better-auth/crypto")>();
  return {
    ...real,
    verifyPassword: async (d: { hash: string; password: string }) => {
      if (gate.hold) await gate.hold;
      return real.verifyPassword(d);
    },
  };
});

const base = "http://localhost:3000";
const admin: Actor = { id: "hardening-admin", role: "admin", name: "Admin", email: "hardening-admin@example.test" };
const reviewer: Actor = {
  id: "hardening-reviewer",
  role: "reviewer",
  name: "Rev",
  email: "hardening-rev@example.test",
};
let nextAddress = 0;
/** A documentation-range address never used before in this file. */
const freshIp = () => `198.51.${Math.floor(nextAddress / 250)}.${(nextAddress++ % 250) + 1}`;

async function account(tag: string): Promise<{ email: string; password: string }> {
  const email = `${tag}-${Math.random().toString(36).slice(2, 8)}@example.test`;
  const password = `${tag}-Correct-Horse-42`;
  await createUser(admin, { name: tag, email, password });
  return { email, password };
}

/** The sign-in form's path: signIn() as the server action calls it, from `ip`. */
async function viaAction(email: string, password: string, ip: string): Promise<string> {
  client.ip = ip;
  try {
    await signIn({ email, password });
    return "OK";
  } catch (e) {
    if (e instanceof AppError) return e.code;
    throw e;
  }
}

/** The HTTP path: POST /api/auth/sign-in/email through the app's route handler, from `ip`. */
async function viaHttp(email: string, password: string, ip: string): Promise<string> {
  const { POST } = await import("@/app/api/auth/[...all]/route");
  const res = await POST(
    new Request(`${base}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: base, "x-forwarded-for": ip },
      body: JSON.stringify({ email, password }),
    }),
  );
  return res.status === 200
    ? "OK"
    : res.status === 401
      ? "UNAUTHENTICATED"
      : res.status === 429
        ? "RATE_LIMITED"
        : res.status === 503
          ? "UNAVAILABLE"
          : `HTTP ${res.status}`;
}

const PATHS = { action: viaAction, http: viaHttp } as const;
const passwordWork = () => hashingStats.hashes + hashingStats.verifies;

beforeAll(async () => {
  await db.user.createMany({
    data: [admin, reviewer].map((a) => ({ id: a.id, name: a.name, email: a.email, role: a.role })),
  });
});

beforeEach(() => {
  hashingStats.maxActive = 0;
});

describe("item 2: an attempt is reserved before its password is checked", () => {
  for (const [name, attempt] of Object.entries(PATHS)) {
    it(`${name}: 50 concurrent wrong passwords from 50 addresses reach the password check at most ${ACCOUNT_MAX} times`, async () => {
      const victim = await account(`race-${name}`);
      const before = passwordWork();
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) => attempt(victim.email, `wrong-guess-${i}-xyz`, freshIp())),
      );
      expect(passwordWork() - before).toBeLessThanOrEqual(ACCOUNT_MAX);
      expect(results.filter((r) => r === "UNAUTHENTICATED")).toHaveLength(ACCOUNT_MAX);
      expect(results.filter((r) => r === "RATE_LIMITED")).toHaveLength(50 - ACCOUNT_MAX);
    });

    it(`${name}: the right password sent in a burst after the budget is used up does not sign in`, async () => {
      const victim = await account(`burst-${name}`);
      let release!: () => void;
      let results: string[] = [];
      gate.hold = new Promise<void>((r) => (release = r));
      try {
        let settled = 0;
        const burst = Array.from({ length: 30 }, (_, i) =>
          attempt(victim.email, `wrong-guess-${i}-xyz`, freshIp()).finally(() => settled++),
        );
        // No password check can finish yet. Wait until every attempt beyond the budget has been answered ...
        for (let i = 0; i < 400 && settled < 30 - ACCOUNT_MAX; i++) await new Promise((r) => setTimeout(r, 5));
        // ... then the right password joins the burst while the wrong guesses are still being checked.
        const right = attempt(victim.email, victim.password, freshIp());
        await new Promise((r) => setTimeout(r, 50));
        release();
        results = await Promise.all([...burst, right]);
      } finally {
        gate.hold = null;
        release();
      }
      expect(results.at(-1)).toBe("RATE_LIMITED");
      expect(results.filter((r) => r === "OK")).toHaveLength(0);
      expect(await db.session.count({ where: { user: { email: victim.email } } })).toBe(0);
    });
  }
});

describe("item 3: one per-address limiter for both sign-in paths; bounded password hashing", () => {
  it(`the form's action is limited per client address like the HTTP endpoint, and they share the budget`, async () => {
    const ip = freshIp();
    const results: string[] = [];
    // Different (unknown) accounts, so only the per-address budget can stop them.
    for (let i = 0; i < IP_MAX + 3; i++)
      results.push(await (i % 2 ? viaHttp : viaAction)(`nobody-${i}@example.test`, "some-wrong-password", ip));
    expect(results.slice(0, IP_MAX).every((r) => r === "UNAUTHENTICATED")).toBe(true);
    expect(results.slice(IP_MAX)).toEqual(["RATE_LIMITED", "RATE_LIMITED", "RATE_LIMITED"]);
    expect(await viaAction("nobody-else@example.test", "some-wrong-password", ip)).toBe("RATE_LIMITED");
    expect(await viaAction("nobody-else@example.test", "some-wrong-password", freshIp())).toBe("UNAUTHENTICATED");
  });

  it("an email no account can have is refused before any password work, so it cannot dodge the budgets", async () => {
    const before = passwordWork();
    for (const email of [`${"a".repeat(250)}@example.test`, ["x@example.test"], 7]) {
      const { POST } = await import("@/app/api/auth/[...all]/route");
      const res = await POST(
        new Request(`${base}/api/auth/sign-in/email`, {
          method: "POST",
          headers: { "content-type": "application/json", origin: base, "x-forwarded-for": freshIp() },
          body: JSON.stringify({ email, password: "some-wrong-password" }),
        }),
      );
      expect(res.status, JSON.stringify(email).slice(0, 20)).toBe(400);
    }
    expect(passwordWork()).toBe(before);
  });

  it(`a flood from many addresses runs at most ${MAX_CONCURRENT_HASHES} password hashes at once and sheds the excess`, async () => {
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, i) => viaAction(`flood-${i}@example.test`, "some-wrong-password", freshIp())),
    );
    expect(hashingStats.maxActive).toBeLessThanOrEqual(MAX_CONCURRENT_HASHES);
    expect(hashingStats.maxActive).toBeGreaterThan(0);
    // Queued beyond the cap: refused at once with 503 instead of piling up.
    expect(results.filter((r) => r === "UNAVAILABLE").length).toBeGreaterThan(0);
    expect(results.every((r) => r === "UNAUTHENTICATED" || r === "UNAVAILABLE")).toBe(true);
    // Other work is not starved meanwhile: the database answers and the account still signs in afterwards.
    const owner = await account("after-flood");
    expect(await viaAction(owner.email, owner.password, freshIp())).toBe("OK");
  });
});

describe("item 4: no anonymous lock-out of an account; admin unlock", () => {
  it("one client address failing on an account locks that address only; the owner elsewhere signs in", async () => {
    const victim = await account("pair");
    const attacker = freshIp();
    const results: string[] = [];
    for (let i = 0; i < 10; i++) results.push(await viaAction(victim.email, `attacker-guess-${i}`, attacker));
    expect(results.slice(0, PAIR_MAX).every((r) => r === "UNAUTHENTICATED")).toBe(true);
    expect(results.slice(PAIR_MAX).every((r) => r === "RATE_LIMITED")).toBe(true);
    expect(await viaHttp(victim.email, victim.password, attacker)).toBe("RATE_LIMITED");
    expect(await viaHttp(victim.email, victim.password, freshIp())).toBe("OK");
  });

  it("an admin unlocks a locked account (a reviewer may not); its sessions kept working while locked", async () => {
    const victim = await account("unlock");
    const res = await getAuth().api.signInEmail({
      body: { email: victim.email, password: victim.password },
      headers: new Headers({ "x-forwarded-for": freshIp() }),
      returnHeaders: true,
    });
    const cookie = `better-auth.session_token=${/better-auth\.session_token=([^;]+)/.exec(res.headers.get("set-cookie") ?? "")![1]}`;
    for (let i = 0; i < ACCOUNT_MAX; i++)
      expect(await viaAction(victim.email, `wrong-${i}-password`, freshIp())).toBe("UNAUTHENTICATED");
    expect(await viaAction(victim.email, victim.password, freshIp())).toBe("RATE_LIMITED");
    const session = await getAuth().api.getSession({
      headers: new Headers({ cookie }),
      query: { disableCookieCache: true },
    });
    expect(session?.user.email).toBe(victim.email);

    await expect(unlockUser({ actor: reviewer, email: victim.email })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await viaAction(victim.email, victim.password, freshIp())).toBe("RATE_LIMITED");
    await expect(unlockUser({ actor: admin, email: "no-such-account@example.test" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(unlockUser({ actor: admin, email: "not an email" })).rejects.toMatchObject({
      code: "INVALID",
      fields: [{ field: "email" }],
    });
    expect(await unlockUser({ actor: admin, email: victim.email.toUpperCase() })).toEqual({
      email: victim.email,
      wasLocked: true,
    });
    expect(await viaAction(victim.email, victim.password, freshIp())).toBe("OK");
  });
});
