import "server-only";
import { db } from "../db";

export const MAX_FAILURES = 5;
export const WINDOW_MS = 15 * 60 * 1000;

/** Seconds until the account may try again, or 0. Stored in the database so all instances agree. */
export async function lockoutSeconds(key: string, now = Date.now()): Promise<number> {
  const row = await db.signInThrottle.findUnique({ where: { key } });
  if (!row || row.failures < MAX_FAILURES) return 0;
  const until = Number(row.windowStart) + WINDOW_MS;
  return until > now ? Math.ceil((until - now) / 1000) : 0;
}

export async function recordFailure(key: string, now = Date.now()): Promise<void> {
  const row = await db.signInThrottle.findUnique({ where: { key } });
  if (!row || now - Number(row.windowStart) > WINDOW_MS) {
    await db.signInThrottle.upsert({ where: { key }, create: { key, failures: 1, windowStart: BigInt(now) }, update: { failures: 1, windowStart: BigInt(now) } });
  } else {
    await db.signInThrottle.update({ where: { key }, data: { failures: { increment: 1 } } });
  }
}

export async function clearFailures(key: string): Promise<void> {
  await db.signInThrottle.deleteMany({ where: { key } });
}

/** Lifts a lockout by failed sign-ins for this email (an admin's unlock). */
export async function unlockAccount(email: string): Promise<void> {
  await clearFailures(`email:${email.trim().toLowerCase()}`);
}
