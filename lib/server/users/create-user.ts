import "server-only";
import { safeParseInput } from "@/lib/schemas/common";
import { randomUUID } from "node:crypto";
import { hashPassword } from "better-auth/crypto";
import { ZCreateUser, type TCreateUser } from "@/lib/schemas/user";
import { ZProjectIds } from "@/lib/schemas/project";
import { type Actor, type Role, assertAdmin } from "../actor";
import { db } from "../db";
import { AppError, fromZod } from "../errors";
import { isUniqueViolation } from "../annotations/guards";

/** better-auth's credential layout: an account row with providerId "credential" holding the hash. */
async function insertUser(input: TCreateUser, role: Role, onlyIfNoUsers: boolean, annotatorOf: readonly string[] = []) {
  // Cheap early refusal; the conditional insert below stays the real guard against races.
  if (onlyIfNoUsers && (await db.user.count()) > 0) throw new AppError("FORBIDDEN", "Setup is already complete; ask an admin for an account.");
  const id = randomUUID();
  const hash = await hashPassword(input.password); // scrypt, memory-hard
  const now = new Date();
  try {
    return await db.$transaction(async (tx) => {
      if (onlyIfNoUsers) {
        // Conditional insert: of two concurrent setups, exactly one creates the admin.
        const inserted = await tx.$executeRaw`INSERT INTO "user" ("id", "name", "email", "emailVerified", "role", "createdAt", "updatedAt")
          SELECT ${id}, ${input.name}, ${input.email}, ${false}, ${role}, ${now}, ${now} WHERE NOT EXISTS (SELECT 1 FROM "user")`;
        if (inserted === 0) throw new AppError("FORBIDDEN", "Setup is already complete; ask an admin for an account.");
      } else {
        await tx.user.create({ data: { id, name: input.name, email: input.email, role, emailVerified: false } });
      }
      await tx.account.create({ data: { id: randomUUID(), accountId: id, providerId: "credential", userId: id, password: hash } });
      if (annotatorOf.length) await tx.projectMember.createMany({ data: annotatorOf.map((projectId) => ({ projectId, userId: id, role: "annotator" })) });
      return { id, name: input.name, email: input.email, role };
      // Serializable: under PostgreSQL's default READ COMMITTED two setups could both see no user.
    }, onlyIfNoUsers ? { isolationLevel: "Serializable" } : undefined);
  } catch (e) {
    if (onlyIfNoUsers && isSerializationFailure(e)) throw new AppError("FORBIDDEN", "Setup is already complete; ask an admin for an account.");
    if (isUniqueViolation(e)) throw new AppError("CONFLICT", "email: an account with this email already exists", [{ field: "email", message: "already in use" }]);
    throw e;
  }
}

function isSerializationFailure(e: unknown): boolean {
  const code = (e as { code?: string })?.code;
  return code === "P2034" || /could not serialize|40001/.test(String((e as Error)?.message));
}

export async function needsSetup(): Promise<boolean> {
  return (await db.user.count()) === 0;
}

export async function createFirstAdmin(raw: unknown) {
  const parsed = safeParseInput(ZCreateUser, raw);
  if (!parsed.success) throw fromZod(parsed.error);
  return insertUser(parsed.data, "admin", true);
}

/** Admin: a new account, optionally an annotator of the given projects from the start. */
export async function createUser(actor: Actor, raw: unknown, role: Role = "reviewer", annotatorOf: unknown = []) {
  assertAdmin(actor);
  const parsed = safeParseInput(ZCreateUser, raw);
  if (!parsed.success) throw fromZod(parsed.error);
  const projects = safeParseInput(ZProjectIds, annotatorOf);
  if (!projects.success) throw fromZod(projects.error);
  const ids = [...new Set(projects.data)];
  const found = await db.project.count({ where: { id: { in: ids } } });
  if (found !== ids.length) throw new AppError("INVALID", "projectIds: names a project that does not exist", [{ field: "projectIds", message: "names a project that does not exist" }]);
  return insertUser(parsed.data, role, false, ids);
}

export async function listUsers(actor: Actor) {
  assertAdmin(actor);
  return db.user.findMany({
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { id: true, name: true, email: true, role: true, active: true, mustChangePassword: true, lastSignInAt: true, createdAt: true },
  });
}
