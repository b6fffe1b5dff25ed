import { z } from "zod";
import type { AnnotationDto, TArticleStatus } from "./annotation";
import { ZId, wellFormed } from "./common";
import { MAX_ARTICLE_AUTHOR, MAX_ARTICLE_CHARS, MAX_ARTICLE_SOURCE, MAX_ARTICLE_TITLE, MAX_URL } from "./limits";

export { MAX_ARTICLE_CHARS };

const optionalText = (max: number, label: string) =>
  wellFormed(max, label)
    .transform((s) => s.trim())
    .transform((s) => (s === "" ? null : s))
    .nullable()
    .optional();

export const ZCreateArticle = z
  .object({
    projectId: ZId,
    title: wellFormed(MAX_ARTICLE_TITLE, "title").pipe(z.string().trim().min(1, "is required")),
    text: wellFormed(MAX_ARTICLE_CHARS, "text").refine((s) => s.trim().length > 0, "must not be empty"),
    source: optionalText(MAX_ARTICLE_SOURCE, "source"),
    // http(s) only: a javascript: or data: URL would become a script link wherever the URL is shown.
    url: z
      .union([z.literal(""), z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).max(MAX_URL)])
      .optional()
      .transform((s) => (s ? s : null)),
    author: optionalText(MAX_ARTICLE_AUTHOR, "author"),
    publishedAt: z
      .union([z.literal(""), z.iso.date("must be a date like 2025-03-09"), z.iso.datetime()])
      .optional()
      .transform((s) => (s ? new Date(s) : null)),
  })
  .strict();
export type TCreateArticle = z.output<typeof ZCreateArticle>;

const articleFields = ZCreateArticle.shape;

/** Metadata can change at any time; `text` only while nobody has annotated the article (checked in the use case). */
export const ZUpdateArticle = z
  .object({
    id: ZId,
    title: articleFields.title,
    source: articleFields.source,
    url: articleFields.url,
    author: articleFields.author,
    publishedAt: articleFields.publishedAt,
    text: articleFields.text.optional(),
  })
  .strict();
/** Parsed at the boundary (runAction); the use case takes the output. */
export type TUpdateArticle = z.output<typeof ZUpdateArticle>;

export const ZDeleteArticle = z.object({ id: ZId }).strict();
export type TDeleteArticle = z.output<typeof ZDeleteArticle>;

export const ZMoveArticle = z.object({ id: ZId, direction: z.enum(["up", "down"]) }).strict();
export type TMoveArticle = z.output<typeof ZMoveArticle>;

export type WorkspaceLabel = {
  id: string;
  name: string;
  definition: string;
  guideline: string;
  colour: string;
  hotkey: string | null;
  archived: boolean;
  group: string;
};

/** A span as the workbench needs it: its quote is sliced from the text, its times are not shown. */
export type WorkspaceSpan = Pick<AnnotationDto, "id" | "labelId" | "start" | "end" | "note" | "version">;

export type AnnotationWorkspace = {
  article: {
    id: string;
    title: string;
    source: string;
    url: string | null;
    author: string | null;
    publishedAt: Date | null;
    text: string;
    projectId: string;
  };
  project: { id: string; name: string; locked: boolean; guidelines: string };
  labels: WorkspaceLabel[];
  /** Only the acting user's own spans: blind annotation is enforced here, not in the UI. */
  annotations: WorkspaceSpan[];
  status: TArticleStatus;
  neighbours: { previousId: string | null; nextId: string | null };
  /** Whether the comparison with the other reviewers is open to this actor (never while blind). */
  mayCompare: boolean;
  /** Why the actor's spans here are read-only although the project is not locked (frozen after the reveal), or null. */
  frozen: string | null;
};
