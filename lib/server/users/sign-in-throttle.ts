import "server-only";
import { Prisma } from "@/lib/generated/sqlite/client";
import { db } from "../db";

/**
 * Sign-in budgets, in the database so every instance enforces the same ones (table SignInThrottle).
 * Each attempt is RESERVED before its password is checked, by one conditional upsert that counts it and
 * returns a row only if the budget allowed it, so concurrent attempts cannot all pass a stale read
 * (SQLite and PostgreSQL both support INSERT … ON CONFLICT DO UPDATE … WHERE … RETURNING). A reserved
 * attempt counts as a failure until it succeeds; success clears the account's counters.
 *
 * - per client address: IP_MAX attempts per IP_WINDOW_MS, successful or not (the same limiter for the
 *   sign-in form's action and the HTTP endpoint; it bounds the password checks one address causes);
 * - per account + client address: PAIR_MAX failures, then a back-off, so one client cannot lock the
 *   account for everyone else;
 * - per account, from all addresses together: ACCOUNT_MAX failures, then a back-off that doubles with
 *   every further failure (BACKOFF_BASE_MS … BACKOFF_MAX_MS). Failure counts are forgotten after
 *   FORGET_AFTER_MS without an attempt. An admin can unlock (unlockAccount). Sessions are not touched.
 */
export const IP_MAX = 20;
export const IP_WINDOW_MS = 60_000;
export const PAIR_MAX = 3;
export const ACCOUNT_MAX = 5;
export const BACKOFF_BASE_MS = 60_000;
export const BACKOFF_MAX_MS = 60 * 60_000;
export const FORGET_AFTER_MS = 24 * 60 * 60_000;

export type Budget = "ip" | "pair" | "account";
export type Refusal = { budget: Budget; retryAfterSeconds: number };

const accountKey = (email: string) => `email:${email.trim().toLowerCase()}`;
const pairKey = (email: string, ip: string) => `pair:${email.trim().toLowerCase()}|${ip}`;
const ipKey = (ip: string) => `ip:${ip}`;

/** An epoch-ms value as a bound parameter typed BIGINT (PostgreSQL would otherwise infer integer). */
const ms = (n: number) => Prisma.sql`CAST(${BigInt(n)} AS BIGINT)`;

/** Lock length after the n-th counted failure (0 below the budget): base, doubling, capped. */
export function backoffMs(failures: number, max: number): number {
  if (failures < max) return 0;
  return Math.min(BACKOFF_BASE_MS * 2 ** Math.min(failures - max, 30), BACKOFF_MAX_MS);
}

/** SQL for backoffMs(failuresExpr, max) as a CASE over the few steps before the cap. */
function backoffSql(failures: Prisma.Sql, max: number): Prisma.Sql {
  const steps: Prisma.Sql[] = [Prisma.sql`WHEN ${failures} < ${max} THEN 0`];
  for (let n = max; backoffMs(n, max) < BACKOFF_MAX_MS; n++)
    steps.push(Prisma.sql`WHEN ${failures} = ${n} THEN ${ms(backoffMs(n, max))}`);
  return Prisma.sql`CASE ${Prisma.join(steps, " ")} ELSE ${ms(BACKOFF_MAX_MS)} END`;
}

/** Counts a failure-until-proven-otherwise on `key` if it is not locked; false when it is. */
async function reserveFailure(key: string, max: number, now: number): Promise<boolean> {
  const t = ms(now);
  const failures = Prisma.sql`(CASE WHEN "SignInThrottle"."windowStart" + ${ms(FORGET_AFTER_MS)} <= ${t} THEN 1 ELSE "SignInThrottle"."failures" + 1 END)`;
  const rows = await db.$queryRaw<{ failures: number }[]>`
    INSERT INTO "SignInThrottle" ("key", "failures", "windowStart", "lockedUntil")
    VALUES (${key}, 1, ${t}, ${ms(now + backoffMs(1, max))})
    ON CONFLICT ("key") DO UPDATE SET
      "failures" = ${failures},
      "windowStart" = ${t},
      "lockedUntil" = ${t} + ${backoffSql(failures, max)}
    WHERE "SignInThrottle"."lockedUntil" <= ${t}
    RETURNING "failures"`;
  return rows.length > 0;
}

