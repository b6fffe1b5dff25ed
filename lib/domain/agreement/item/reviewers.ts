/**
 * Reviewer diagnostics for item ratings: each rater against a gold rater (share of items with the gold
 * value, and Cohen's kappa with gold, over the items both rated), and every coefficient without each rater
 * in turn (leave-one-out). One full computation per rater: O(R x the cost of `computeItemAgreement`).
 */
import { computeItemAgreement, type ItemAgreementOptions, type ItemAgreementReport } from "./compute";
import { type RatingsInput, toPrepared } from "./prepare";
import type { CoefficientResult, RatingRecord } from "./types";

/** A figure in a leave-one-out row: the coefficient without the rater, and its change. */
export interface ItemLeaveOneOutFigure {
  readonly name: string;
  readonly level: string | null;
  readonly value: number | null;
  readonly undefinedCode: string | null;
  /** without - with (null when either is undefined): > 0 means agreement rises without this rater. */
  readonly change: number | null;
}

export interface ItemLeaveOneOutRow {
  readonly reviewer: string;
  readonly figures: readonly ItemLeaveOneOutFigure[];
}

export interface ItemGoldRow {
  readonly reviewer: string;
  /** Items rated by this reviewer and by gold. */
  readonly items: number;
  /** Share of those items where the reviewer gave the gold value (null without such items). */
  readonly accuracy: number | null;
  readonly cohenKappa: { readonly value: number | null; readonly undefinedCode: string | null };
}

/** The ratings as records (e.g. to recompute on a subset of raters). */
export function recordsOf(input: RatingsInput): RatingRecord[] {
  const d = toPrepared(input);
  const out: RatingRecord[] = [];
  for (const it of d.items)
    for (let k = 0; k < it.raters.length; k++)
      out.push({ item: it.id, rater: d.raterIds[it.raters[k]!]!, value: d.categories[it.values[k]!]! });
  return out;
}

const keyOf = (c: CoefficientResult) => `${c.name}\u0000${c.level ?? ""}\u0000${c.weights ?? ""}`;

/** Rows in the order of the raters' first appearance in the data. */
export function itemLeaveOneOut(
  input: RatingsInput,
  options: ItemAgreementOptions = {},
  full: ItemAgreementReport = computeItemAgreement(input, options),
): ItemLeaveOneOutRow[] {
  const records = recordsOf(input);
  const raters = toPrepared(input).raterIds;
  const all = new Map(full.coefficients.map((c) => [keyOf(c), c.value] as const));
  return raters.map((reviewer) => {
    const r = computeItemAgreement(
      records.filter((x) => x.rater !== reviewer),
      options,
    );
    return {
      reviewer,
      figures: r.coefficients.map((c) => {
        const before = all.get(keyOf(c));
        return {
          name: c.name,
          level: c.level ?? null,
          value: c.value,
          undefinedCode: c.undefinedCode ?? null,
          change: c.value === null || before === undefined || before === null ? null : c.value - before,
        };
      }),
    };
  });
}

/** Every rater other than `goldRater` against it, in order of first appearance. */
export function itemsAgainstGold(input: RatingsInput, goldRater: string): ItemGoldRow[] {
  const records = recordsOf(input);
  const gold = new Map<string, RatingRecord>();
  for (const r of records) if (r.rater === goldRater) gold.set(r.item, r);
  return toPrepared(input)
    .raterIds.filter((r) => r !== goldRater)
    .map((reviewer) => {
      const mine = records.filter((r) => r.rater === reviewer && gold.has(r.item));
      let same = 0;
      for (const r of mine) if (gold.get(r.item)!.value === r.value) same++;
      const both = [...mine, ...mine.map((r) => gold.get(r.item)!)];
      const kappa =
        mine.length === 0 ? undefined : computeItemAgreement(both).coefficients.find((c) => c.name === "cohenKappa");
      return {
        reviewer,
        items: mine.length,
        accuracy: mine.length === 0 ? null : same / mine.length,
        cohenKappa: kappa
          ? { value: kappa.value, undefinedCode: kappa.undefinedCode ?? null }
          : { value: null, undefinedCode: "no-pairable-items" },
      };
    });
}
