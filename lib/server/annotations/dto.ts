import "server-only";

export const annotationSelect = {
  id: true,
  articleId: true,
  labelId: true,
  start: true,
  end: true,
  quote: true,
  note: true,
  version: true,
  createdAt: true,
  updatedAt: true,
} as const;

export type { AnnotationDto } from "@/lib/schemas/annotation";
