import "server-only";
import { exportOptions, type TDatasetFilters, type TExportOptions, type TSpanLayerChoice } from "@/lib/schemas/dataset";
import type { Actor } from "../actor";
import { AppError } from "../errors";
import { db } from "../db";
import { articlesOf, can, projectAccess, requireProject } from "../projects/access";
import { assertProjectExists } from "./context";

/**
 * Who may export what. Admins: everything. A project's curators and managers: everything of that project
 * (the export must name it). Anyone else: only their own annotation spans (spans-csv and bio), in projects
 * they are a member of, whatever the blind setting; asking for anyone else's spans or for the gold layer
 * (built from everyone's spans) is refused, so blind mode cannot be bypassed through an export.
 */
export async function scopeSpanExport(
  actor: Actor,
  filters: TDatasetFilters,
  layer: TSpanLayerChoice,
): Promise<TDatasetFilters> {
  if (actor.role === "admin") return filters;
  if (filters.projectId) {
    const access = await projectAccess(actor, filters.projectId);
    if (can(access.role, "curate")) return filters;
    if (!can(access.role, "view")) throw new AppError("FORBIDDEN", "You are not a member of this project.");
    // Naming an article not assigned to the annotator is refused like opening it.
    if (filters.articleIds?.length && access.mode !== "everyone") {
      const mine = await db.article.count({
        where: { id: { in: filters.articleIds }, projectId: filters.projectId, ...articlesOf(actor, access) },
      });
      if (mine !== new Set(filters.articleIds).size)
        throw new AppError("FORBIDDEN", "This article is not assigned to you.");
    }
  }
  if (layer !== "annotation") throw new AppError("FORBIDDEN", "Only the project's curators can export the gold layer.");
  if (filters.reviewerIds?.some((id) => id !== actor.id))
    throw new AppError("FORBIDDEN", "You can export only your own spans.");
  return { ...filters, reviewerIds: [actor.id] };
}

/** Gold, articles and JSONL exports: the admin, or a curator/manager of the one project exported. */
export async function scopeAdminExport(actor: Actor, filters: TDatasetFilters): Promise<TDatasetFilters> {
  if (actor.role === "admin") return filters;
  if (!filters.projectId)
    throw new AppError("FORBIDDEN", "Only an admin can export every project at once; choose a project.");
  await requireProject(actor, filters.projectId, "curate");
  return filters;
}

/**
 * The start of every export: its options with their defaults, and the filters the actor may export
 * ("span": scopeSpanExport with the chosen layer, "admin": scopeAdminExport), the project checked to exist.
 */
export async function exportScope(
  actor: Actor,
  requested: TDatasetFilters,
  chosen: Partial<TExportOptions>,
  kind: "span" | "admin",
): Promise<{ options: TExportOptions; filters: TDatasetFilters }> {
  const options = exportOptions(chosen);
  const filters =
    kind === "span" ? await scopeSpanExport(actor, requested, options.layer) : await scopeAdminExport(actor, requested);
  await assertProjectExists(filters);
  return { options, filters };
}
