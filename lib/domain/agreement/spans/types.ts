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

export interface SpanAgreementOptions {
  /**
   * Document texts. Needed for the token level (documents without text get
   * `no-text` there); a text's length in code points must equal the document
   * length when both are given, and gives the length when `docLengths` lacks it.
   */
  readonly texts?: ReadonlyMap<string, string>;
  /**
   * Who annotated each document, including raters who marked nothing (their
   * segmentation is all gap / every item "none"). Documents not in the map
   * fall back to `raters`, then to the raters having a span in the document.
   */
  readonly documentRaters?: ReadonlyMap<string, readonly string[]>;
  /** Fully crossed design: every document was annotated by exactly these raters. */
  readonly raters?: readonly string[];
  /** How the corpus unitizing alpha joins documents (`aggregate.ts`, `ContinuumConvention`); default per-document. */
  readonly continuum?: "per-document" | "concatenated";
  /** When given, milliseconds spent per phase are added to it (for benchmarks). */
  readonly profile?: SpanAgreementProfile;
}

/** Milliseconds per phase, accumulated by `computeSpanAgreement` when passed as `options.profile`. */
export interface SpanAgreementProfile {
  /** Validation, indexing, per-document sorting, merging. */
  prepare: number;
  unitizing: number;
  f1: number;
  character: number;
  /** Includes tokenization. */
  token: number;
  /** Corpus-level aggregation and report assembly. */
  corpus: number;
}

export interface SpanF1Pooled {
  readonly micro: F1Result;
  readonly macro: MacroF1;
}

export interface CorpusReport {
  /** All documents (keys of `docLengths` and documents of spans). */
  readonly documents: number;
  /** Documents with at least two raters and a non-empty continuum; corpus figures use only these. */
  readonly documentsCompared: number;
  /** Distinct raters over the compared documents. */
  readonly raters: number;
  /** Whether every compared document has the same rater set (needed for corpus unitizing alpha and Fleiss' kappa). */
  readonly raterSetsAgree: boolean;
  /** Non-empty spans in the compared documents. */
  readonly spans: number;
  /** Units (a rater's overlapping same-label spans merged) in the compared documents. */
  readonly units: number;
  /** Code points over the compared documents (the concatenated continuum length). */
  readonly characters: number;
  /** Tokens over the compared documents that have text; null when none has. */
  readonly tokens: number | null;
  /** Documents concatenated into one continuum (gaps end at document boundaries), pooled over labels. */
  readonly unitizingAlpha: AlphaResult;
  /** Token items, value = set of labels. */
  readonly token: CodingPair;
  /** Code-point items, value = set of labels. */
  readonly character: CodingPair;
  /** Pooled over all rater pairs and documents. */
  readonly exactF1: SpanF1Pooled;
  readonly overlapF1: SpanF1Pooled;
}

/** Corpus-level figures of one label (over the compared documents). */
export interface LabelReport {
  readonly label: string;
  /** Non-empty spans of the label in the compared documents. */
  readonly spans: number;
  /** Units of the label (after merging) in the compared documents. */
  readonly units: number;
  /** Binary unitizing of this label over the concatenated continuum. */
  readonly unitizingAlpha: AlphaResult;
  /** Binary: label present / absent per token. */
  readonly token: CodingPair;
  /** Binary: label present / absent per code point. */
  readonly character: CodingPair;
  /** Pooled over all rater pairs and documents. */
  readonly exactF1: F1Result;
  readonly overlapF1: F1Result;
}

export interface PairF1Summary {
  readonly micro: F1Result;
  readonly macro: MacroF1;
  readonly perLabel: readonly { readonly label: string; readonly result: F1Result }[];
}

export interface PairReport {
  readonly raterA: string;
  readonly raterB: string;
  /** Compared documents annotated by both. */
  readonly documents: number;
  readonly exactF1: PairF1Summary;
  readonly overlapF1: PairF1Summary;
}

export interface DocumentLabelReport {
  readonly label: string;
  readonly spans: number;
  readonly units: number;
  readonly unitizingAlpha: AlphaResult;
  readonly token: CodingPair;
  readonly character: CodingPair;
}

export interface DocumentPairReport {
  readonly raterA: string;
  readonly raterB: string;
  readonly exactF1: F1Result;
  readonly overlapF1: F1Result;
}

export interface DocumentReport {
  readonly document: string;
  /** Continuum length in code points. */
  readonly length: number;
  readonly raters: readonly string[];
  readonly spans: number;
  readonly units: number;
  readonly tokens: number | null;
  readonly unitizingAlpha: AlphaResult;
  readonly token: CodingPair;
  readonly character: CodingPair;
  /** Labels that some rater of the document used, sorted. */
  readonly labels: readonly DocumentLabelReport[];
  /** Every pair of the document's raters (raterA < raterB). */
  readonly pairs: readonly DocumentPairReport[];
}

export interface SpanAgreementReport {
  /** Labels of all spans, sorted (code-unit order). */
  readonly labels: readonly string[];
  /** Raters, sorted. */
  readonly raters: readonly string[];
  /** Spans with start === end: they mark no code point and are ignored everywhere. */
  readonly ignoredEmptySpans: number;
  readonly corpus: CorpusReport;
  readonly perLabel: readonly LabelReport[];
  readonly perPair: readonly PairReport[];
  readonly documents: readonly DocumentReport[];
}
