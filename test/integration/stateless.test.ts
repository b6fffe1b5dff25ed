// Several app instances share one database: the sign-in lockout, better-auth's rate limits and sessions
// must live there, not in one process. Each "instance" here has its own database client (its own
// connection pool / SQLite connection), as a separate `next start` process would.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Actor } from "@/lib/server/actor";
import { signIn } from "@/lib/server/auth-flows/sign-in";
import { createDb, type Db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { createUser } from "@/lib/server/users/create-user";
import { nextRequest } from "../next-request";
import { ACCOUNT_MAX, lockedUntil } from "@/lib/server/users/sign-in-throttle";

// The client address of the next simulated request (the per account + address budget is tighter).
const client = nextRequest;
client.ip = "192.0.2.1";

const g = globalThis as unknown as { framewiseDb?: Db; framewiseAuth?: unknown };
const instances: { db: Db; auth: unknown }[] = [];

/** Runs `fn` as instance i: its own database client and its own better-auth object. */
async function on<T>(i: number, fn: () => Promise<T>): Promise<T> {
  g.framewiseDb = instances[i]!.db;
  g.framewiseAuth = instances[i]!.auth;
  try {
    return await fn();
  } finally {
    instances[i]!.auth = g.framewiseAuth;
  }
}

const EMAIL = "shared-lockout@example.test";
const PASSWORD = "the-right-password";

beforeAll(async () => {
  for (let i = 0; i < 2; i++) instances.push({ db: createDb(process.env.DATABASE_URL!), auth: undefined });
  const bootstrap: Actor = { id: "bootstrap", role: "admin", name: "bootstrap", email: "bootstrap@example.test" };
  await on(0, () => createUser(bootstrap, { name: "Shared", email: EMAIL, password: PASSWORD }));
});

afterAll(async () => {
  for (const i of instances) await i.db.$disconnect();
});

async function attempt(i: number, password: string): Promise<string> {
  return on(i, async () => {
    try {
      await signIn({ email: EMAIL, password });
      return "OK";
    } catch (e) {
      if (e instanceof AppError) return e.code;
      throw e;
    }
  });
}

describe("several instances, one database", () => {
  it("failed sign-ins spread over two instances add up to one lockout that both enforce", async () => {
    for (let n = 0; n < ACCOUNT_MAX; n++) {
      client.ip = `192.0.2.${n + 1}`;
      expect(await attempt(n % 2, "wrong-password-x")).toBe("UNAUTHENTICATED");
    }
    expect((await on(0, () => lockedUntil([EMAIL]))).get(EMAIL)).toBeGreaterThan(Date.now());
    expect((await on(1, () => lockedUntil([EMAIL]))).get(EMAIL)).toBeGreaterThan(Date.now());
    client.ip = "192.0.2.100";
    // Even the right password is refused now, on either instance.
    expect(await attempt(0, PASSWORD)).toBe("RATE_LIMITED");
    expect(await attempt(1, PASSWORD)).toBe("RATE_LIMITED");
  });

  it("better-auth keeps its rate-limit counters in the database, shared by both instances", async () => {
    const hit = (i: number) =>
      on(i, async () => {
        const { getAuth } = await import("@/lib/server/auth");
        return getAuth().handler(
          new Request("http://localhost:3000/api/auth/get-session", { headers: { "x-forwarded-for": "203.0.113.7" } }),
        );
      });
    await hit(0);
    await hit(1);
    const rows = await instances[0]!.db.rateLimit.findMany();
    const mine = rows.filter((r) => r.key.includes("203.0.113.7"));
    expect(mine).toHaveLength(1);
    expect(mine[0]!.count).toBe(2);
  });

  it("a session created through one instance is valid on the other", async () => {
    await on(0, () => instances[0]!.db.signInThrottle.deleteMany({}));
    const token = await on(0, async () => {
      const { getAuth } = await import("@/lib/server/auth");
      const res = await getAuth().api.signInEmail({ body: { email: EMAIL, password: PASSWORD }, returnHeaders: true });
      return /better-auth\.session_token=([^;]+)/.exec(res.headers.get("set-cookie") ?? "")?.[1];
    });
    expect(token).toBeTruthy();
    const user = await on(1, async () => {
      const { getAuth } = await import("@/lib/server/auth");
      const s = await getAuth().api.getSession({
        headers: new Headers({ cookie: `better-auth.session_token=${token}` }),
      });
      return s?.user.email;
    });
    expect(user).toBe(EMAIL);
  });

  it("a signed session copy in a cookie is trusted on any instance only until it expires; then the deleted session is refused", async () => {
    const { SESSION_COOKIE_CACHE_SECONDS } = await import("@/lib/server/auth");
    const cookies = await on(0, async () => {
      const { getAuth } = await import("@/lib/server/auth");
      const res = await getAuth().api.signInEmail({ body: { email: EMAIL, password: PASSWORD }, returnHeaders: true });
      const set = res.headers.getSetCookie();
      return ["session_token", "session_data"]
        .map((name) => set.find((c) => c.startsWith(`better-auth.${name}=`))!.split(";")[0])
        .join("; ");
    });
    expect(cookies).toContain("better-auth.session_data=");
    const who = (i: number) =>
      on(i, async () => {
        const { getAuth } = await import("@/lib/server/auth");
        return (await getAuth().api.getSession({ headers: new Headers({ cookie: cookies }) }))?.user.email ?? null;
      });
    // The session row is deleted (as sign-out elsewhere would): the copy still answers for a bounded time...
    await instances[0]!.db.session.deleteMany({ where: { user: { email: EMAIL } } });
    expect(await who(1)).toBe(EMAIL);
    // ...and not after it: the database is asked again and says no.
    vi.useFakeTimers({ now: Date.now() + (SESSION_COOKIE_CACHE_SECONDS + 1) * 1000, toFake: ["Date"] });
    try {
      expect(await who(1)).toBeNull();
      expect(await who(0)).toBeNull();
    } finally {
      vi.useRealTimers();
    }
  });
});
