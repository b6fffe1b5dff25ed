import "server-only";
import type { Actor } from "../actor";
import { db } from "../db";
import { STATE_PROJECTS } from "./article-state";
import { computeProjectAgreement } from "./compute-project-agreement";

/**
 * Computes the figures of the most recently active projects (as many as the per-article state
 * keeps) into this instance's cache, one after the other, so the first dashboard visit after a
 * start does not pay the cold computation. Called in the background at server start-up
 * (instrumentation.ts); failures are reported and otherwise ignored. Returns the project ids warmed.
 */
export async function warmAgreementCache(): Promise<string[]> {
  const system: Actor = { id: "system:warm-up", role: "admin", name: "start-up", email: "" };
  const projects = await db.project.findMany({
    orderBy: [{ annotationRevision: "desc" }, { id: "asc" }],
    take: STATE_PROJECTS,
    select: { id: true },
  });
  const warmed: string[] = [];
  for (const { id } of projects.reverse()) {
    await computeProjectAgreement(system, id);
    warmed.push(id);
  }
  return warmed;
}
