import { z } from "zod";
import { ZId } from "./common";
import { MAX_ACTIVITY_REPORT_MS } from "./limits";

export { MAX_ACTIVITY_REPORT_MS };

/** One report of active time on an article from the annotator page: whole milliseconds since the last report. */
export const ZActivityReport = z
  .object({
    articleId: ZId,
    ms: z
      .number({ error: "must be a number" })
      .int("must be a whole number of milliseconds")
      .min(1, "must be at least 1")
      .max(MAX_ACTIVITY_REPORT_MS, `must be at most ${MAX_ACTIVITY_REPORT_MS} (10 minutes) per report`),
  })
  .strict();
export type TActivityReport = z.infer<typeof ZActivityReport>;

/** What the server answers: the article's active time so far for the reporting annotator. */
export type ActivityDto = { activeMs: number; lastActiveAt: string };
