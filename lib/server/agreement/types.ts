import "server-only";
import type { ItemAgreementReport } from "@/lib/domain/agreement/item";
import type { AlphaResult, CorpusReport, LabelReport, PairReport } from "@/lib/domain/agreement/spans";

export type DocumentSummary = {
  articleId: string;
  raters: number;
  spans: number;
  unitizingAlpha: AlphaResult;
  /** Mean over rater pairs of the document's overlap F1 (micro over labels); pairs that marked nothing left out. */
  meanOverlapF1: number | null;
  meanExactF1: number | null;
  /** 1 - meanOverlapF1: 0 = every pair's spans coincide, 1 = no overlap at all. Null: nothing to compare. */
  disagreement: number | null;
};

export type QuestionAgreement = {
  questionId: string;
  raterIds: string[];
  prompt: string;
  kind: string;
  level: "nominal" | "ordinal";
  archived: boolean;
  answers: number;
  report: ItemAgreementReport;
  /**
   * Categorical (nominal) questions: MACE competence per rater (Hovy et al. 2013; lib/domain/agreement/item/mace.ts,
   * default restarts and seed), the probability that a rater's answer reflects the true value rather than
   * a guess. Null for ordinal questions; `undefinedReason` when it cannot be estimated.
   */
  mace:
    | { competence: { rater: string; competence: number; ratings: number }[]; undefinedReason: null }
    | {
        competence: null;
        undefinedReason: string;
      }
    | null;
};

export type ProjectAgreementFigures = {
  projectId: string;
  revision: number;
  computedAt: string;
  computeMs: number;
  /** Milliseconds: reading the database, the span engine, questions + primary frame. */
  timings: { load: number; spans: number; items: number };
  /** Articles with at least one rater, and how many of them have two or more (the compared ones). */
  articlesWithRaters: number;
  corpus: CorpusReport;
  ignoredEmptySpans: number;
  /** Everyone who rated something: span raters and question answerers, sorted. */
  raterIds: string[];
  perLabel: readonly LabelReport[];
  perPair: readonly PairReport[];
  /** Compared articles (two or more raters), worst first: by disagreement, then by lower unitizing alpha. */
  documents: DocumentSummary[];
  questions: QuestionAgreement[];
  /**
   * Each rater's primary frame per article (the framing label with the most code points summed over
   * their spans of it; ties: more spans, then label id), as item-level data: item = article, value = label id.
   */
  primaryFrame: ItemAgreementReport;
  /**
   * The same span figures per round (its articles: those assigned in it; articles assigned in no round
   * belong to the first non-training round), side by side with the codebook version the round started under.
   */
  rounds: RoundFigures[];
};

export type RoundFigures = {
  id: string;
  name: string;
  training: boolean;
  codebookVersion: number;
  articles: number;
  corpus: CorpusReport;
  perLabel: readonly LabelReport[];
};

export type ProjectAgreement = ProjectAgreementFigures & {
  cached: boolean;
  /**
   * Set when these figures are of an older revision (`revision`) because the current one
   * (`currentRevision`) was still being computed after `maxWaitMs`. Never set without `maxWaitMs`.
   */
  stale: { currentRevision: number } | null;
  project: { id: string; name: string; articles: number };
  labels: Record<string, { name: string; colour: string; group: string }>;
  raters: Record<string, { name: string }>;
  articleTitles: Record<string, string>;
  /** The study design the figures follow (see computeProjectAgreement). */
  design: StudyDesign;
};

/**
 * "everyone": every annotator rates every article; raters are whoever has spans or marked it done.
 * Assignment modes: each article is meant to get `k` annotators; raters are the assigned ones who
 * marked it done. `reachedK` of `assigned` articles have k done raters; `belowK` articles have 1..k-1.
 */
export type StudyDesign = {
  mode: string;
  k: number | null;
  assigned: number;
  reachedK: number;
  belowK: number;
};

export type AgreementOptions = {
  /**
   * Wait at most this long for the figures of the current revision; past it, and when figures of an
   * older revision exist, return those marked `stale` (the computation goes on and lands in the
   * cache). Without it the call always waits for the current revision.
   */
  maxWaitMs?: number;
};
