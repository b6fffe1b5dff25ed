import "server-only";
import type { TDatasetFilters, TSpanLayerChoice } from "@/lib/schemas/dataset";
import { type Actor, assertAdmin } from "../actor";
import { AppError } from "../errors";

/**
 * Who may export what. Admins: everything. A reviewer: only their own annotation spans
 * (spans-csv and bio), whatever the project's blind setting; asking for anyone else's spans or
 * for the gold layer (which is built from everyone's spans) is refused, so blind mode cannot be
 * bypassed through an export. Every other export (gold, articles, JSONL) is admin-only.
 */
export function scopeSpanExport(actor: Actor, filters: TDatasetFilters, layer: TSpanLayerChoice): TDatasetFilters {
  if (actor.role === "admin") return filters;
  if (layer !== "annotation") throw new AppError("FORBIDDEN", "Only an admin can export the gold layer.");
  if (filters.reviewerIds?.some((id) => id !== actor.id))
    throw new AppError("FORBIDDEN", "You can export only your own spans.");
  return { ...filters, reviewerIds: [actor.id] };
}

export function scopeAdminExport(actor: Actor, filters: TDatasetFilters): TDatasetFilters {
  assertAdmin(actor);
  return filters;
}
