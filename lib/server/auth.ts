import "server-only";
import { betterAuth } from "better-auth";
import { APIError, createAuthMiddleware, getIP, isAPIError } from "better-auth/api";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { nextCookies } from "better-auth/next-js";
import { headers } from "next/headers";
import { ZDisplayName, ZUserImage } from "@/lib/schemas/user";
import { db, dialectOf } from "./db";
import { env } from "./env";
import type { Actor } from "./actor";
import { AppError, isUnavailable, unavailable } from "./errors";
import { assertActiveUser, recordSignIn } from "./users/account-state";
import { hashPassword, verifyPassword } from "./users/password-hashing";
import { clearFailures, type Refusal, reserveAttempt } from "./users/sign-in-throttle";

const SIGN_IN = "/sign-in/email";

/**
 * The better-auth endpoints the app uses, by method; every other one (update-user, change-email,
 * change-password, delete-user, sign-up, list-sessions …) answers 404, over HTTP and in-process alike.
 * Accounts, names and passwords change only through Framewise's own use cases and schemas.
 */
export const AUTH_ENDPOINTS: Record<string, readonly string[]> = {
  "/get-session": ["GET"], // the session probe (and currentActor in-process)
  "/sign-out": ["POST"], // the Sign out button
  [SIGN_IN]: ["POST"], // the sign-in form's action and API clients (bench, harness)
};

const emailOf = (body: unknown) => {
  const email = (body as { email?: unknown } | undefined)?.email;
  return typeof email === "string" && email.length <= 254 ? email.trim().toLowerCase() : null;
};

/** How long a signed session copy in a cookie is trusted without a database lookup. */
export const SESSION_COOKIE_CACHE_SECONDS = 60;

/** Thrown by the sign-in hook while a budget is exhausted; the message says how long. */
export const LOCKED_OUT = "ACCOUNT_LOCKED";
export const SIGN_IN_RATE_LIMITED = "SIGN_IN_RATE_LIMITED";

function refusalError(r: Refusal): APIError {
  const wait =
    r.retryAfterSeconds >= 120
      ? `${Math.ceil(r.retryAfterSeconds / 60)} minute(s)`
      : `${r.retryAfterSeconds} second(s)`;
  const message =
    r.budget === "ip"
      ? `Too many sign-in attempts from your network; try again in ${wait}.`
      : `Too many failed sign-ins for this account; try again in ${wait}.`;
  return new APIError(
    "TOO_MANY_REQUESTS",
    { code: r.budget === "ip" ? SIGN_IN_RATE_LIMITED : LOCKED_OUT, message },
    { "Retry-After": String(r.retryAfterSeconds) },
  );
}

/** better-auth's own writes of a user (none are reachable today) must pass the app's schemas too. */
function guardUser(data: Record<string, unknown>, creating: boolean) {
  const problems: string[] = [];
  if (creating || "name" in data) {
    const name = ZDisplayName.safeParse(data.name);
    if (!name.success) problems.push(`name: ${name.error.issues[0]!.message}`);
    else data.name = name.data;
  }
  if ("image" in data) {
    const image = ZUserImage.safeParse(data.image);
    if (!image.success) problems.push(`image: ${image.error.issues[0]!.message}`);
  }
  if (!creating && ("role" in data || "email" in data))
    problems.push("role and email change only through the admin's use cases");
  if (problems.length) throw new APIError("BAD_REQUEST", { code: "INVALID_USER", message: problems.join("; ") });
  return { data };
}

/** The password work limiter's refusal, as better-auth's error type. */
async function hashing<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof AppError && e.code === "UNAVAILABLE")
      throw new APIError("SERVICE_UNAVAILABLE", { code: "SIGN_IN_BUSY", message: e.message }, { "Retry-After": "5" });
    throw e;
  }
}

