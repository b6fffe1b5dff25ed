import { z } from "zod";
import { ZId } from "./common";

/** Articles per page of the study page's per-article progress. */
export const PROGRESS_PAGE_SIZE = 50;
const MAX_PAGE = 1_000_000;

/** ?page= of the study page: a bad or missing value is page 1 (a page link, not a form to correct). */
export const ZProgressPage = z.coerce.number().int().min(1).max(MAX_PAGE).catch(1);

export const ZArticleProgressQuery = z
  .object({ projectId: ZId, page: z.number().int("must be a whole number").min(1, "must be at least 1").max(MAX_PAGE) })
  .strict();
export type TArticleProgressQuery = z.infer<typeof ZArticleProgressQuery>;

export const PROGRESS_CSV_VIEWS = ["annotators", "articles"] as const;

/** GET /api/projects/[projectId]/progress?format=csv&view=annotators|articles */
export const ZProgressCsvQuery = z
  .object({
    projectId: ZId,
    format: z.enum(["csv"], { error: "must be csv" }).default("csv"),
    view: z.enum(PROGRESS_CSV_VIEWS, { error: "must be annotators or articles" }).default("annotators"),
  })
  .strict();
export type TProgressCsvQuery = z.infer<typeof ZProgressCsvQuery>;
