/** Shared types for item-level agreement coefficients. */

/** A rating value. Strings are nominal categories; numbers may be ordered/measured. */
export type RatingValue = string | number;

/**
 * One rater's value for one item. A missing value is represented by the
 * absence of a record (an item may lack some raters' values).
 *
 * Values are compared by type and value: the number `1` and the string `"1"`
 * are different categories. Numbers must be finite; `-0` equals `0`.
 */
export interface RatingRecord {
  readonly item: string;
  readonly rater: string;
  readonly value: RatingValue;
}

/** Krippendorff's levels of measurement (which difference function delta^2 is used). */
export type MeasurementLevel = "nominal" | "ordinal" | "interval" | "ratio";

export const MEASUREMENT_LEVELS: readonly MeasurementLevel[] = ["nominal", "ordinal", "interval", "ratio"];

/** Disagreement weights for Cohen's kappa. `linear`/`quadratic` need numeric values. */
export type KappaWeights = "unweighted" | "linear" | "quadratic";

export type CoefficientName =
  | "percentAgreement"
  | "cohenKappa"
  | "scottPi"
  | "fleissKappa"
  | "krippendorffAlpha"
  | "gwetAC1"
  | "gwetAC2";

/** Machine-readable reason why a coefficient is undefined (value `null`). */
export type UndefinedCode =
  /** Fewer than two distinct raters in the data considered. */
  | "too-few-raters"
  /** The coefficient is defined for exactly two raters only. */
  | "not-two-raters"
  /** No item carries enough values to form a pair (or none was rated by both raters). */
  | "no-pairable-items"
  /** Expected agreement is 1 / expected disagreement is 0: every value considered is the same. */
  | "no-variation"
  /** Classic Fleiss' kappa needs the same number of ratings on every item. */
  | "unequal-ratings-per-item"
  /** The level or weighting needs numeric values, and some value is a string. */
  | "non-numeric-values"
  /** The ratio metric needs non-negative values. */
  | "negative-values"
  /** Gwet's ratio weights: more distinct values than the O(q^2) weight sum is computed for. */
  | "too-many-categories";

/**
 * Result of one coefficient. `value` is `null` exactly when the coefficient is
 * undefined for the data, and then `undefinedCode`/`undefinedReason` say why.
 *
 * `observed`/`expected` are the two ingredients of the chance-corrected form,
 * as agreements (`basis: "agreement"`, value = (observed - expected) / (1 - expected))
 * or as disagreements (`basis: "disagreement"`, value = 1 - observed / expected).
 * Percent agreement has no chance term: `expected` is always `null` there.
 */
export interface CoefficientResult {
  readonly name: CoefficientName;
  /** Human-readable name, e.g. "Krippendorff's alpha (interval)". */
  readonly label: string;
  /** Krippendorff's alpha and Gwet's AC1/AC2 (AC2: the level its weights are for). */
  readonly level?: MeasurementLevel;
  /** Cohen's kappa only. */
  readonly weights?: KappaWeights;
  readonly value: number | null;
  readonly undefinedCode?: UndefinedCode;
  readonly undefinedReason?: string;
  /** Items that entered the computation. */
  readonly items: number;
  /** Items present in the input but left out (too few values, not rated by both raters, ...). */
  readonly itemsExcluded: number;
  /** Distinct raters with at least one value in the items that entered the computation. */
  readonly raters: number;
  /** Values in the items that entered the computation (Krippendorff's n). */
  readonly pairableValues: number;
  readonly basis: "agreement" | "disagreement";
  readonly observed: number | null;
  readonly expected: number | null;
  /** Fleiss' kappa only: ratings per item (when constant). */
  readonly ratingsPerItem?: number;
}
