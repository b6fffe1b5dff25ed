import "server-only";
import { betterAuth } from "better-auth";
import { APIError, createAuthMiddleware, isAPIError } from "better-auth/api";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { nextCookies } from "better-auth/next-js";
import { headers } from "next/headers";
import { db, dialectOf } from "./db";
import { env } from "./env";
import type { Actor } from "./actor";
import { AppError, isUnavailable, unavailable } from "./errors";
import { clearFailures, lockoutSeconds, recordFailure } from "./users/sign-in-throttle";

const SIGN_IN = "/sign-in/email";
const lockoutKey = (body: unknown) => {
  const email = (body as { email?: unknown } | undefined)?.email;
  return typeof email === "string" ? `email:${email.trim().toLowerCase()}` : null;
};

/** How long a signed session copy in a cookie is trusted without a database lookup. */
export const SESSION_COOKIE_CACHE_SECONDS = 60;

/** Thrown by the sign-in hook while an account is locked; the message says how long. */
export const LOCKED_OUT = "ACCOUNT_LOCKED";


function createAuth() {
  const e = env();
  return betterAuth({
    secret: e.BETTER_AUTH_SECRET ?? (e.NODE_ENV === "production" ? undefined : "framewise-development-secret-do-not-use-in-prod"),
    baseURL: e.BETTER_AUTH_URL,
    database: prismaAdapter(db, { provider: dialectOf(e.DATABASE_URL) }),
    // Accounts are created by admins (and the first-admin setup), never by self sign-up.
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: 10, maxPasswordLength: 256 },
    user: { additionalFields: { role: { type: "string", input: false, defaultValue: "reviewer" } } },
    // The session row is the truth; a signed (HMAC) copy of it in a cookie spares the two session/user
    // queries on most requests (about a sixth of a span write's server time). The price: a session
    // deleted elsewhere stays usable from a copied cookie for at most SESSION_COOKIE_CACHE_SECONDS.
    session: { expiresIn: 60 * 60 * 24 * 7, updateAge: 60 * 60 * 24, cookieCache: { enabled: true, maxAge: SESSION_COOKIE_CACHE_SECONDS } },
    // Coarse per-IP limits on every auth endpoint, stored in the database so all instances share them.
    // Failed sign-ins per account are throttled separately (the hook below, lib/server/users/sign-in-throttle.ts).
    rateLimit: { enabled: true, storage: "database", window: 60, max: 300 },
    // Per-account lockout (5 failures / 15 min, in the database so every instance enforces it) on every
    // email sign-in: the sign-in form's action and the HTTP endpoint that API clients use alike.
    hooks: {
      before: createAuthMiddleware(async (ctx) => {
        if (ctx.path !== SIGN_IN) return;
        const key = lockoutKey(ctx.body);
        const wait = key ? await lockoutSeconds(key) : 0;
        if (wait > 0) throw new APIError("TOO_MANY_REQUESTS", { code: LOCKED_OUT, message: `Too many failed sign-ins for this account; try again in ${Math.ceil(wait / 60)} minute(s).` });
      }),
      after: createAuthMiddleware(async (ctx) => {
        if (ctx.path !== SIGN_IN) return;
        const key = lockoutKey(ctx.body);
        if (!key) return;
        const returned = ctx.context.returned;
        if (isAPIError(returned)) {
          if (returned.statusCode === 401 || returned.statusCode === 403) await recordFailure(key);
        } else await clearFailures(key);
      }),
    },
    // Origin/CSRF checks stated explicitly: better-auth turns them off by default when it detects a test
    // runner, and the authorisation tests must see what production does.
    advanced: { useSecureCookies: e.BETTER_AUTH_URL.startsWith("https:"), disableOriginCheck: false, disableCSRFCheck: false },
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
  const u = session.user as { id: string; role?: string; name: string; email: string };
  return { id: u.id, role: u.role === "admin" ? "admin" : "reviewer", name: u.name, email: u.email };
}

export async function requireActor(): Promise<Actor> {
  const actor = await currentActor();
  if (!actor) throw new AppError("UNAUTHENTICATED", "Please sign in.");
  return actor;
}