/** Counts an attempt in the client address's fixed window; false when the window is full. */
async function reserveIpAttempt(key: string, now: number): Promise<boolean> {
  const t = ms(now);
  const expired = Prisma.sql`"SignInThrottle"."windowStart" + ${ms(IP_WINDOW_MS)} <= ${t}`;
  const rows = await db.$queryRaw<{ failures: number }[]>`
    INSERT INTO "SignInThrottle" ("key", "failures", "windowStart", "lockedUntil")
    VALUES (${key}, 1, ${t}, 0)
    ON CONFLICT ("key") DO UPDATE SET
      "failures" = CASE WHEN ${expired} THEN 1 ELSE "SignInThrottle"."failures" + 1 END,
      "windowStart" = CASE WHEN ${expired} THEN ${t} ELSE "SignInThrottle"."windowStart" END
    WHERE ${expired} OR "SignInThrottle"."failures" < ${IP_MAX}
    RETURNING "failures"`;
  if (rows[0]?.failures === 1) await forgetStale(now); // once per address and window: bounded work
  return rows.length > 0;
}

/** Gives back a pair reservation whose attempt the account budget then refused (it never ran). */
async function giveBack(key: string, max: number): Promise<void> {
  await db.$executeRaw`UPDATE "SignInThrottle" SET "failures" = "failures" - 1,
    "lockedUntil" = CASE WHEN "failures" - 1 < ${max} THEN 0 ELSE "lockedUntil" END
    WHERE "key" = ${key} AND "failures" > 0`;
}

async function forgetStale(now: number): Promise<void> {
  await db.$executeRaw`DELETE FROM "SignInThrottle" WHERE "windowStart" < ${ms(now - FORGET_AFTER_MS)} AND "lockedUntil" < ${ms(now)}`;
}

async function retryAfter(key: string, budget: Budget, now: number): Promise<Refusal> {
  const row = await db.signInThrottle.findUnique({ where: { key } });
  const until = !row ? now : budget === "ip" ? Number(row.windowStart) + IP_WINDOW_MS : Number(row.lockedUntil);
  return { budget, retryAfterSeconds: Math.max(1, Math.ceil((until - now) / 1000)) };
}

/**
 * Reserves one sign-in attempt for `email` from `ip` before its password is checked: null when it may
 * go ahead (it then counts as a failure until clearFailures), else which budget refused and for how long.
 */
export async function reserveAttempt(email: string, ip: string, now = Date.now()): Promise<Refusal | null> {
  if (!(await reserveIpAttempt(ipKey(ip), now))) return retryAfter(ipKey(ip), "ip", now);
  const pair = pairKey(email, ip);
  if (!(await reserveFailure(pair, PAIR_MAX, now))) return retryAfter(pair, "pair", now);
  if (!(await reserveFailure(accountKey(email), ACCOUNT_MAX, now))) {
    await giveBack(pair, PAIR_MAX);
    return retryAfter(accountKey(email), "account", now);
  }
  return null;
}

/** After a successful sign-in: the account's failures (all addresses) are forgotten. */
export async function clearFailures(email: string): Promise<void> {
  const e = email.trim().toLowerCase();
  await db.$executeRaw`DELETE FROM "SignInThrottle" WHERE "key" = ${accountKey(e)} OR "key" LIKE ${`pair:${e.replace(/[\\%_]/g, "\\$&")}|%`} ESCAPE '\\'`;
}

/** An admin's unlock: the same as a success (failures and locks of every address are dropped). */
export async function unlockAccount(email: string): Promise<void> {
  await clearFailures(email);
}

/** Until when (epoch ms) an account is locked for everyone, or null; for the admin's user list. */
export async function lockedUntil(emails: string[], now = Date.now()): Promise<Map<string, number>> {
  if (emails.length === 0) return new Map();
  const rows = await db.signInThrottle.findMany({
    where: { key: { in: emails.map(accountKey) }, lockedUntil: { gt: BigInt(now) } },
  });
  return new Map(rows.map((r) => [r.key.slice("email:".length), Number(r.lockedUntil)]));
}
