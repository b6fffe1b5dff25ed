import "server-only";
import type { AnnotationDto } from "@/lib/schemas/annotation";
import { spanSelect } from "../annotations/dto";

export const goldSelect = {
  ...spanSelect,
  sourceAnnotationIds: true,
  sourceUserIds: true,
  decidedById: true,
  editedAt: true,
} as const;

/** A gold span (a reviewer span's fields but its version) with its provenance parsed. */
export type GoldSpanDto = Omit<AnnotationDto, "version"> & {
  /** The reviewer spans (and their authors) it came from. */
  sourceAnnotationIds: string[];
  sourceUserIds: string[];
  decidedById: string;
  /** When the adjudicator last changed it by hand; null as accepted, drawn or imported. */
  editedAt: Date | null;
};

/** A stored JSON list of ids; anything else (never written, but old rows may differ) reads as none. */
export function jsonIds(raw: string): string[] {
  try {
    const v: unknown = JSON.parse(raw);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
  } catch {
    return [];
  }
}

export function toGoldDto(
  row: { sourceAnnotationIds: string; sourceUserIds: string } & Omit<
    GoldSpanDto,
    "sourceAnnotationIds" | "sourceUserIds"
  >,
): GoldSpanDto {
  return { ...row, sourceAnnotationIds: jsonIds(row.sourceAnnotationIds), sourceUserIds: jsonIds(row.sourceUserIds) };
}
