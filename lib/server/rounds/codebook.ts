import "server-only";
import type { Prisma } from "@/lib/generated/sqlite/client";
import { db } from "../db";
import { labelOrder } from "../taxonomy/label-select";

type Tx = Prisma.TransactionClient;

/** The guidelines and labels as they stand, frozen as the project's next codebook version. */
export async function snapshotCodebook(tx: Tx, projectId: string) {
  const [project, labels, last] = await Promise.all([
    tx.project.findUniqueOrThrow({ where: { id: projectId }, select: { guidelines: true } }),
    tx.label.findMany({
      where: { projectId },
      orderBy: labelOrder,
      select: { name: true, definition: true, guideline: true, archivedAt: true, group: { select: { name: true } } },
    }),
    tx.codebookVersion.findFirst({ where: { projectId }, orderBy: { version: "desc" }, select: { version: true } }),
  ]);
  const taxonomy = labels.map((l) => ({
    group: l.group.name,
    name: l.name,
    definition: l.definition,
    guideline: l.guideline,
    archived: l.archivedAt !== null,
  }));
  return tx.codebookVersion.create({
    data: {
      projectId,
      version: (last?.version ?? 0) + 1,
      guidelines: project.guidelines,
      taxonomy: JSON.stringify(taxonomy),
    },
    select: { id: true, version: true },
  });
}

/** Every project has at least one round; the current one is the last by position. */
export async function currentRound(projectId: string, client: Tx = db) {
  return client.round.findFirst({
    where: { projectId },
    orderBy: [{ position: "desc" }, { createdAt: "desc" }],
    select: { id: true, name: true, training: true },
  });
}

/** The named round, created (under a fresh codebook snapshot) when it does not exist yet. */
export async function roundNamed(tx: Tx, projectId: string, name: string) {
  const existing = await tx.round.findUnique({
    where: { projectId_name: { projectId, name } },
    select: { id: true, name: true },
  });
  if (existing) return existing;
  const [codebook, last] = await Promise.all([
    snapshotCodebook(tx, projectId),
    tx.round.findFirst({ where: { projectId }, orderBy: { position: "desc" }, select: { position: true } }),
  ]);
  return tx.round.create({
    data: { projectId, name, position: (last?.position ?? -1) + 1, codebookVersionId: codebook.id },
    select: { id: true, name: true },
  });
}
