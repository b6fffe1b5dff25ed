import "server-only";
import { z } from "zod";
import { ZDisplayName } from "@/lib/schemas/user";
import { isNormalisedText } from "@/lib/domain/offsets";
import { COLOUR_PATTERN } from "@/lib/domain/taxonomy/rules";
import { ZArticleStatus } from "@/lib/schemas/annotation";
import { ZId, ZOffset, wellFormed } from "@/lib/schemas/common";
import { ZAssignmentMode, ZProjectRole, ZRoundName } from "@/lib/schemas/project";
import {
  MAX_ARTICLE_AUTHOR,
  MAX_ARTICLE_CHARS,
  MAX_ARTICLE_SOURCE,
  MAX_ARTICLE_TITLE,
  MAX_ASSIGNMENT_ROWS,
  MAX_LABEL_DEFINITION,
  MAX_LABEL_GROUP_NAME,
  MAX_LABEL_GUIDELINE,
  MAX_LABEL_NAME,
  MAX_NOTE,
  MAX_LABEL_INDEX,
  MAX_OFFSET,
  MAX_OVERLAP_K,
  MAX_PROJECT_GUIDELINES,
  MAX_PROJECT_NAME,
  MAX_QUESTION_OPTION,
  MAX_QUESTION_PROMPT,
  MAX_QUOTE,
  MAX_RESERVATION_MINUTES,
  MAX_URL,
} from "@/lib/schemas/limits";

/**
 * The lossless dataset format: one JSON object per line, each with a "type". Line 1 is the header;
 * then projects, label groups, labels, questions, codebook versions, rounds, users, members,
 * qualifications, articles, assignments, annotations, statuses, answers, gold spans and rejections, parents always before children.
 * Dates are ISO 8601 UTC strings; offsets are code points of the article text (which is stored,
 * normalised, in the article record). Version 2 added the study design (members, codebook versions,
 * rounds, qualifications, assignments, the project's assignment settings and each span's codebook
 * version); version 1 files still import.
 */
export const DATASET_FORMAT = "framewise-dataset";
export const DATASET_VERSION = 2;
export const DATASET_VERSIONS = [1, 2] as const;

const ZDate = z.iso.datetime({ offset: true, error: "must be an ISO 8601 date-time" });
const ZNullableDate = ZDate.nullable();
/**
 * User ids follow the id format like every other id: the agreement loader and the exports rely on ids
 * never holding separators (an id like "evil,<labelId>,0,99;x" once corrupted the agreement figures).
 */
