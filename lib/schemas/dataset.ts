import { z } from "zod";
import { ZArticleStatus } from "./annotation";
import { ZId } from "./common";
import { MAX_CONTEXT, MAX_FILTER_IDS } from "./limits";

export const EXPORT_FORMATS = [
  "spans-csv",
  "gold-csv",
  "articles-csv",
  "bio",
  "jsonl",
  "soft-labels-csv",
  "soft-labels-jsonl",
] as const;
export const ZExportFormat = z.enum(EXPORT_FORMATS);
export type TExportFormat = z.infer<typeof ZExportFormat>;

const ZIdList = z.array(ZId).max(MAX_FILTER_IDS, `at most ${MAX_FILTER_IDS.toLocaleString("en")} ids`);

/** A date ("2025-03-09", the start of that UTC day) or an ISO date-time with a zone. */
const ZDateBound = z.union([z.iso.date("must be a date like 2025-03-09"), z.iso.datetime({ offset: true })]);

const DAY = 24 * 60 * 60 * 1000;

function fromBeforeTo(f: { from?: Date; to?: Date }): boolean {
  return !f.from || !f.to || f.from < f.to;
}

/**
 * What to export. Every filter narrows; absent means "all".
 * `from` is inclusive; `to` is exclusive for a date-time and inclusive for a bare date
 * (to=2025-03-09 keeps everything created on 9 March, UTC). Dates filter spans by createdAt.
 * `status` keeps spans of (article, reviewer) pairs whose status is that value ("not_started" = no status yet).
 */
export const ZDatasetFilters = z
  .object({
    projectId: ZId.optional(),
    labelIds: ZIdList.optional(),
    reviewerIds: ZIdList.optional(),
    articleIds: ZIdList.optional(),
    status: ZArticleStatus.optional(),
    from: ZDateBound.transform((v) => new Date(v)).optional(),
    to: ZDateBound.transform((v) => (v.length === 10 ? new Date(new Date(v).getTime() + DAY) : new Date(v))).optional(),
  })
  .strict()
  .refine(fromBeforeTo, { message: "must be after from", path: ["to"] });
export type TDatasetFilters = z.output<typeof ZDatasetFilters>;
export type TDatasetFiltersInput = z.input<typeof ZDatasetFilters>;

export const ZSpanLayerChoice = z.enum(["annotation", "gold", "both"]);
export type TSpanLayerChoice = z.infer<typeof ZSpanLayerChoice>;

export const ZExportOptions = z
  .object({
    /** Replace reviewer ids by R1, R2, … (stable: reviewers of the project in creation order) and drop names. */
    pseudonymise: z.boolean().default(false),
    /** Neutralise spreadsheet formulas (a leading ' on = + - @ cells); not byte-exact. */
    excelSafe: z.boolean().default(false),
    /** Start the file with a UTF-8 byte order mark (Excel). */
    bom: z.boolean().default(false),
    /** spans-csv and bio: which layer. */
    layer: ZSpanLayerChoice.default("annotation"),
    /** bio: CoNLL text or a token-per-row CSV. */
    bioFormat: z.enum(["conll", "csv"]).default("conll"),
    /** Code points of context on each side of a quote. */
    contextLength: z.number().int().min(0).max(MAX_CONTEXT).default(60),
  })
  .strict();
export type TExportOptions = z.output<typeof ZExportOptions>;

const EXPORT_DEFAULTS: TExportOptions = ZExportOptions.parse({});

/** Typed options as use cases take them: what is given, the schema's defaults for the rest (nothing re-parsed). */
export function exportOptions(chosen: Partial<TExportOptions> = {}): TExportOptions {
  const given = Object.fromEntries(Object.entries(chosen).filter(([, v]) => v !== undefined));
  return { ...EXPORT_DEFAULTS, ...given };
}

/**
 * The export route's query string and the CLI's flags (after `exportQueryObject`: lists split, flags as
 * strings), parsed once into filters + options.
 */
export const ZExportRequest = z
  .object({
    ...ZDatasetFilters.shape,
    pseudonymise: z.stringbool().optional(),
    excel: z.stringbool().optional(),
    bom: z.stringbool().optional(),
    layer: ZSpanLayerChoice.optional(),
    bioFormat: z.enum(["conll", "csv"]).optional(),
    context: z.coerce.number().int().min(0).max(MAX_CONTEXT).optional(),
  })
  .strict()
  .refine(fromBeforeTo, { message: "must be after from", path: ["to"] })
  .transform(({ pseudonymise, excel, bom, layer, bioFormat, context, ...filters }) => ({
    filters: filters satisfies TDatasetFilters,
    options: exportOptions({ pseudonymise, excelSafe: excel, bom, layer, bioFormat, contextLength: context }),
  }));
export type TExportRequest = z.output<typeof ZExportRequest>;

const LIST_PARAMS = new Set(["labelIds", "reviewerIds", "articleIds"]);

/** URLSearchParams -> plain object: lists may repeat or be comma-separated; empty values are dropped. */
export function exportQueryObject(params: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [key, raw] of params) {
    const value = raw.trim();
    if (value === "") continue;
    if (LIST_PARAMS.has(key)) {
      const prev = out[key];
      const items = value
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean);
      out[key] = [...(Array.isArray(prev) ? prev : []), ...items];
    } else out[key] = value;
  }
  return out;
}

/**
 * What the admin export form asks before downloading: the format, the filters and the layer, to count
 * what the export will hold and to report bad filters (unknown ids, "from" after "to") field by field.
 * Takes the same query object as ZExportRequest (`exportQueryObject`); the file options are ignored.
 */
export const ZExportPreview = z
  .object({
    format: ZExportFormat,
    ...ZDatasetFilters.shape,
    layer: ZSpanLayerChoice.optional(),
  })
  .strict()
  .refine(fromBeforeTo, { message: "must be after from", path: ["to"] });
export type TExportPreview = z.output<typeof ZExportPreview>;

/** What an export with these filters will hold: `rows` of the file for the CSV formats of spans, else null. */
export type ExportPreview = { rows: number | null; spans: number; gold: number; articles: number };
