/** All applicable item-level coefficients from one pass over the records. */
import { fleissKappa } from "./fleiss-kappa";
import { gwetAC } from "./gwet";
import { krippendorffAlpha } from "./krippendorff-alpha";
import { percentAgreement } from "./percent-agreement";
import { type RatingsInput, toPrepared } from "./prepare";
import { cohenKappa, scottPi } from "./two-rater";
import type { CoefficientResult, KappaWeights, MeasurementLevel } from "./types";

export interface ItemAgreementOptions {
  /**
   * Krippendorff levels to report besides nominal (which is always reported).
   * Omitted: ordinal and interval when every value is numeric, and ratio when
   * moreover no value is negative. Given: exactly nominal plus these, each
   * reported even when inapplicable (then with `value: null` and a reason).
   */
  readonly level?: MeasurementLevel | readonly MeasurementLevel[];
  /** Also report a weighted Cohen's kappa (two raters, numeric values). */
  readonly cohenWeights?: Exclude<KappaWeights, "unweighted">;
}

export interface ItemAgreementReport {
  readonly records: number;
  readonly items: number;
  readonly raters: number;
  readonly categories: number;
  readonly allNumeric: boolean;
  /**
   * In this order: percent agreement; Cohen's kappa and Scott's pi (only when
   * the data has exactly two raters); Fleiss' kappa; Krippendorff's alpha per level; Gwet's AC1 and AC2
   * (ordinal, interval, ratio weights) at the same levels.
   */
  readonly coefficients: readonly CoefficientResult[];
}

export function computeItemAgreement(input: RatingsInput, options: ItemAgreementOptions = {}): ItemAgreementReport {
  const data = toPrepared(input);
  const x = data.numeric;
  const coefficients: CoefficientResult[] = [percentAgreement(data)];
  if (data.raterIds.length === 2) {
    coefficients.push(cohenKappa(data));
    if (options.cohenWeights) coefficients.push(cohenKappa(data, { weights: options.cohenWeights }));
    coefficients.push(scottPi(data));
  }
  coefficients.push(fleissKappa(data));

  let levels: MeasurementLevel[];
  if (options.level === undefined) {
    levels = ["nominal"];
    if (x !== null && x.length > 0) {
      levels.push("ordinal", "interval");
      if (x.every((v) => v >= 0)) levels.push("ratio");
    }
  } else {
    const requested: readonly MeasurementLevel[] = typeof options.level === "string" ? [options.level] : options.level;
    levels = ["nominal", ...(["ordinal", "interval", "ratio"] as const).filter((l) => requested.includes(l))];
  }
  for (const level of levels) coefficients.push(krippendorffAlpha(data, { level }));
  // Gwet's AC1, then AC2 at the same levels as alpha (appended, so earlier positions are unchanged).
  for (const level of levels) coefficients.push(gwetAC(data, { level }));

  return {
    records: data.recordCount,
    items: data.items.length,
    raters: data.raterIds.length,
    categories: data.categories.length,
    allNumeric: x !== null && x.length > 0,
    coefficients,
  };
}
