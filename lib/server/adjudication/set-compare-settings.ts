import "server-only";
import { type TCompareSettings, ZCompareSettings } from "@/lib/schemas/adjudication";
import type { Actor } from "../actor";
import { requireProject } from "../projects/access";
import { db } from "../db";
import { AppError } from "../errors";
import { parseInput } from "./access";

/** The admin's switches: reveal a blind project to its reviewers, and whether reviewers may open the comparison. */
export async function setCompareSettings(actor: Actor, raw: TCompareSettings): Promise<{ revealed: boolean; reviewersMayCompare: boolean }> {
  const input = parseInput(ZCompareSettings, raw);
  await requireProject(actor, input.projectId, "manage");
  const { count } = await db.project.updateMany({ where: { id: input.projectId }, data: { revealed: input.revealed, reviewersMayCompare: input.reviewersMayCompare } });
  if (count === 0) throw new AppError("NOT_FOUND", "projectId: no such project", [{ field: "projectId", message: "no such project" }]);
  return db.project.findUniqueOrThrow({ where: { id: input.projectId }, select: { revealed: true, reviewersMayCompare: true } });
}
