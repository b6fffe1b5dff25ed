import "server-only";
import { APIError } from "better-auth/api";
import { db } from "../db";

/** The sign-in refusal of a deactivated account (better-auth error code). */
export const DEACTIVATED = "ACCOUNT_DEACTIVATED";
export const DEACTIVATED_MESSAGE = "This account is deactivated; ask an admin.";

/**
 * Refuses a session to a deactivated account. Runs in better-auth's session-creation hook, so after the
 * password was checked: a wrong password still gets the usual answer.
 */
export async function assertActiveUser(userId: string): Promise<void> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { active: true } });
  if (user && !user.active) throw new APIError("FORBIDDEN", { code: DEACTIVATED, message: DEACTIVATED_MESSAGE });
}

export async function recordSignIn(email: string): Promise<void> {
  await db.user.updateMany({ where: { email }, data: { lastSignInAt: new Date() } });
}
