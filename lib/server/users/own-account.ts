import "server-only";
import { hashPassword, verifyPassword } from "better-auth/crypto";
import type { ZChangeOwnName, ZChangeOwnPassword } from "@/lib/schemas/user";
import type { z } from "zod";
import type { Actor } from "../actor";
import { db } from "../db";
import { invalid } from "../errors";

/** The signed-in user's own display name (the admin form's name rule). */
export async function changeOwnName(actor: Actor, { name }: z.output<typeof ZChangeOwnName>) {
  await db.user.update({ where: { id: actor.id }, data: { name } });
  // The session's signed cookie copy holds the old name for at most a minute; the row is the truth.
  return { name };
}

/** The signed-in user's own password: the current one is checked; clears an admin's "must change". */
export async function changeOwnPassword(actor: Actor, input: z.output<typeof ZChangeOwnPassword>) {
  const account = await db.account.findFirst({
    where: { userId: actor.id, providerId: "credential" },
    select: { id: true, password: true },
  });
  if (!account?.password || !(await verifyPassword({ hash: account.password, password: input.currentPassword }))) {
    throw invalid("currentPassword", "is not your current password");
  }
  if (input.newPassword === input.currentPassword)
    throw invalid("newPassword", "must differ from the current password");
  await db.$transaction([
    db.account.update({ where: { id: account.id }, data: { password: await hashPassword(input.newPassword) } }),
    db.user.update({ where: { id: actor.id }, data: { mustChangePassword: false } }),
  ]);
  return { changed: true };
}
