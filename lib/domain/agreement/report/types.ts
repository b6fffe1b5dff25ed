/** The data of a reliability report (`html.ts` renders it); plain values, names already resolved. */

/** One coefficient: its value and, when bootstrapped, its percentile interval. */
export interface ReportFigure {
  readonly name: string;
  /** Human-readable, e.g. "Unitizing alpha (u-alpha, pooled over labels)". */
  readonly label: string;
  readonly value: number | null;
  readonly low: number | null;
  readonly high: number | null;
  /** Krippendorff's alpha with an interval: share of resamples below the minimum acceptable alpha. */
  readonly q: number | null;
  /** What the figure rests on: so many units, tokens, code points, spans or items. */
  readonly n: number | null;
  readonly nKind: string | null;
  /** Why the value (or the interval) is missing. */
  readonly note: string | null;
}

export interface ReportReviewer {
  readonly name: string;
  /** Articles this reviewer rated (marked a span or finished). */
  readonly articles: number;
  readonly spans: number;
}

export interface ReportLabel {
  readonly name: string;
  /** CSS colour (#rgb / #rrggbb); anything else is drawn grey. */
  readonly colour: string | null;
  readonly spans: number;
  readonly unitizingAlpha: ReportFigure;
  readonly tokenAlpha: ReportFigure;
  readonly overlapF1: ReportFigure;
}

export interface ReportPair {
  readonly a: string;
  readonly b: string;
  readonly documents: number;
  readonly exactF1: ReportFigure;
  readonly overlapF1: ReportFigure;
}

export interface ReportQuestion {
  readonly prompt: string;
  readonly level: string;
  readonly answers: number;
  readonly figures: readonly ReportFigure[];
}

/** Per-round figures: one table per round of the study (empty when the project has no rounds). */
export interface ReportRound {
  readonly name: string;
  readonly training: boolean;
  /** The codebook version the round started under (null: not recorded). */
  readonly codebookVersion: number | null;
  readonly articles: number;
  /** Articles of the round with two or more raters. */
  readonly compared: number;
  readonly reviewers: number;
  readonly figures: readonly ReportFigure[];
}

export interface ReliabilityReportInput {
  readonly title: string;
  /** ISO date-time of the figures. */
  readonly generatedAt: string;
  readonly design: {
    readonly articles: number;
    /** Articles with at least one rater, and with two or more (those compared). */
    readonly articlesRated: number;
    readonly articlesCompared: number;
    readonly reviewers: readonly ReportReviewer[];
    readonly labels: number;
    readonly spans: number;
    readonly ignoredEmptySpans: number;
    readonly characters: number;
    readonly tokens: number | null;
    /** e.g. "codebook v3"; null when not recorded. */
    readonly codebook: string | null;
    /** How articles reach their raters, e.g. "every annotator rates every article"; null when not recorded. */
    readonly assignment: string | null;
  };
  readonly coefficients: readonly ReportFigure[];
  readonly perLabel: readonly ReportLabel[];
  readonly pairs: readonly ReportPair[];
  readonly questions: readonly ReportQuestion[];
  /** Label x label overlap of different reviewers' spans, code points, symmetric. */
  readonly confusion: { readonly labels: readonly string[]; readonly overlap: readonly (readonly number[])[] };
  /** Disagreement kinds summed over every pair and label (agree, boundary, label, both, missed). */
  readonly typology: readonly { readonly kind: string; readonly count: number }[];
  readonly rounds: readonly ReportRound[];
  readonly bootstrap: {
    readonly resamples: number;
    readonly level: number;
    readonly seed: number;
    readonly alphaMin: number;
  } | null;
  readonly continuum: "per-document" | "concatenated";
}
