/**
 * Fleiss' kappa (Fleiss 1971), the classic form.
 *
 * Choice: classic Fleiss' kappa assumes every item received the same number m
 * of ratings (the raters themselves may differ between items). When the number
 * of ratings per item varies — any missing value — the result is undefined
 * (`unequal-ratings-per-item`); Krippendorff's alpha (nominal) is the
 * coefficient that handles missing data, and with complete data it relates to
 * Fleiss' kappa by alpha = 1 - (1 - kappa)(n - 1)/n, n = N*m.
 *
 * With N items, n_ij ratings of item i in category j, T_j = sum_i n_ij:
 *   P-bar = (sum_ij n_ij^2 - N m) / (N m (m - 1)),  P_e = sum_j T_j^2 / (N m)^2,
 *   kappa = (P-bar - P_e) / (1 - P_e).
 * Scott's pi is the two-rater special case. O(records + categories).
 */
import { type RatingsInput, toPrepared } from "./prepare";
import { ItemCounter, Marker, definedResult, undefinedResult, type ResultBase } from "./result";
import type { CoefficientResult } from "./types";

export function fleissKappa(input: RatingsInput): CoefficientResult {
  const data = toPrepared(input);
  const N = data.items.length;
  const counter = new ItemCounter(data.categories.length);
  const totals = new Float64Array(data.categories.length);
  const raters = new Marker(data.raterIds.length);
  let minM = Infinity;
  let maxM = 0;
  let sumSquares = 0;
  for (const item of data.items) {
    const m = item.values.length;
    if (m < minM) minM = m;
    if (m > maxM) maxM = m;
    counter.load(item.values);
    sumSquares += counter.sumSquares();
    for (const c of item.values) totals[c] = (totals[c] ?? 0) + 1;
    raters.mark(item.raters);
  }
  const constant = N > 0 && minM === maxM;
  const base: ResultBase = {
    name: "fleissKappa",
    label: "Fleiss' kappa",
    items: constant && maxM >= 2 ? N : 0,
    itemsExcluded: constant && maxM >= 2 ? 0 : N,
    raters: raters.size,
    pairableValues: constant && maxM >= 2 ? data.recordCount : 0,
    basis: "agreement",
    ...(constant ? { ratingsPerItem: maxM } : {}),
  };
  if (data.raterIds.length < 2) {
    return undefinedResult(
      base,
      "too-few-raters",
      `Fleiss' kappa needs at least two raters; the data has ${data.raterIds.length}.`,
    );
  }
  if (!constant) {
    return undefinedResult(
      base,
      "unequal-ratings-per-item",
      `Classic Fleiss' kappa needs the same number of ratings on every item; items here have between ${minM} and ${maxM}. Use Krippendorff's alpha for data with missing values.`,
    );
  }
  const m = maxM;
  if (m < 2) {
    return undefinedResult(
      base,
      "no-pairable-items",
      "Every item has a single rating; Fleiss' kappa needs at least two per item.",
    );
  }
  const total = N * m;
  let totalSquares = 0;
  for (const t of totals) totalSquares += t * t;
  const observed = (sumSquares - total) / (total * (m - 1));
  const expected = totalSquares / (total * total);
  if (totalSquares === total * total) {
    return undefinedResult(
      base,
      "no-variation",
      "Every rating falls in the same category, so chance agreement is 1 and kappa is 0/0.",
      observed,
      expected,
    );
  }
  return definedResult(base, (observed - expected) / (1 - expected), observed, expected);
}
