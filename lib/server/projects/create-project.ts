import "server-only";
import { DEFAULT_TAXONOMY, type TaxonomyGroupSeed } from "@/lib/domain/taxonomy/default-taxonomy";
import { db } from "../db";

/** Creates a project with a taxonomy in one transaction (used by setup, seed and tests). */
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
    return project;
  });
}
