import "server-only";
import type { TDatasetFilters, TExportFormat, TExportOptions } from "@/lib/schemas/dataset";
import type { Actor } from "../actor";
import { exportArticlesCsv } from "./export-articles-csv";
import { exportBio } from "./export-bio";
import { exportGoldCsv } from "./export-gold-csv";
import { exportJsonl } from "./export-jsonl";
import { exportSoftLabels } from "./export-soft-labels";
import { exportSpansCsv } from "./export-spans-csv";

export type ExportFile = { contentType: string; extension: string };

/** Content type and file extension of each export format (bio depends on bioFormat). */
export function exportFile(format: TExportFormat, options: Partial<TExportOptions> = {}): ExportFile {
  switch (format) {
    case "jsonl":
      return { contentType: "application/x-ndjson; charset=utf-8", extension: "jsonl" };
    case "soft-labels-jsonl":
      return { contentType: "application/x-ndjson; charset=utf-8", extension: "soft-labels.jsonl" };
    case "soft-labels-csv":
      return { contentType: "text/csv; charset=utf-8", extension: "soft-labels.csv" };
    case "bio":
      return options.bioFormat === "csv"
        ? { contentType: "text/csv; charset=utf-8", extension: "bio.csv" }
        : { contentType: "text/plain; charset=utf-8", extension: "conll" };
    default:
      return { contentType: "text/csv; charset=utf-8", extension: "csv" };
  }
}

/** The one entry point the route and the CLI share. */
export function runExport(
  actor: Actor,
  format: TExportFormat,
  filters: TDatasetFilters,
  options: Partial<TExportOptions>,
): AsyncGenerator<string> {
  switch (format) {
    case "spans-csv":
      return exportSpansCsv(actor, filters, options);
    case "gold-csv":
      return exportGoldCsv(actor, filters, options);
    case "articles-csv":
      return exportArticlesCsv(actor, filters, options);
    case "bio":
      return exportBio(actor, filters, options);
    case "jsonl":
      return exportJsonl(actor, filters, options);
    case "soft-labels-csv":
      return exportSoftLabels(actor, filters, options, "csv");
    case "soft-labels-jsonl":
      return exportSoftLabels(actor, filters, options, "jsonl");
  }
}

/**
 * Starts an export and waits for its first chunk, so permission and validation errors surface
 * (as AppError) before a caller commits to a response or an output file.
 */
export async function startExport(
  actor: Actor,
  format: TExportFormat,
  filters: TDatasetFilters,
  options: Partial<TExportOptions>,
): Promise<AsyncGenerator<string>> {
  const gen = runExport(actor, format, filters, options);
  const first = await gen.next();
  async function* rest(): AsyncGenerator<string> {
    try {
      if (!first.done) yield first.value;
      yield* gen;
    } finally {
      await gen.return(undefined);
    }
  }
  return rest();
}
