/**
 * # Item-level agreement coefficients
 *
 * Input: records `{ item, rater, value }`; a missing value is a missing record.
 * Pure TypeScript, no framework or Node imports. Every coefficient returns a
 * {@link CoefficientResult}; when the coefficient is undefined for the data its
 * `value` is `null` with `undefinedCode` + `undefinedReason` — a coefficient is
 * never reported as 0 or 1 merely because a denominator vanished.
 *
 * | function               | raters | missing data                         | undefined when |
 * |------------------------|--------|--------------------------------------|----------------|
 * | `percentAgreement`     | >= 2   | items with >= 2 values; mean of per-item pairwise share | no such item |
 * | `cohenKappa`           | 2      | items rated by both                  | no shared item; P_e = 1 |
 * | `scottPi`              | 2      | items rated by both (multi-rater: use Fleiss) | no shared item; P_e = 1 |
 * | `fleissKappa`          | >= 2   | classic: same number of ratings on every item, else undefined | ratings per item vary; P_e = 1 |
 * | `krippendorffAlpha`    | >= 2   | coincidence matrix; items with < 2 values dropped | no pairable value; D_e = 0 |
 * | `gwetAC` (AC1, AC2)    | >= 2   | p_a over items with >= 2 values, pi_k over all rated items (Gwet 2014) | one category; p_e = 1 |
 *
 * `computeItemAgreement(records, { level })` prepares the data once and returns
 * all applicable coefficients (Cohen/Scott only with exactly two raters; alpha
 * nominal always, ordinal/interval/ratio only for all-numeric data).
 * Malformed input (non-string ids, non-finite numbers, two values from one
 * rater for one item) throws `AgreementInputError`.
 *
 * ## Complexity
 * With R records and K distinct values (categories):
 * - `prepareRatings`: one pass with hash maps, O(R) time and memory.
 * - percent agreement, Fleiss, Cohen/Scott unweighted, alpha nominal: O(R + K).
 *   Per-item category counts use one reusable scratch array, so no per-item maps
 *   and nothing quadratic in items or in raters.
 * - Cohen weighted, alpha interval and ordinal: O(R + K log K) — closed forms
 *   (interval: sum_{c,k} n_c n_k (c-k)^2 = 2 m sum (x - mean)^2; ordinal =
 *   interval on mid-ranks), no K x K matrix.
 * - alpha ratio: O(K^2) for expected disagreement plus O(sum_u d_u^2) for
 *   observed, d_u = distinct values in item u <= min(raters on u, K). This is
 *   the one exception to O(R + K^2): bounded by O(R * min(r_max, K)) where
 *   r_max is the most raters on one item.
 */
export { computeItemAgreement, type ItemAgreementOptions, type ItemAgreementReport } from "./compute";
export { fleissKappa } from "./fleiss-kappa";
export { gwetAC, type GwetOptions } from "./gwet";
export { krippendorffAlpha, type KrippendorffOptions } from "./krippendorff-alpha";
export { percentAgreement } from "./percent-agreement";
export {
  AgreementInputError,
  isPreparedRatings,
  prepareRatings,
  type PreparedItem,
  type PreparedRatings,
  type RatingsInput,
} from "./prepare";
export { cohenKappa, scottPi, type CohenKappaOptions, type TwoRaterOptions } from "./two-rater";
export {
  MEASUREMENT_LEVELS,
  type CoefficientName,
  type CoefficientResult,
  type KappaWeights,
  type MeasurementLevel,
  type RatingRecord,
  type RatingValue,
  type UndefinedCode,
} from "./types";
