import "server-only";
import { APIError } from "better-auth/api";
import { db } from "../db";

/** Thrown by the sign-in hook for a deactivated account. */
export const DEACTIVATED = "ACCOUNT_DEACTIVATED";

/** Refuses a sign-in to a deactivated account before its password is even checked. */
export async function assertMaySignIn(email: string): Promise<void> {
  const user = await db.user.findUnique({ where: { email }, select: { active: true } });
  if (user && !user.active) throw new APIError("FORBIDDEN", { code: DEACTIVATED, message: "This account is deactivated; ask an admin." });
}

export async function recordSignIn(email: string): Promise<void> {
  await db.user.updateMany({ where: { email }, data: { lastSignInAt: new Date() } });
}
