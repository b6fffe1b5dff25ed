import "server-only";
import { hashPassword } from "./password-hashing";
import type { ZResetPassword, ZSetUserActive, ZSetUserRole } from "@/lib/schemas/user";
import type { z } from "zod";
import { type Actor, assertAdmin } from "../actor";
import { db } from "../db";
import { AppError } from "../errors";

async function userOrThrow(userId: string) {
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { id: true, email: true, role: true, active: true },
  });
  if (!user)
    throw new AppError("NOT_FOUND", "userId: no such account", [{ field: "userId", message: "no such account" }]);
  return user;
}

/** Keeps at least one active admin, so the instance can always be administered. */
async function assertNotLastAdmin(userId: string) {
  const others = await db.user.count({ where: { role: "admin", active: true, NOT: { id: userId } } });
  if (others === 0)
    throw new AppError("CONFLICT", "userId: this is the last active admin", [
      { field: "userId", message: "the last active admin" },
    ]);
}

/**
 * Admin: deactivates an account (it cannot sign in, its sessions end; its spans, statuses and
 * memberships stay) or reactivates it.
 */
export async function setUserActive(actor: Actor, input: z.output<typeof ZSetUserActive>) {
  assertAdmin(actor);
  const user = await userOrThrow(input.userId);
  if (!input.active && user.role === "admin") await assertNotLastAdmin(user.id);
  await db.$transaction([
    db.user.update({ where: { id: user.id }, data: { active: input.active } }),
    ...(input.active ? [] : [db.session.deleteMany({ where: { userId: user.id } })]),
  ]);
  return { id: user.id, email: user.email, active: input.active };
}

/** Admin: changes the global role (admin or reviewer); the last active admin keeps theirs. */
export async function setUserRole(actor: Actor, input: z.output<typeof ZSetUserRole>) {
  assertAdmin(actor);
  const user = await userOrThrow(input.userId);
  if (user.role === "admin" && input.role !== "admin") await assertNotLastAdmin(user.id);
  // Sessions carry the role in their signed cookie copy: ending them makes the change take effect now.
  await db.$transaction([
    db.user.update({ where: { id: user.id }, data: { role: input.role } }),
    db.session.deleteMany({ where: { userId: user.id } }),
  ]);
  return { id: user.id, email: user.email, role: input.role };
}

/** Admin: sets a temporary password that the user must change at the next sign-in; their sessions end. */
export async function resetPassword(actor: Actor, input: z.output<typeof ZResetPassword>) {
  assertAdmin(actor);
  const user = await userOrThrow(input.userId);
  const hash = await hashPassword(input.password);
  await db.$transaction([
    db.account.updateMany({ where: { userId: user.id, providerId: "credential" }, data: { password: hash } }),
    db.user.update({ where: { id: user.id }, data: { mustChangePassword: true } }),
    db.session.deleteMany({ where: { userId: user.id } }),
  ]);
  const hasCredential = await db.account.count({ where: { userId: user.id, providerId: "credential" } });
  if (hasCredential === 0)
    await db.account.create({
      data: { id: crypto.randomUUID(), accountId: user.id, providerId: "credential", userId: user.id, password: hash },
    });
  return { id: user.id, email: user.email };
}
