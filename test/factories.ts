// Factories shared by integration tests: they go through the real use cases and database.
import { randomUUID } from "node:crypto";
import type { z } from "zod";
import { ZCreateArticle } from "@/lib/schemas/article";
import type { Actor, Role } from "@/lib/server/actor";
import { createArticle } from "@/lib/server/articles/create-article";
import { db } from "@/lib/server/db";
import { parseInput } from "@/lib/server/input";
import { createProjectWithTaxonomy } from "@/lib/server/projects/create-project";

/**
 * What an action, route or CLI command does before a use case: parse with the shared schema (a
 * rejected promise with the INVALID AppError when that fails), then run the use case on the typed input.
 */
export async function viaSchema<S extends z.ZodType, T>(
  schema: S,
  raw: unknown,
  use: (input: z.output<S>) => Promise<T>,
): Promise<T> {
  return use(parseInput(schema, raw));
}

/**
 * Factories mirror the migration's rule so suites written before per-project roles keep their meaning:
 * a reviewer is an annotator, an admin a manager, of every project the factories made. Pass
 * `{ member: false }` for an account outside every project (the permission suites do).
 */
export async function makeUser(
  role: Role = "reviewer",
  name = `User ${randomUUID().slice(0, 6)}`,
  opts: { member?: boolean } = {},
): Promise<Actor> {
  const id = randomUUID();
  const email = opts.member === false ? `outsider-${id}@example.test` : `${id}@example.test`;
  await db.user.create({ data: { id, name, email, role } });
  if (opts.member !== false) {
    const projects = await db.project.findMany({ select: { id: true } });
    await db.projectMember.createMany({
      data: projects.map((p) => ({ projectId: p.id, userId: id, role: role === "admin" ? "manager" : "annotator" })),
    });
  }
  return { id, role, name, email };
}

/** Every account already there becomes a member (see makeUser), unless it opted out of membership. */
export async function makeProject(name = `Project ${randomUUID().slice(0, 6)}`) {
  const project = await createProjectWithTaxonomy(name);
  const users = await db.user.findMany({
    where: { NOT: { email: { startsWith: "outsider-" } } },
    select: { id: true, role: true },
  });
  await db.projectMember.createMany({
    data: users.map((u) => ({
      projectId: project.id,
      userId: u.id,
      role: u.role === "admin" ? "manager" : "annotator",
    })),
  });
  const labels = await db.label.findMany({
    where: { projectId: project.id },
    orderBy: [{ group: { order: "asc" } }, { order: "asc" }],
  });
  return { project, labels };
}

export async function makeArticle(projectId: string, text: string, title = "Article") {
  const admin: Actor = { id: "factory", role: "admin", name: "factory", email: "factory@example.test" };
  return createArticle(admin, parseInput(ZCreateArticle, { projectId, title, text }));
}

/** Python-style code point slice, the offset contract's reference. */
export function cpSlice(text: string, start: number, end: number): string {
  return Array.from(text).slice(start, end).join("");
}
