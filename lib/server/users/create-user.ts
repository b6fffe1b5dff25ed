import "server-only";
import { safeParseInput } from "@/lib/schemas/common";
import { randomUUID } from "node:crypto";
import type { TCreateUser } from "@/lib/schemas/user";
import { ZCreateFirstAdmin } from "@/lib/schemas/user";
import { type Actor, type Role, assertAdmin } from "../actor";
import { db } from "../db";
import { AppError, fromPrisma, fromZod } from "../errors";
import { hashPassword } from "./password-hashing";
import { consumeSetupToken, removeSetupTokenFile } from "./setup-token";

/** better-auth's credential layout: an account row with providerId "credential" holding the hash. */
async function insertUser(
  input: TCreateUser,
  role: Role,
  onlyIfNoUsers: boolean,
  setupToken?: string,
  annotatorOf: readonly string[] = [],
) {
  // Cheap early refusal; the conditional insert below stays the real guard against races.
  if (onlyIfNoUsers && (await db.user.count()) > 0)
    throw new AppError("FORBIDDEN", "Setup is already complete; ask an admin for an account.");
  const id = randomUUID();
  const hash = await hashPassword(input.password); // scrypt, memory-hard
  const now = new Date();
  try {
    return await db.$transaction(
      async (tx) => {
        if (onlyIfNoUsers) {
          // Conditional insert: of two concurrent setups, exactly one creates the admin.
          const inserted =
            await tx.$executeRaw`INSERT INTO "user" ("id", "name", "email", "emailVerified", "role", "createdAt", "updatedAt")
          SELECT ${id}, ${input.name}, ${input.email}, ${false}, ${role}, ${now}, ${now} WHERE NOT EXISTS (SELECT 1 FROM "user")`;
          if (inserted === 0)
            throw new AppError("FORBIDDEN", "Setup is already complete; ask an admin for an account.");
          // The one-time token is used up by the transaction that creates the first admin, and only by it
          // (a wrong token rolls the insert back).
          await consumeSetupToken(tx, setupToken ?? "");
        } else {
          await tx.user.create({ data: { id, name: input.name, email: input.email, role, emailVerified: false } });
        }
        await tx.account.create({
          data: { id: randomUUID(), accountId: id, providerId: "credential", userId: id, password: hash },
        });
        if (annotatorOf.length)
          await tx.projectMember.createMany({
            data: annotatorOf.map((projectId) => ({ projectId, userId: id, role: "annotator" })),
          });
        return { id, name: input.name, email: input.email, role };
        // Serializable: under PostgreSQL's default READ COMMITTED two setups could both see no user.
      },
      onlyIfNoUsers ? { isolationLevel: "Serializable" } : undefined,
    );
  } catch (e) {
    if (onlyIfNoUsers && isSerializationFailure(e))
      throw new AppError("FORBIDDEN", "Setup is already complete; ask an admin for an account.");
    throw fromPrisma(e, {
      P2002: new AppError("CONFLICT", "email: an account with this email already exists", [
        { field: "email", message: "already in use" },
      ]),
    });
  }
}

function isSerializationFailure(e: unknown): boolean {
  const code = (e as { code?: string })?.code;
  return code === "P2034" || /could not serialize|40001/.test(String((e as Error)?.message));
}

export async function needsSetup(): Promise<boolean> {
  return (await db.user.count()) === 0;
}

/**
 * The first admin, with the one-time setup token from the server log (users/setup-token.ts).
 * The one use case that parses its own input: once setup is done, every request gets "already complete"
 * whatever it sends, so the check must come before the input is judged (parsing at the boundary would
 * answer INVALID field errors to anyone probing a finished install).
 */
export async function createFirstAdmin(raw: unknown) {
  if (!(await needsSetup())) throw new AppError("FORBIDDEN", "Setup is already complete; ask an admin for an account.");
  const parsed = safeParseInput(ZCreateFirstAdmin, raw);
  if (!parsed.success) throw fromZod(parsed.error);
  const { token, ...user } = parsed.data;
  const admin = await insertUser(user, "admin", true, token);
  removeSetupTokenFile();
  return admin;
}

/** Admin: a new account, an annotator of the given projects from the start (none for an admin). */
export async function createUser(
  actor: Actor,
  account: TCreateUser,
  role: Role = "reviewer",
  annotatorOf: readonly string[] = [],
) {
  assertAdmin(actor);
  const ids = role === "admin" ? [] : [...new Set(annotatorOf)];
  const found = ids.length ? await db.project.count({ where: { id: { in: ids } } }) : 0;
  if (found !== ids.length)
    throw new AppError("INVALID", "projectIds: names a project that does not exist", [
      { field: "projectIds", message: "names a project that does not exist" },
    ]);
  return insertUser(account, role, false, undefined, ids);
}

export async function listUsers(actor: Actor) {
  assertAdmin(actor);
  return db.user.findMany({
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: {
      id: true,
      name: true,
      email: true,
      role: true,
      active: true,
      mustChangePassword: true,
      lastSignInAt: true,
      createdAt: true,
    },
  });
}
