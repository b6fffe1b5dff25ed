import "server-only";
import { DEFAULT_TAXONOMY, type TaxonomyGroupSeed } from "@/lib/domain/taxonomy/default-taxonomy";
import type { TCreateProject } from "@/lib/schemas/project";
import { type Actor, assertAdmin } from "../actor";
import { db } from "../db";
import { invalid } from "../errors";
import { snapshotCodebook } from "../rounds/codebook";

/**
 * Creates a project with a taxonomy, its codebook version 1 and its first round ("Main") in one
 * transaction (used by setup, seed and tests).
 */
export async function createProjectWithTaxonomy(
  name: string,
  guidelines = "",
  taxonomy: TaxonomyGroupSeed[] = DEFAULT_TAXONOMY,
  managerId?: string,
) {
  return db.$transaction(async (tx) => {
    const project = await tx.project.create({ data: { name, guidelines } });
    if (managerId)
      await tx.projectMember.create({ data: { projectId: project.id, userId: managerId, role: "manager" } });
    for (const [gi, group] of taxonomy.entries()) {
      const g = await tx.labelGroup.create({ data: { projectId: project.id, name: group.name, order: gi } });
      await tx.label.createMany({
        data: group.labels.map((l, li) => ({ ...l, projectId: project.id, groupId: g.id, order: li })),
      });
    }
    const codebook = await snapshotCodebook(tx, project.id);
    await tx.round.create({
      data: { projectId: project.id, name: "Main", position: 0, codebookVersionId: codebook.id },
    });
    return project;
  });
}

/**
 * Admin: a new project with the default taxonomy, its first round and codebook version 1; the named
 * account (if any) becomes its manager. Project names need not be unique (ids tell them apart).
 */
export async function createProject(actor: Actor, input: TCreateProject) {
  assertAdmin(actor);
  const manager = input.managerEmail
    ? await db.user.findUnique({ where: { email: input.managerEmail }, select: { id: true } })
    : null;
  if (input.managerEmail && !manager) throw invalid("managerEmail", "no account has this email");
  const project = await createProjectWithTaxonomy(input.name, "", DEFAULT_TAXONOMY, manager?.id);
  return { id: project.id, name: project.name };
}
