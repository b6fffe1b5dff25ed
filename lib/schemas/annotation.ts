import { z } from "zod";
import { ZId, ZOffset, wellFormed } from "./common";
import { MAX_NOTE, MAX_QUOTE } from "./limits";

export { MAX_NOTE, MAX_QUOTE };

export const ZCreateAnnotation = z
  .object({
    articleId: ZId,
    labelId: ZId,
    start: ZOffset,
    end: ZOffset,
    quote: wellFormed(MAX_QUOTE, "quote"),
    note: wellFormed(MAX_NOTE, "note").optional(),
  })
  .strict();
export type TCreateAnnotation = z.infer<typeof ZCreateAnnotation>;

export const ZUpdateAnnotation = z
  .object({
    id: ZId,
    labelId: ZId.optional(),
    note: wellFormed(MAX_NOTE, "note").optional(),
    /** New edges (code points, half-open) with the quote they cover: all three or none. */
    start: ZOffset.optional(),
    end: ZOffset.optional(),
    quote: wellFormed(MAX_QUOTE, "quote").optional(),
    /** Optimistic concurrency: the version the client last saw. */
    version: z.number().int().min(1).optional(),
  })
  .strict()
  .refine((v) => v.labelId !== undefined || v.note !== undefined || v.start !== undefined, {
    message: "nothing to change: give labelId, note or start, end and quote",
    path: ["labelId"],
  })
  .refine(
    (v) =>
      [v.start, v.end, v.quote].every((x) => x === undefined) ||
      [v.start, v.end, v.quote].every((x) => x !== undefined),
    {
      message: "new edges need start, end and quote together",
      path: ["start"],
    },
  );
export type TUpdateAnnotation = z.infer<typeof ZUpdateAnnotation>;

export const ZDeleteAnnotation = z
  .object({
    id: ZId,
    /** Optimistic concurrency (optional): refuse if the span changed since the client saw this version. */
    version: z.number().int().min(1).optional(),
  })
  .strict();
export type TDeleteAnnotation = z.infer<typeof ZDeleteAnnotation>;

export const ZArticleStatus = z.enum(["not_started", "in_progress", "done"]);
export type TArticleStatus = z.infer<typeof ZArticleStatus>;
export const ZSetArticleStatus = z.object({ articleId: ZId, status: z.enum(["in_progress", "done"]) }).strict();
export type TSetArticleStatus = z.infer<typeof ZSetArticleStatus>;

/** A saved span as use cases return it (server actions, the JSON routes, the article page). */
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
