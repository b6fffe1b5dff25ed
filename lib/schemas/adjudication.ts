import { z } from "zod";
import type { CandidateStatus, Decision } from "@/lib/domain/adjudication";
import { MAX_COMPARE_LABELS, MAX_COMPARE_RATERS, MAX_MIN_SUPPORT, MAX_NOTE, MAX_QUOTE } from "./limits";
import { ZId, ZOffset, wellFormed } from "./common";

/** A candidate is named by its identity on the article; the server finds the spans behind it. */
export const ZCandidateRef = z
  .object({ articleId: ZId, labelId: ZId, start: ZOffset, end: ZOffset })
  .strict()
  .refine((v) => v.end > v.start, { message: "must be greater than start", path: ["end"] });
export type TCandidateRef = z.infer<typeof ZCandidateRef>;

export const ZAcceptMajority = z
  .object({
    articleId: ZId,
    /** Accept every open candidate marked by at least this many reviewers. */
    minSupport: z
      .number({ error: "must be a number" })
      .int("must be a whole number")
      .min(1, "must be at least 1")
      .max(MAX_MIN_SUPPORT, "is more reviewers than allowed"),
  })
  .strict();
export type TAcceptMajority = z.infer<typeof ZAcceptMajority>;

/**
 * Changes a gold span. Moving it needs start, end and the quote together: the quote must equal the
 * stored text at [start, end), the same check as for reviewers' spans.
 */
export const ZEditGoldSpan = z
  .object({
    id: ZId,
    labelId: ZId.optional(),
    start: ZOffset.optional(),
    end: ZOffset.optional(),
    quote: wellFormed(MAX_QUOTE, "quote").optional(),
    note: wellFormed(MAX_NOTE, "note").optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    const moving = v.start !== undefined || v.end !== undefined || v.quote !== undefined;
    if (moving) {
      for (const f of ["start", "end", "quote"] as const) {
        if (v[f] === undefined)
          ctx.addIssue({
            code: "custom",
            path: [f],
            message: "is required when moving a span (give start, end and quote)",
          });
      }
    } else if (v.labelId === undefined && v.note === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["labelId"],
        message: "nothing to change: give labelId, note or start/end/quote",
      });
    }
  });
export type TEditGoldSpan = z.infer<typeof ZEditGoldSpan>;

/**
 * A gold span the adjudicator draws on the text. The quote must equal the stored text at
 * [start, end), as for reviewers' spans; reviewers' spans on exactly this text become its provenance.
 */
export const ZDrawGoldSpan = z
  .object({
    articleId: ZId,
    labelId: ZId,
    start: ZOffset,
    end: ZOffset,
    quote: wellFormed(MAX_QUOTE, "quote"),
    note: wellFormed(MAX_NOTE, "note").optional(),
  })
  .strict()
  .refine((v) => v.end > v.start, { message: "must be greater than start", path: ["end"] });
export type TDrawGoldSpan = z.infer<typeof ZDrawGoldSpan>;

export const ZGoldSpanId = z.object({ id: ZId }).strict();
export type TGoldSpanId = z.infer<typeof ZGoldSpanId>;

export const ZSetAdjudicated = z.object({ articleId: ZId, adjudicated: z.boolean() }).strict();
export type TSetAdjudicated = z.infer<typeof ZSetAdjudicated>;

export const ZCompareSettings = z
  .object({ projectId: ZId, revealed: z.boolean().optional(), reviewersMayCompare: z.boolean().optional() })
  .strict()
  .refine((v) => v.revealed !== undefined || v.reviewersMayCompare !== undefined, {
    message: "nothing to change: give revealed or reviewersMayCompare",
    path: ["revealed"],
  });
export type TCompareSettings = z.infer<typeof ZCompareSettings>;

/** Display filters and paging of the compare page (search params); empty means all. */
export const ZCompareFilters = z.object({
  labels: z.array(ZId).max(MAX_COMPARE_LABELS).default([]),
  raters: z.array(z.string().min(1).max(64)).max(MAX_COMPARE_RATERS).default([]),
  /** 1-based page of the text; past the last page shows the last. */
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  /** First candidate (0-based) listed among those on the page. */
  from: z.coerce.number().int().min(0).max(10_000_000).default(0),
});
export type TCompareFilters = z.infer<typeof ZCompareFilters>;

/** One bar of the compare view (a reviewer span or a gold span), as the client receives it. */
export type CompareBar = {
  id: string;
  gold: boolean;
  who: string;
  labelId: string;
  start: number;
  end: number;
  quote: string;
  note: string;
  status: CandidateStatus | null;
  decision: Decision | null;
  support: number;
  of: number;
  /** Anchor of its candidate in the list (or of the gold span). */
  anchor: string | null;
  /** A reviewer's span made or changed after the comparison was open to its reviewer. */
  late: boolean;
  /** A gold span the adjudicator changed by hand after accepting or drawing it. */
  edited: boolean;
};
