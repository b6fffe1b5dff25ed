import "server-only";
import { ZUserEmail } from "@/lib/schemas/user";
import { type Actor, assertAdmin } from "../actor";
import { parseInput } from "../adjudication/access";
import { db } from "../db";
import { AppError } from "../errors";
import { unlockAccount } from "./sign-in-throttle";

/** Admin: lifts the lockout of an account locked by failed sign-ins. */
export async function unlockUser(actor: Actor, raw: { email: string }): Promise<{ email: string }> {
  assertAdmin(actor);
  const { email } = parseInput(ZUserEmail, raw);
  if (!(await db.user.findUnique({ where: { email }, select: { id: true } }))) throw new AppError("NOT_FOUND", "email: no account has this email", [{ field: "email", message: "no account has this email" }]);
  await unlockAccount(email);
  return { email };
}
