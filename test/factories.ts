// Factories shared by integration tests: they go through the real use cases and database.
import { randomUUID } from "node:crypto";
import type { Actor, Role } from "@/lib/server/actor";
import { createArticle } from "@/lib/server/articles/create-article";
import { db } from "@/lib/server/db";
import { createProjectWithTaxonomy } from "@/lib/server/projects/create-project";

export async function makeUser(role: Role = "reviewer", name = `User ${randomUUID().slice(0, 6)}`): Promise<Actor> {
  const id = randomUUID();
  const email = `${id}@example.test`;
  await db.user.create({ data: { id, name, email, role } });
  return { id, role, name, email };
}

export async function makeProject(name = `Project ${randomUUID().slice(0, 6)}`) {
  const project = await createProjectWithTaxonomy(name);
  const labels = await db.label.findMany({ where: { projectId: project.id }, orderBy: [{ group: { order: "asc" } }, { order: "asc" }] });
  return { project, labels };
}

export async function makeArticle(projectId: string, text: string, title = "Article") {
  const admin: Actor = { id: "factory", role: "admin", name: "factory", email: "factory@example.test" };
  return createArticle(admin, { projectId, title, text });
}

/** Python-style code point slice, the offset contract's reference. */
export function cpSlice(text: string, start: number, end: number): string {
  return Array.from(text).slice(start, end).join("");
}
