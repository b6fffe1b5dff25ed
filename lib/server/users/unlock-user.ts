import "server-only";
import { safeParseInput } from "@/lib/schemas/common";
import { ZUnlockUser } from "@/lib/schemas/user";
import { type Actor, assertAdmin } from "../actor";
import { db } from "../db";
import { AppError, fromZod } from "../errors";
import { lockedUntil, unlockAccount } from "./sign-in-throttle";

/**
 * An admin lifts the sign-in back-off of an account (every client address). The account's sessions
 * were never touched by the lock. Used by the admin's user list and the `users unlock` command.
 */
export async function unlockUser({
  actor,
  email,
}: {
  actor: Actor;
  email: unknown;
}): Promise<{ email: string; wasLocked: boolean }> {
  assertAdmin(actor);
  const parsed = safeParseInput(ZUnlockUser, { email });
  if (!parsed.success) throw fromZod(parsed.error);
  const address = parsed.data.email;
  const user = await db.user.findUnique({ where: { email: address }, select: { id: true } });
  if (!user)
    throw new AppError("NOT_FOUND", `email: no account with the email ${address}`, [
      { field: "email", message: "no such account" },
    ]);
  const wasLocked = (await lockedUntil([address])).has(address);
  await unlockAccount(address);
  return { email: address, wasLocked };
}

/** Accounts locked for everyone right now, by email, with the end of the lock (admin only). */
export async function listSignInLocks({
  actor,
  emails,
}: {
  actor: Actor;
  emails: string[];
}): Promise<Map<string, Date>> {
  assertAdmin(actor);
  const locks = await lockedUntil(emails);
  return new Map([...locks].map(([email, until]) => [email, new Date(until)]));
}
