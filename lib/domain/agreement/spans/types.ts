/**
 * Shared types for span-level agreement (unitizing alpha, token/character
 * alpha and kappa, pairwise span F1).
 *
 * Naming follows the item-level module (`../item`): a coefficient that is
 * undefined for the data has `value: null` plus a machine-readable
 * `undefinedCode` and a human-readable `undefinedReason`; it is never reported
 * as 0 or 1 merely because a denominator vanished. The types are declared here
 * (not imported) so that this module does not depend on `../item`.
 */

/** One rater's span. Offsets are half-open `[start, end)` in Unicode code points. */
export interface Span {
  readonly document: string;
  readonly rater: string;
  readonly label: string;
  readonly start: number;
  readonly end: number;
}

/** Machine-readable reason why a figure is undefined (value `null`). */
export type SpanUndefinedCode =
  /** Fewer than two raters annotated the document (or the corpus). */
  | "too-few-raters"
  /** No unit (span) of the category exists, so there is nothing to agree on. */
  | "no-units"
  /** Expected disagreement is 0 / chance agreement is 1: every value is the same. */
  | "no-variation"
  /** No item carries two or more values. */
  | "no-pairable-items"
  /** Corpus-level unitizing alpha / Fleiss' kappa need one rater set for every document. */
  | "rater-sets-differ"
  /** Classic Fleiss' kappa needs the same number of ratings on every item. */
  | "unequal-ratings-per-item"
  /** Token level needs the document text (`options.texts`). */
  | "no-text"
  /** F1: neither rater has a span (of the label) to compare. */
  | "no-spans";

/** Krippendorff's alpha (unitizing or nominal). `observed`/`expected` are disagreements. */
export interface AlphaResult {
  readonly value: number | null;
  readonly undefinedCode?: SpanUndefinedCode;
  readonly undefinedReason?: string;
  readonly basis: "disagreement";
  /** D_o, or null when it could not be computed. */
  readonly observed: number | null;
  /** D_e, or null when it could not be computed. */
  readonly expected: number | null;
  /** Raters taking part (per continuum: R). */
  readonly raters: number;
  /**
   * Unitizing alpha: units (spans after merging a rater's overlapping spans of
   * one label). Token/character alpha: pairable items (tokens / code points).
   */
  readonly units: number;
}

/** Fleiss' kappa. `observed`/`expected` are agreements (P-bar, P_e). */
export interface KappaResult {
  readonly value: number | null;
  readonly undefinedCode?: SpanUndefinedCode;
  readonly undefinedReason?: string;
  readonly basis: "agreement";
  readonly observed: number | null;
  readonly expected: number | null;
  readonly raters: number;
  /** Items (tokens / code points) with at least two ratings. */
  readonly units: number;
}

/**
 * Precision / recall / F1 of rater A's spans against rater B's.
 * P = creditA / unitsA, R = creditB / unitsB, F1 = 2PR / (P + R).
 * Exact match: credit = number of matching spans (same on both sides).
 * Overlap (SemEval-2020 Task 11): creditA = sum_{a,b} |a∩b|/|a|, creditB = sum_{a,b} |a∩b|/|b|
 * over same-label pairs.
 */
export interface F1Result {
  readonly precision: number | null;
  readonly recall: number | null;
  readonly f1: number | null;
  readonly undefinedCode?: SpanUndefinedCode;
  readonly undefinedReason?: string;
  readonly unitsA: number;
  readonly unitsB: number;
  readonly creditA: number;
  readonly creditB: number;
}

/** Mean of the defined per-label F1 values. */
export interface MacroF1 {
  readonly f1: number | null;
  readonly undefinedCode?: SpanUndefinedCode;
  readonly undefinedReason?: string;
  /** Labels whose F1 was defined and averaged. */
  readonly labels: number;
}

export interface CodingPair {
  readonly alpha: AlphaResult;
  readonly kappa: KappaResult;
}
