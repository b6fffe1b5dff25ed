import type { ActionResult } from "@/lib/schemas/result";

export type FormAction = (prev: ActionResult<unknown> | null, form: FormData) => Promise<ActionResult<unknown> | null>;

/** The admin's server actions; the reviewers' read-only page passes none, so it renders no controls. */
export type AdjudicationActions = {
  acceptCandidate: FormAction;
  rejectCandidate: FormAction;
  acceptMajority: FormAction;
  drawGold: FormAction;
  editGold: FormAction;
  deleteGold: FormAction;
  setAdjudicated: FormAction;
  setCompareSettings: FormAction;
};

/** Validated #rrggbb on the server; anything else (it goes into CSS) falls back to grey. */
export const safeColour = (c: string | undefined) => (c && /^#[0-9a-fA-F]{3,8}$/.test(c) ? c : "#888888");

export const STATUS_TEXT = {
  all: "all agree",
  majority: "majority",
  minority: "minority",
  conflict: "conflicting",
} as const;
