import "server-only";
import { db } from "../db";

/**
 * The labels a "frame" question chooses from, and that the primary-frame agreement uses: the
 * active labels of the project's group named "Framing" (any case), else of its first group.
 */
export async function framingLabels(projectId: string): Promise<{ id: string; name: string; colour: string }[]> {
  const groups = await db.labelGroup.findMany({
    where: { projectId },
    orderBy: { order: "asc" },
    select: {
      name: true,
      labels: {
        where: { archivedAt: null },
        orderBy: { order: "asc" },
        select: { id: true, name: true, colour: true },
      },
    },
  });
  const group = groups.find((g) => g.name.trim().toLowerCase() === "framing") ?? groups[0];
  return group?.labels ?? [];
}
