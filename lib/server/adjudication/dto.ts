import "server-only";

export const goldSelect = {
  id: true,
  articleId: true,
  labelId: true,
  start: true,
  end: true,
  quote: true,
  note: true,
  sourceAnnotationIds: true,
  sourceUserIds: true,
  decidedById: true,
  createdAt: true,
  updatedAt: true,
} as const;

/** A gold span with its provenance parsed: the reviewer spans (and their authors) it came from. */
export type GoldSpanDto = {
  id: string;
  articleId: string;
  labelId: string;
  start: number;
  end: number;
  quote: string;
  note: string;
  sourceAnnotationIds: string[];
  sourceUserIds: string[];
  decidedById: string;
  createdAt: Date;
  updatedAt: Date;
};

function jsonIds(raw: string): string[] {
  try {
    const v: unknown = JSON.parse(raw);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
  } catch {
    return [];
  }
}

export function toGoldDto(row: { sourceAnnotationIds: string; sourceUserIds: string } & Omit<GoldSpanDto, "sourceAnnotationIds" | "sourceUserIds">): GoldSpanDto {
  return { ...row, sourceAnnotationIds: jsonIds(row.sourceAnnotationIds), sourceUserIds: jsonIds(row.sourceUserIds) };
}