function createAuth() {
  const e = env();
  return betterAuth({
    secret:
      e.BETTER_AUTH_SECRET ??
      (e.NODE_ENV === "production" ? undefined : "framewise-development-secret-do-not-use-in-prod"),
    baseURL: e.BETTER_AUTH_URL,
    database: prismaAdapter(db, { provider: dialectOf(e.DATABASE_URL) }),
    // Accounts are created by admins (and the first-admin setup), never by self sign-up.
    emailAndPassword: {
      enabled: true,
      disableSignUp: true,
      minPasswordLength: 10,
      maxPasswordLength: 256,
      // Every hash and check under one concurrency cap (users/password-hashing.ts).
      password: { hash: (p) => hashing(() => hashPassword(p)), verify: (d) => hashing(() => verifyPassword(d)) },
    },
    user: {
      additionalFields: {
        role: { type: "string", input: false, defaultValue: "reviewer" },
        // Part of the session's user, so the page guards see a pending password change without a query.
        mustChangePassword: { type: "boolean", input: false, defaultValue: false },
      },
    },
    databaseHooks: {
      user: {
        create: { before: async (user) => guardUser(user, true) },
        update: { before: async (user) => guardUser(user, false) },
      },
      // A deactivated account gets no session. Checked when the session is made, after the password:
      // only someone who knows it learns that the account is deactivated.
      session: {
        create: { before: async (session) => assertActiveUser(session.userId) },
      },
    },
    // The session row is the truth; a signed (HMAC) copy of it in a cookie spares the two session/user
    // queries on most requests (about a sixth of a span write's server time). The price: a session
    // deleted elsewhere stays usable from a copied cookie for at most SESSION_COOKIE_CACHE_SECONDS.
    session: {
      expiresIn: 60 * 60 * 24 * 7,
      updateAge: 60 * 60 * 24,
      cookieCache: { enabled: true, maxAge: SESSION_COOKIE_CACHE_SECONDS },
    },
    // Coarse per-IP limits on the other auth endpoints, stored in the database so all instances share
    // them. Email sign-in has its own budgets instead (users/sign-in-throttle.ts, in the hook below),
    // because better-auth's router limiter does not see the sign-in form's in-process call.
    rateLimit: { enabled: true, storage: "database", window: 60, max: 300, customRules: { [SIGN_IN]: false } },
    hooks: {
      // Runs for HTTP requests and in-process api calls alike: the allow-list, then the sign-in budgets.
      // The attempt is reserved (counted) BEFORE the password is checked and cleared on success.
      before: createAuthMiddleware(async (ctx) => {
        const methods = Object.hasOwn(AUTH_ENDPOINTS, ctx.path) ? AUTH_ENDPOINTS[ctx.path] : undefined;
        const method = ctx.request?.method ?? (ctx.path === SIGN_IN || ctx.path === "/sign-out" ? "POST" : "GET");
        if (!methods?.includes(method)) throw new APIError("NOT_FOUND", { code: "NOT_FOUND", message: "Not found" });
        if (ctx.path !== SIGN_IN) return;
        const email = emailOf(ctx.body);
        // Refused here, not by better-auth: it would hash the password of an unknown account (timing).
        if (!email)
          throw new APIError("BAD_REQUEST", { code: "INVALID_EMAIL", message: "email: is not a valid email address" });
        const ip = getIP(ctx.request ?? ctx.headers ?? new Headers(), ctx.context.options) ?? "unknown";
        const refused = await reserveAttempt(email, ip);
        if (refused) throw refusalError(refused);
      }),
      after: createAuthMiddleware(async (ctx) => {
        if (ctx.path !== SIGN_IN) return;
        const email = emailOf(ctx.body);
        if (email && !isAPIError(ctx.context.returned)) await Promise.all([clearFailures(email), recordSignIn(email)]);
      }),
    },
    // Origin/CSRF checks stated explicitly: better-auth turns them off by default when it detects a test
    // runner, and the authorisation tests must see what production does.
    advanced: {
      useSecureCookies: e.BETTER_AUTH_URL.startsWith("https:"),
      disableOriginCheck: false,
      disableCSRFCheck: false,
    },
    plugins: [nextCookies()],
  });
}

type Auth = ReturnType<typeof createAuth>;
const g = globalThis as unknown as { framewiseAuth?: Auth };
export function getAuth(): Auth {
  if (!g.framewiseAuth) g.framewiseAuth = createAuth();
  return g.framewiseAuth;
}

/** The signed-in user, or null. Reads the session cookie from the current request. */
export async function currentActor(): Promise<Actor | null> {
  const requestHeaders = await headers();
  // Every page and action starts here, so this is where an unreachable database becomes one clear error.
  const session = await getAuth()
    .api.getSession({ headers: requestHeaders })
    .catch((e: unknown) => {
      throw isUnavailable(e) || isUnavailable((e as { cause?: unknown })?.cause) ? unavailable() : e;
    });
  if (!session) return null;
  const u = session.user as { id: string; role?: string; name: string; email: string; mustChangePassword?: boolean };
  const actor: Actor = { id: u.id, role: u.role === "admin" ? "admin" : "reviewer", name: u.name, email: u.email };
  return u.mustChangePassword ? { ...actor, mustChangePassword: true } : actor;
}

export async function requireActor(): Promise<Actor> {
  const actor = await currentActor();
  if (!actor) throw new AppError("UNAUTHENTICATED", "Please sign in.");
  return actor;
}
