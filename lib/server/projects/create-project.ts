import "server-only";
import { DEFAULT_TAXONOMY, type TaxonomyGroupSeed } from "@/lib/domain/taxonomy/default-taxonomy";
import { db } from "../db";
import { snapshotCodebook } from "../rounds/codebook";

/**
 * Creates a project with a taxonomy, its codebook version 1 and its first round ("Main") in one
 * transaction (used by setup, seed and tests).
 */
export async function createProjectWithTaxonomy(
  name: string,
  guidelines = "",
  taxonomy: TaxonomyGroupSeed[] = DEFAULT_TAXONOMY,
) {
  return db.$transaction(async (tx) => {
    const project = await tx.project.create({ data: { name, guidelines } });
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
