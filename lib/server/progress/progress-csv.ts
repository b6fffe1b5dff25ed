import "server-only";
import { formatDuration } from "@/lib/domain/activity";
import { type CsvValue, csvRow } from "@/lib/domain/dataset/csv";
import type { TProgressCsvQuery } from "@/lib/schemas/progress";
import type { Actor } from "../actor";
import { requireProject } from "../projects/access";
import { articleProgressSlice } from "./article-progress";
import { getProgress } from "./get-progress";

const BATCH = 500;
const iso = (d: Date | null) => (d ? d.toISOString() : "");
const row = (values: CsvValue[]) => csvRow(values, { excelSafe: true });

export const ANNOTATOR_COLUMNS = [
  "user_id",
  "name",
  "email",
  "assigned",
  "not_started",
  "in_progress",
  "done",
  "spans",
  "active_total",
  "active_median",
  "active_total_ms",
  "active_median_ms",
  "last_active",
] as const;

export const ARTICLE_COLUMNS = [
  "article_id",
  "position",
  "title",
  "user_id",
  "name",
  "email",
  "assigned",
  "status",
  "active",
  "active_ms",
  "last_active",
] as const;

/**
 * The study page's progress as CSV (curators and managers): one row per annotator, or one per
 * (article, annotator) read in batches of 500 articles, so a large project streams in bounded memory.
 * Permission is checked before the first row.
 */
export async function progressCsv(actor: Actor, input: TProgressCsvQuery): Promise<AsyncGenerator<string>> {
  const access = await requireProject(actor, input.projectId, "curate");
  if (input.view === "annotators") {
    const progress = await getProgress(actor, input.projectId);
    return (async function* () {
      yield row([...ANNOTATOR_COLUMNS]);
      for (const a of progress.annotators)
        yield row([
          a.userId,
          a.name,
          a.email,
          a.assigned,
          a.notStarted,
          a.inProgress,
          a.done,
          a.spans,
          formatDuration(a.activeMs),
          a.medianActiveMs === null ? "" : formatDuration(a.medianActiveMs),
          a.activeMs,
          a.medianActiveMs === null ? "" : Math.round(a.medianActiveMs),
          iso(a.lastActive),
        ]);
    })();
  }
  return (async function* () {
    yield row([...ARTICLE_COLUMNS]);
    for (let skip = 0; ; skip += BATCH) {
      const slice = await articleProgressSlice(input.projectId, access.mode, skip, BATCH);
      let chunk = "";
      for (const article of slice)
        for (const a of article.annotators)
          chunk += row([
            article.id,
            article.position,
            article.title,
            a.userId,
            a.name,
            a.email,
            a.assigned,
            a.status,
            formatDuration(a.activeMs),
            a.activeMs,
            iso(a.lastActiveAt),
          ]);
      if (chunk) yield chunk;
      if (slice.length < BATCH) return;
    }
  })();
}
