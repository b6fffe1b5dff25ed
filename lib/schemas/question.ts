import { z } from "zod";
import { ZId, wellFormed } from "./common";
import { MAX_OPTIONS, MAX_QUESTION_OPTION, MAX_QUESTION_PROMPT } from "./limits";

/**
 * Kinds of article-level question (stored in Question.kind):
 * - "choice":  one of `options`, unordered (agreement at the nominal level);
 * - "ordinal": one of `options`, in the given order (ordinal level, options ranked 0, 1, 2, ...);
 * - "frame":   one of the project's framing labels (nominal); the answer stores the label id.
 */
export const QUESTION_KINDS = ["choice", "ordinal", "frame"] as const;
export const ZQuestionKind = z.enum(QUESTION_KINDS, { error: "must be choice, ordinal or frame" });
export type TQuestionKind = z.infer<typeof ZQuestionKind>;

export { MAX_OPTIONS };
const ZOption = wellFormed(MAX_QUESTION_OPTION, "option").pipe(z.string().trim().min(1, "an option must not be empty"));

export const ZCreateQuestion = z
  .object({
    projectId: ZId,
    prompt: wellFormed(MAX_QUESTION_PROMPT, "prompt").pipe(z.string().trim().min(1, "is required")),
    kind: ZQuestionKind,
    /** Choice/ordinal options; ignored for "frame". */
    options: z.array(ZOption).max(MAX_OPTIONS, `at most ${MAX_OPTIONS} options`).default([]),
  })
  .strict()
  .superRefine((q, ctx) => {
    if (q.kind === "frame") return;
    if (q.options.length < 2) ctx.addIssue({ code: "custom", path: ["options"], message: "give at least two options" });
    const seen = new Set<string>();
    for (const o of q.options) {
      if (seen.has(o.toLowerCase()))
        ctx.addIssue({ code: "custom", path: ["options"], message: `option "${o}" appears twice` });
      seen.add(o.toLowerCase());
    }
  });
export type TCreateQuestion = z.infer<typeof ZCreateQuestion>;

export const ZArchiveQuestion = z.object({ id: ZId, archived: z.boolean() }).strict();
export type TArchiveQuestion = z.infer<typeof ZArchiveQuestion>;

/** A reviewer's answer; `value` null clears it. For "frame" questions the value is a label id. */
export const ZAnswerQuestion = z
  .object({
    questionId: ZId,
    articleId: ZId,
    value: wellFormed(MAX_QUESTION_OPTION, "value").pipe(z.string().min(1, "choose an answer")).nullable(),
  })
  .strict();
export type TAnswerQuestion = z.infer<typeof ZAnswerQuestion>;

/** Krippendorff level of measurement used for a question's agreement. */
export function questionLevel(kind: string): "nominal" | "ordinal" {
  return kind === "ordinal" ? "ordinal" : "nominal";
}

/** Options stored as a JSON array; anything else reads as no options. */
export function parseOptions(json: string): string[] {
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
  } catch {
    return [];
  }
}

/** The admin's archive/restore button: a form, so `archived` is "true" or "false". */
export const ZArchiveQuestionForm = z.object({
  id: ZId,
  projectId: ZId,
  archived: z.enum(["true", "false"]).transform((v) => v === "true"),
});

export type ArticleQuestion = {
  id: string;
  prompt: string;
  kind: TQuestionKind;
  /** What the reviewer may answer: the option text itself, or a label id for "frame". */
  choices: { value: string; label: string }[];
  /** The acting reviewer's own answer; other reviewers' answers are never returned (blind). */
  answer: string | null;
};