const ZUserId = ZId;
const str = (max: number, label: string) => wellFormed(max, label);
/** A whole number in [min, max], never coerced from a string (the forms' schemas coerce; a file must not). */
const int = (min: number, max: number) =>
  z
    .number({ error: "must be a number" })
    .int("must be a whole number")
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`);

/** `schema`'s rule, stored exactly: a value it would rewrite (trim, normalise) is refused. */
function exact<T>(schema: z.ZodType<T, string>, rewritten: string) {
  return z.string().superRefine((v, ctx) => {
    const r = schema.safeParse(v);
    if (!r.success) ctx.addIssue({ code: "custom", message: r.error.issues[0]?.message ?? "is not valid" });
    else if (r.data !== v) ctx.addIssue({ code: "custom", message: rewritten });
  });
}

export const ZHeaderRecord = z.object({
  type: z.literal("header"),
  format: z.literal(DATASET_FORMAT),
  version: z.literal(DATASET_VERSIONS, { error: `only versions ${DATASET_VERSIONS.join(" and ")} are supported` }),
  exportedAt: ZDate,
  pseudonymised: z.boolean().default(false),
  filters: z.record(z.string(), z.unknown()).default({}),
});

export const ZProjectRecord = z.object({
  type: z.literal("project"),
  id: ZId,
  name: str(MAX_PROJECT_NAME, "name").pipe(z.string().min(1, "is required")),
  guidelines: str(MAX_PROJECT_GUIDELINES, "guidelines"),
  locked: z.boolean(),
  blind: z.boolean(),
  revealed: z.boolean(),
  reviewersMayCompare: z.boolean(),
  // The study settings (version 2); a version 1 project gets the defaults its migration gave.
  assignmentMode: ZAssignmentMode.default("everyone"),
  overlapK: int(1, MAX_OVERLAP_K).default(2),
  assignmentSeed: int(0, 2 ** 31 - 1).default(0),
  reservationMinutes: int(1, MAX_RESERVATION_MINUTES).default(60),
  anonymiseCurators: z.boolean().default(false),
  // Disagreement routing: below routeBelow (null: off) on routeMetric an article gets one more annotator, up to routeMax.
  routeMetric: z.enum(["alpha", "f1"], { error: "must be alpha or f1" }).default("alpha"),
  routeBelow: z
    .number({ error: "must be a number" })
    .min(0, "must be at least 0")
    .max(1, "must be at most 1")
    .nullable()
    .default(null),
  routeMax: int(1, MAX_OVERLAP_K).default(3),
  createdAt: ZDate,
  updatedAt: ZDate,
});

export const ZLabelGroupRecord = z.object({
  type: z.literal("label_group"),
  id: ZId,
  projectId: ZId,
  name: str(MAX_LABEL_GROUP_NAME, "name").pipe(z.string().min(1)),
  order: z.number().int(),
});

export const ZLabelRecord = z.object({
  type: z.literal("label"),
  id: ZId,
  projectId: ZId,
  groupId: ZId,
  name: str(MAX_LABEL_NAME, "name").pipe(z.string().min(1)),
  definition: str(MAX_LABEL_DEFINITION, "definition"),
  guideline: str(MAX_LABEL_GUIDELINE, "guideline"),
  colour: z.string().regex(COLOUR_PATTERN, "must be a hex colour like #1f77b4"),
  hotkey: z.string().max(8).nullable(),
  order: z.number().int(),
  archivedAt: ZNullableDate,
  createdAt: ZDate,
  updatedAt: ZDate,
});

export const ZQuestionRecord = z.object({
  type: z.literal("question"),
  id: ZId,
  projectId: ZId,
  prompt: str(MAX_QUESTION_PROMPT, "prompt"),
  kind: z.string().min(1).max(32),
  options: z.array(str(MAX_QUESTION_OPTION, "option")),
  order: z.number().int(),
  archivedAt: ZNullableDate,
  createdAt: ZDate,
});

export const ZUserRecord = z.object({
  type: z.literal("user"),
  id: ZUserId,
  // The one display-name rule (lib/schemas/user.ts), stored exactly: a name it would rewrite is refused.
  name: exact(ZDisplayName, "must be trimmed and NFC-normalised"),
  email: z.string().trim().toLowerCase().max(254).pipe(z.email("is not a valid email address")),
  role: z.enum(["admin", "reviewer"]),
  createdAt: ZDate,
});

const MAX_CODEBOOK_VERSION = 1_000_000;
const ZCodebookVersionNumber = int(1, MAX_CODEBOOK_VERSION);

/** One label as a codebook version froze it (lib/server/rounds/codebook.ts), in that key order. */
const ZCodebookLabel = z.object({
  group: str(MAX_LABEL_GROUP_NAME, "group"),
  name: str(MAX_LABEL_NAME, "name"),
  definition: str(MAX_LABEL_DEFINITION, "definition"),
  guideline: str(MAX_LABEL_GUIDELINE, "guideline"),
  archived: z.boolean(),
});

/** A snapshot of the project's guidelines and taxonomy; rounds start under one. */
export const ZCodebookVersionRecord = z.object({
  type: z.literal("codebook_version"),
  id: ZId,
  projectId: ZId,
  version: ZCodebookVersionNumber,
  guidelines: str(MAX_PROJECT_GUIDELINES, "guidelines"),
  taxonomy: z.array(ZCodebookLabel).max(MAX_LABEL_INDEX, `at most ${MAX_LABEL_INDEX} labels`),
  createdAt: ZDate,
});

export const ZRoundRecord = z
  .object({
    type: z.literal("round"),
    id: ZId,
    projectId: ZId,
    name: exact(ZRoundName, "must be trimmed"),
    position: int(0, 1_000_000),
    training: z.boolean(),
    /** A training round's gate: micro F1 against gold at least this qualifies (null: no gate). */
    qualifyF1: z
      .number({ error: "must be a number" })
      .min(0, "must be at least 0")
      .max(1, "must be at most 1")
      .nullable()
      .default(null),
    codebookVersionId: ZId,
    createdAt: ZDate,
  })
  .refine((r) => r.training || r.qualifyF1 === null, {
    path: ["qualifyF1"],
    message: "only a training round (with gold) can qualify annotators",
  });

/** A user's role in a project (the user's email is on their user record). */
export const ZMemberRecord = z.object({
  type: z.literal("member"),
  projectId: ZId,
  userId: ZUserId,
  role: ZProjectRole,
  createdAt: ZDate,
});

/** A manager's decision on an annotator's qualification in a training round, whatever their F1. */
export const ZQualificationRecord = z.object({
  type: z.literal("qualification"),
  roundId: ZId,
  userId: ZUserId,
  qualified: z.boolean(),
  decidedById: ZUserId,
  createdAt: ZDate,
});

export const ZArticleRecord = z.object({
  type: z.literal("article"),
  id: ZId,
  projectId: ZId,
  title: str(MAX_ARTICLE_TITLE, "title").pipe(z.string().min(1, "is required")),
  source: str(MAX_ARTICLE_SOURCE, "source"),
  url: z
    .url({ protocol: /^https?$/, error: "must be an http(s) URL" })
    .max(MAX_URL)
    .nullable(),
  author: str(MAX_ARTICLE_AUTHOR, "author").nullable(),
  publishedAt: ZNullableDate,
  text: str(MAX_ARTICLE_CHARS, "text"),
  textHash: z.string().optional(),
  length: z.number().int().optional(),
  position: z.number().int(),
  createdAt: ZDate,
  updatedAt: ZDate,
  adjudicatedAt: ZNullableDate,
  adjudicatedById: ZUserId.nullable(),
});

const ZOffsetValue = ZOffset;

/** Who labels which article in which round; a pull reservation holds until reservedUntil. */
export const ZAssignmentRecord = z
  .object({
    type: z.literal("assignment"),
    id: ZId,
    roundId: ZId,
    articleId: ZId,
    userId: ZUserId,
    slot: int(0, MAX_ASSIGNMENT_ROWS),
    status: z.enum(["assigned", "reserved"], { error: "must be assigned or reserved" }),
    reservedUntil: ZNullableDate,
    /** Given by disagreement routing (one more annotator for a low-agreement article). */
    routed: z.boolean().default(false),
    createdAt: ZDate,
  })
  .refine((a) => a.status !== "reserved" || a.reservedUntil !== null, {
    path: ["reservedUntil"],
    message: "is required for a reserved assignment",
  });

export const ZAnnotationRecord = z.object({
  type: z.literal("annotation"),
  id: ZId,
  articleId: ZId,
  userId: ZUserId,
  labelId: ZId,
  start: ZOffsetValue,
  end: ZOffsetValue,
  quote: str(MAX_QUOTE, "quote"),
  note: str(MAX_NOTE, "note"),
  version: z.number().int().min(1),
  /** The codebook version the span was made under (null: before versions existed; version 1 files). */
  codebookVersion: ZCodebookVersionNumber.nullable().default(null),
  createdAt: ZDate,
  updatedAt: ZDate,
});

export const ZStatusRecord = z.object({
  type: z.literal("status"),
  articleId: ZId,
  userId: ZUserId,
  status: ZArticleStatus,
  updatedAt: ZDate,
});

export const ZAnswerRecord = z.object({
  type: z.literal("answer"),
  id: ZId,
  questionId: ZId,
  articleId: ZId,
  userId: ZUserId,
  value: str(MAX_QUESTION_OPTION, "value"),
  updatedAt: ZDate,
});

export const ZGoldSpanRecord = z.object({
  type: z.literal("gold_span"),
  id: ZId,
  articleId: ZId,
  labelId: ZId,
  start: ZOffsetValue,
  end: ZOffsetValue,
  quote: str(MAX_QUOTE, "quote"),
  note: str(MAX_NOTE, "note"),
  sourceAnnotationIds: z.array(ZId),
  sourceUserIds: z.array(ZUserId),
  decidedById: ZUserId,
  /** When the adjudicator changed it by hand; absent in files written before it was recorded. */
  editedAt: ZDate.nullable().optional(),
  createdAt: ZDate,
  updatedAt: ZDate,
});

/** An adjudicator's "not gold" decision on a candidate (label + offsets) of an article. */
export const ZRejectionRecord = z.object({
  type: z.literal("rejection"),
  id: ZId,
  articleId: ZId,
  labelId: ZId,
  start: ZOffsetValue,
  end: ZOffsetValue,
  decidedById: ZUserId,
  createdAt: ZDate,
});

export const ZDatasetRecord = z.discriminatedUnion("type", [
  ZHeaderRecord,
  ZProjectRecord,
  ZLabelGroupRecord,
  ZLabelRecord,
  ZQuestionRecord,
  ZCodebookVersionRecord,
  ZRoundRecord,
  ZUserRecord,
  ZMemberRecord,
  ZQualificationRecord,
  ZArticleRecord,
  ZAssignmentRecord,
  ZAnnotationRecord,
  ZStatusRecord,
  ZAnswerRecord,
  ZGoldSpanRecord,
  ZRejectionRecord,
]);
export type TDatasetRecord = z.infer<typeof ZDatasetRecord>;
export type RecordOf<T extends TDatasetRecord["type"]> = Extract<TDatasetRecord, { type: T }>;
export type RecordInput<T extends TDatasetRecord["type"]> = Extract<z.input<typeof ZDatasetRecord>, { type: T }>;

export const RECORD_TYPES = [
  "header",
  "project",
  "label_group",
  "label",
  "question",
  "codebook_version",
  "round",
  "user",
  "member",
  "qualification",
  "article",
  "assignment",
  "annotation",
  "status",
  "answer",
  "gold_span",
  "rejection",
] as const;

/** What the import checks of an article's text beyond its schema (shared with the export, which must agree). */
export function articleTextProblem(text: string): { field: "text"; message: string } | null {
  if (text.trim() === "") return { field: "text", message: "must not be empty" };
  if (!isNormalisedText(text)) {
    return {
      field: "text",
      message: "is not in stored form (NFC with \\n line ends), so its offsets cannot be trusted",
    };
  }
  return null;
}

const ID = /^[A-Za-z0-9_-]+$/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** zod's own ISO date-time pattern (offset allowed), so the fast path accepts exactly what ZDate accepts. */
const DATE_PATTERN: RegExp | undefined =
  (ZDate as unknown as { _zod?: { pattern?: unknown } })._zod?.pattern instanceof RegExp
    ? (ZDate as unknown as { _zod: { pattern: RegExp } })._zod.pattern
    : undefined;

const isId = (v: unknown): v is string => typeof v === "string" && v.length >= 1 && v.length <= 64 && ID.test(v);
const isText = (v: unknown, max: number): v is string =>
  typeof v === "string" && v.length <= max && !v.includes("\u0000") && !LONE_SURROGATE.test(v);
const isOffset = (v: unknown): v is number =>
  typeof v === "number" && Number.isSafeInteger(v) && v >= 0 && v <= MAX_OFFSET;
const isDate = (v: unknown): v is string => typeof v === "string" && DATE_PATTERN !== undefined && DATE_PATTERN.test(v);

/**
 * ZAnnotationRecord's checks written out, for the import's hot loop (one annotation per line, millions of
 * lines): the record it returns is what ZAnnotationRecord would return, and anything it is not sure of
 * (any failed check) returns undefined so that zod parses it and words the error. Never accepts more than zod.
 */
export function fastAnnotationRecord(value: unknown): RecordOf<"annotation"> | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  const v = value as Record<string, unknown>;
  if (v.type !== "annotation") return undefined;
  const { id, articleId, userId, labelId, start, end, quote, note, version, createdAt, updatedAt } = v;
  const codebookVersion = v.codebookVersion ?? null;
  if (
    codebookVersion !== null &&
    !(
      typeof codebookVersion === "number" &&
      Number.isSafeInteger(codebookVersion) &&
      codebookVersion >= 1 &&
      codebookVersion <= MAX_CODEBOOK_VERSION
    )
  )
    return undefined;
  if (!isId(id) || !isId(articleId) || !isId(labelId) || !isId(userId)) return undefined;
  if (!isOffset(start) || !isOffset(end)) return undefined;
  if (!isText(quote, MAX_QUOTE) || !isText(note, MAX_NOTE)) return undefined;
  if (typeof version !== "number" || !Number.isSafeInteger(version) || version < 1) return undefined;
  if (!isDate(createdAt) || !isDate(updatedAt)) return undefined;
  return {
    type: "annotation",
    id,
    articleId,
    userId,
    labelId,
    start,
    end,
    quote,
    note,
    version,
    codebookVersion,
    createdAt,
    updatedAt,
  };
}

/** ZDatasetRecord.safeParse, with annotations (the bulk of a dataset) checked by fastAnnotationRecord first. */
export function parseDatasetRecord(value: unknown): ReturnType<typeof ZDatasetRecord.safeParse> {
  const fast = fastAnnotationRecord(value);
  if (fast) return { success: true, data: fast } as ReturnType<typeof ZDatasetRecord.safeParse>;
  return ZDatasetRecord.safeParse(value);
}
