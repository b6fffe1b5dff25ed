/**
 * Bootstrap intervals for the item-level coefficients: items are resampled with replacement (an item keeps
 * all its ratings), and every coefficient is recomputed on the resample from the prepared data, so a
 * resample costs one pass over the ratings it holds. See `interval.ts` for the method.
 */
import { mulberry32 } from "../../random";
import { computeItemAgreement, type ItemAgreementOptions, type ItemAgreementReport } from "../item/compute";
import { type PreparedItem, type RatingsInput, toPrepared } from "../item/prepare";
import { type BootstrapOptions, drawMultiplicities, type IntervalResult, percentileInterval } from "./interval";

/** One interval per coefficient of `computeItemAgreement(input, options)`, in its order. */
export function bootstrapItemAgreement(
  input: RatingsInput,
  opts: BootstrapOptions,
  options: ItemAgreementOptions = {},
): { report: ItemAgreementReport; intervals: IntervalResult[] } {
  const data = toPrepared(input);
  const report = computeItemAgreement(data, options);
  const n = data.items.length;
  const B = opts.resamples;
  const values = report.coefficients.map(() => new Float64Array(B));
  const rng = mulberry32(opts.seed);
  const counts = new Int32Array(n);
  const picked: PreparedItem[] = [];
  for (let b = 0; b < B; b++) {
    drawMultiplicities(rng, n, counts);
    picked.length = 0;
    for (let i = 0; i < n; i++) for (let k = counts[i]!; k > 0; k--) picked.push(data.items[i]!);
    // Same raters and categories: the same coefficients in the same order as the point estimates.
    const r = computeItemAgreement({ ...data, items: picked }, options);
    r.coefficients.forEach((c, i) => {
      values[i]![b] = c.value ?? Number.NaN;
    });
  }
  const intervals = report.coefficients.map((c, i) =>
    n < 2
      ? { ci: null, reason: "Needs at least two items to resample." }
      : percentileInterval(values[i]!, opts, c.name === "krippendorffAlpha"),
  );
  return { report, intervals };
}
