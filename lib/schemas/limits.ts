/**
 * Every size limit in one place, shared by forms, server actions, route handlers, imports and the CLI.
 * Each one answers with a field-specific INVALID (422) or 413 error naming the limit; see README "Limits".
 */

/** Article text, in UTF-16 code units after normalisation (zod's string length). */
export const MAX_ARTICLE_CHARS = 500_000;
/** Any code-point offset (bounded so hostile numbers fail fast; above any article length). */
export const MAX_OFFSET = 10_000_000;
/** Spans one reviewer may hold on one article. */
export const MAX_SPANS_PER_ARTICLE = 10_000;
/** A span's quote and note, in UTF-16 code units. */
export const MAX_QUOTE = 20_000;
export const MAX_NOTE = 2_000;

/** Names and texts of the other records (forms, and the JSONL dataset import, which must accept no more). */
export const MAX_ARTICLE_TITLE = 300;
export const MAX_ARTICLE_SOURCE = 200;
export const MAX_ARTICLE_AUTHOR = 200;
export const MAX_URL = 2_000;
export const MAX_PROJECT_NAME = 200;
export const MAX_PROJECT_GUIDELINES = 100_000;
export const MAX_LABEL_GROUP_NAME = 200;
export const MAX_LABEL_NAME = 80;
export const MAX_LABEL_DEFINITION = 300;
export const MAX_LABEL_GUIDELINE = 5_000;
export const MAX_QUESTION_PROMPT = 300;
export const MAX_QUESTION_OPTION = 120;
/** Taxonomy: positions in a group. */
export const MAX_LABEL_INDEX = 10_000;
/** Article-level questions: number of options. */
export const MAX_OPTIONS = 20;
/** Export filters: ids per list; code points of context either side of a quote. */
export const MAX_FILTER_IDS = 10_000;
export const MAX_CONTEXT = 1_000;
/** Adjudication: reviewers a majority threshold may name; compare-page label and rater filters. */
export const MAX_MIN_SUPPORT = 1_000;
export const MAX_COMPARE_LABELS = 500;
export const MAX_COMPARE_RATERS = 200;

/**
 * Per-reviewer quotas (issue "Hardening" item 1), so one account cannot fill the database or the pages
 * built from it: spans in one project, bytes of notes (UTF-8) in one project, spans created per minute.
 * The per-minute figure leaves room for scripts on the JSON API (the span benchmark's saturated
 * reviewers create about 330 a minute each).
 */
export const MAX_SPANS_PER_PROJECT = 20_000;
export const MAX_NOTE_BYTES_PER_PROJECT = 4_000_000;
export const MAX_SPANS_PER_MINUTE = 600;

/** What one compare page shows at most; the rest is a page, filter or link away. */
export const COMPARE_PAGE_CHARS = 3_000;
/** A paragraph longer than this becomes several rows of the compare view. */
export const COMPARE_ROW_CHARS = 800;
/** Lanes drawn per track in one row; further overlapping spans are counted, not drawn. */
export const COMPARE_MAX_LANES = 6;
/** Reviewer tracks drawn at once (choose others with the reviewer filter). */
export const COMPARE_MAX_TRACKS = 12;
/** Candidates and gold spans listed per page of the compare view. */
export const COMPARE_LIST_PAGE = 50;
/** Quotes and notes in the compare view, in code points. */
export const COMPARE_QUOTE_CHARS = 120;
export const COMPARE_NOTE_CHARS = 200;

/** A .txt/.md file uploaded through the admin "Add an article" form. */
export const MAX_UPLOAD_FILE_BYTES = 2_000_000;
/**
 * Server action request bodies (next.config.mjs `serverActions.bodySizeLimit`): room for the largest
 * upload plus the other form fields. Next refuses bigger bodies before the action runs.
 */
export const MAX_ACTION_BODY_BYTES = 3 * 1024 * 1024;
/**
 * JSON route bodies (lib/server/api-route.ts), refused with 413 before parsing: the largest valid body
 * is a span with a 20,000-character quote and a 2,000-character note.
 */
export const MAX_ROUTE_BODY_BYTES = 256 * 1024;
/** better-auth's own endpoints take tiny JSON bodies. */
export const MAX_AUTH_BODY_BYTES = 16 * 1024;

/** A whole-file import (articles .txt/.md/.csv/.jsonl, Label Studio JSON, doccano JSONL), read into memory. */
export const MAX_IMPORT_FILE_BYTES = 64 * 1024 * 1024;
/** One line of a streamed JSONL dataset import (the file itself is streamed, so its size is unbounded). */
export const MAX_IMPORT_LINE_CHARS = 16 * 1024 * 1024;

/** The message for a string over its limit: the same text in the browser's check and the server's. */
export function tooLongMessage(label: string, max: number): string {
  return `${label} must be at most ${max} characters`;
}

/** The message for an uploaded file over MAX_UPLOAD_FILE_BYTES (browser and server alike). */
export function uploadTooBigMessage(): string {
  return `must be at most ${formatBytes(MAX_UPLOAD_FILE_BYTES)}`;
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024 && n % (1024 * 1024) === 0) return `${n / (1024 * 1024)} MiB`;
  if (n >= 1_000_000 && n % 1_000_000 === 0) return `${n / 1_000_000} MB`;
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024} KiB`;
  return `${n} bytes`;
}

/** Study design: annotators per article in overlap/pull mode, and a pull reservation's length. */
export const MAX_OVERLAP_K = 50;
export const MAX_RESERVATION_MINUTES = 7 * 24 * 60;
/** Rows of one manual assignment CSV. */
export const MAX_ASSIGNMENT_ROWS = 1_000_000;
/** Accounts: display name (after NFC and trimming), email, password, better-auth's image URL. */
export const MAX_NAME_CHARS = 100;
export const MAX_EMAIL_CHARS = 254;
export const MIN_PASSWORD_CHARS = 10;
export const MAX_PASSWORD_CHARS = 256;
export const MAX_IMAGE_URL_CHARS = 2048;
/** Active time: the most one report may add (the annotator page flushes every 30 s), and one article's total. */
export const MAX_ACTIVITY_REPORT_MS = 10 * 60 * 1000;
export const MAX_ACTIVE_MS = 2_000_000_000;
