import "server-only";

/** The fields a reviewer span and a gold span share. */
export const spanSelect = {
  id: true,
  articleId: true,
  labelId: true,
  start: true,
  end: true,
  quote: true,
  note: true,
  createdAt: true,
  updatedAt: true,
} as const;

export const annotationSelect = { ...spanSelect, version: true } as const;

export type { AnnotationDto } from "@/lib/schemas/annotation";
