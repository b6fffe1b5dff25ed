import { z } from "zod";
import { wellFormed, ZId } from "./common";
import { MAX_OVERLAP_K, MAX_PROJECT_GUIDELINES, MAX_PROJECT_NAME, MAX_RESERVATION_MINUTES } from "./limits";
import { ZEmail } from "./user";

export const PROJECT_ROLES = ["manager", "curator", "annotator"] as const;
export const ZProjectRole = z.enum(PROJECT_ROLES, { error: "must be manager, curator or annotator" });
export type TProjectRole = z.infer<typeof ZProjectRole>;

export const ASSIGNMENT_MODES = ["everyone", "overlap", "manual", "pull"] as const;
export const ZAssignmentMode = z.enum(ASSIGNMENT_MODES, { error: "must be everyone, overlap, manual or pull" });
export type TAssignmentMode = z.infer<typeof ZAssignmentMode>;

export const ZOverlapK = z.coerce
  .number({ error: "must be a number" })
  .int("must be a whole number")
  .min(1, "must be at least 1")
  .max(MAX_OVERLAP_K, `must be at most ${MAX_OVERLAP_K}`);
export const ZSeed = z.coerce
  .number({ error: "must be a number" })
  .int("must be a whole number")
  .min(0, "must not be negative")
  .max(2 ** 31 - 1, "is too large");
export const ZRoundName = z.string().trim().min(1, "is required").max(80, "must be at most 80 characters");

export const ZAddMember = z.object({ projectId: ZId, email: ZEmail, role: ZProjectRole }).strict();
export type TAddMember = z.infer<typeof ZAddMember>;
export const ZRemoveMember = z.object({ projectId: ZId, userId: ZId }).strict();
export type TRemoveMember = z.infer<typeof ZRemoveMember>;

export const ZAssignOverlap = z
  .object({ projectId: ZId, k: ZOverlapK, seed: ZSeed.optional(), round: ZRoundName.optional() })
  .strict();
export type TAssignOverlap = z.infer<typeof ZAssignOverlap>;

/** A threshold in [0, 1] (F1 or alpha) (a form field: empty means no gate). */
const ZThreshold = z.preprocess(
  (v) => (v === "" || v === undefined ? null : v),
  z.coerce
    .number({ error: "must be a number between 0 and 1" })
    .min(0, "must be at least 0")
    .max(1, "must be at most 1")
    .nullable(),
);

export const ZAssignmentSettings = z
  .object({
    projectId: ZId,
    mode: ZAssignmentMode,
    k: ZOverlapK,
    reservationMinutes: z.coerce
      .number({ error: "must be a number" })
      .int("must be a whole number")
      .min(1, "must be at least 1")
      .max(MAX_RESERVATION_MINUTES, `must be at most ${MAX_RESERVATION_MINUTES}`),
    /** A checkbox: present ("on"/"true") when curators see reviewers as R1, R2…; absent otherwise. */
    anonymiseCurators: z.stringbool({ error: "must be on or off" }).default(false),
    /** Disagreement routing: the figure, the threshold below which an article gets one more annotator, the most. */
    routeMetric: z.enum(["alpha", "f1"], { error: "must be alpha or f1" }).default("alpha"),
    routeBelow: ZThreshold.default(null),
    routeMax: ZOverlapK.default(3),
  })
  .refine((s) => s.routeBelow === null || s.routeMax > s.k, {
    path: ["routeMax"],
    message: "must be more than k (annotators per article), or routing can never add one",
  })
  .strict();
export type TAssignmentSettings = z.infer<typeof ZAssignmentSettings>;

/** One manual assignment row: an article id and a user (email or id). */
export const ZAssignmentRow = z
  .object({ article_id: ZId, user: z.string().trim().min(1, "is required").max(254, "is too long") })
  .strict();
export type TAssignmentRow = z.infer<typeof ZAssignmentRow>;

export const ZPullNext = z.object({ projectId: ZId }).strict();

/** The project page's lock switch (a form: `locked` is "true" or "false"). */
export const ZSetProjectLocked = z.object({
  projectId: ZId,
  locked: z.enum(["true", "false"]).transform((v) => v === "true"),
});
export type TSetProjectLocked = z.infer<typeof ZSetProjectLocked>;

/** A new round: its name, whether it is a training round, and the F1 that qualifies for the next rounds. */
export const ZCreateRound = z
  .object({
    projectId: ZId,
    name: ZRoundName,
    training: z.stringbool({ error: "must be on or off" }).default(false),
    qualifyF1: ZThreshold.optional(),
  })
  .strict()
  .refine((r) => r.training || r.qualifyF1 === null || r.qualifyF1 === undefined, {
    path: ["qualifyF1"],
    message: "only a training round (with gold) can qualify annotators",
  });
export type TCreateRound = z.infer<typeof ZCreateRound>;

/** The manager's decision on a qualification: "qualified", "held" (held back) or "auto" (the F1 rule). */
export const ZSetQualification = z
  .object({
    roundId: ZId,
    userId: ZId,
    decision: z.enum(["qualified", "held", "auto"], { error: "must be qualified, held or auto" }),
  })
  .strict();
export type TSetQualification = z.infer<typeof ZSetQualification>;

/** The project's guidelines (a new codebook version when they change). */
export const ZUpdateGuidelines = z
  .object({ projectId: ZId, guidelines: wellFormed(MAX_PROJECT_GUIDELINES, "guidelines") })
  .strict();
export type TUpdateGuidelines = z.infer<typeof ZUpdateGuidelines>;

/** Moves a round one place earlier or later (a training round goes before the rounds it gates). */
export const ZMoveRound = z
  .object({ roundId: ZId, direction: z.enum(["up", "down"], { error: "must be up or down" }) })
  .strict();
export type TMoveRound = z.infer<typeof ZMoveRound>;

/** The admin's new project: its name, and optionally the account that manages it. */
export const ZCreateProject = z
  .object({
    name: wellFormed(MAX_PROJECT_NAME, "name").trim().min(1, "is required"),
    managerEmail: z.preprocess((v) => (v === "" ? undefined : v), ZEmail.optional()),
  })
  .strict();
export type TCreateProject = z.infer<typeof ZCreateProject>;
