import "server-only";
import type { TCompareSettings } from "@/lib/schemas/adjudication";
import type { Actor } from "../actor";
import { db } from "../db";
import { AppError } from "../errors";
import { requireProject } from "../projects/access";
import { recordComparisonOpened } from "./comparison-opened";

/** The admin's switches: reveal a blind project to its reviewers, and whether reviewers may open the comparison. */
export async function setCompareSettings(
  actor: Actor,
  input: TCompareSettings,
): Promise<{ revealed: boolean; reviewersMayCompare: boolean }> {
  await requireProject(actor, input.projectId, "manage");
  const { count } = await db.project.updateMany({
    where: { id: input.projectId },
    data: { revealed: input.revealed, reviewersMayCompare: input.reviewersMayCompare },
  });
  if (count === 0)
    throw new AppError("NOT_FOUND", "projectId: no such project", [{ field: "projectId", message: "no such project" }]);
  await recordComparisonOpened({ projectId: input.projectId });
  return db.project.findUniqueOrThrow({
    where: { id: input.projectId },
    select: { revealed: true, reviewersMayCompare: true },
  });
}
