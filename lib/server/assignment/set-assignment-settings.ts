import "server-only";
import type { TAssignmentSettings } from "@/lib/schemas/project";
import type { Actor } from "../actor";
import { db } from "../db";
import { requireProject } from "../projects/access";
import { markProjectStale } from "./write";

/**
 * Manager: the project's assignment mode, k, pull reservation time and whether curators work anonymised. Switching mode keeps every
 * assignment already made (going back to "everyone" gives every annotator every article again).
 */
export async function setAssignmentSettings(actor: Actor, input: TAssignmentSettings) {
  await requireProject(actor, input.projectId, "manage");
  return db.$transaction(async (tx) => {
    const project = await tx.project.update({
      where: { id: input.projectId },
      data: {
        assignmentMode: input.mode,
        overlapK: input.k,
        reservationMinutes: input.reservationMinutes,
        anonymiseCurators: input.anonymiseCurators,
        routeMetric: input.routeMetric,
        routeBelow: input.routeBelow,
        routeMax: input.routeMax,
      },
      select: {
        assignmentMode: true,
        overlapK: true,
        reservationMinutes: true,
        anonymiseCurators: true,
        routeMetric: true,
        routeBelow: true,
        routeMax: true,
      },
    });
    // Who an article's raters are depends on the mode.
    await markProjectStale(tx, input.projectId);
    return project;
  });
}
