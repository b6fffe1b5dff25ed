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

export type AnnotationDto = {
  id: string;
  articleId: string;
  labelId: string;
  start: number;
  end: number;
  quote: string;
  note: string;
  version: number;
  createdAt: Date;
  updatedAt: Date;
};
