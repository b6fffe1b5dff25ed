/**
 * Pairwise percent agreement.
 *
 * For each item u with m_u >= 2 values, the share of its m_u(m_u-1)/2 rater
 * pairs that gave the same value: sum_c n_uc(n_uc-1) / (m_u(m_u-1)). The
 * coefficient is the mean of these shares over items, every item weighing the
 * same (Fleiss' P-bar; for two raters it is the plain share of items on which
 * they agree). Items with fewer than two values are excluded. Not chance
 * corrected, so data without variation gives 1, not an undefined value.
 * O(records).
 */
import { type RatingsInput, toPrepared } from "./prepare";
import { ItemCounter, Marker, definedResult, undefinedResult, type ResultBase } from "./result";
import type { CoefficientResult } from "./types";

export function percentAgreement(input: RatingsInput): CoefficientResult {
  const data = toPrepared(input);
  const counter = new ItemCounter(data.categories.length);
  const raters = new Marker(data.raterIds.length);
  let items = 0;
  let values = 0;
  let shareSum = 0;
  for (const item of data.items) {
    const m = item.values.length;
    if (m < 2) continue;
    counter.load(item.values);
    // sum_c n_c(n_c - 1) = sum_c n_c^2 - m
    shareSum += (counter.sumSquares() - m) / (m * (m - 1));
    items++;
    values += m;
    raters.mark(item.raters);
  }
  const base: ResultBase = {
    name: "percentAgreement",
    label: "Percent agreement (pairwise)",
    items,
    itemsExcluded: data.items.length - items,
    raters: raters.size,
    pairableValues: values,
    basis: "agreement",
  };
  if (data.raterIds.length < 2) {
    return undefinedResult(
      base,
      "too-few-raters",
      `Agreement needs at least two raters; the data has ${data.raterIds.length}.`,
    );
  }
  if (items === 0) {
    return undefinedResult(base, "no-pairable-items", "No item has values from two or more raters.");
  }
  const value = shareSum / items;
  return definedResult(base, value, value, null);
}
