/**
 * One O(records) pass that turns rating records into indexed, per-item data
 * shared by every coefficient: categories, raters and items get dense integer
 * indices, so the coefficients only touch arrays.
 */
import type { RatingRecord, RatingValue } from "./types";

/** Thrown for malformed input (bad field types, non-finite numbers, duplicate item/rater pairs). */
export class AgreementInputError extends Error {
  override readonly name = "AgreementInputError";
}

export interface PreparedItem {
  readonly id: string;
  /** Rater indices (into `raterIds`), parallel to `values`. */
  readonly raters: readonly number[];
  /** Category indices (into `categories`), parallel to `raters`. */
  readonly values: readonly number[];
}

const PREPARED = "framewise.agreement.preparedRatings" as const;

export interface PreparedRatings {
  readonly kind: typeof PREPARED;
  readonly items: readonly PreparedItem[];
  readonly raterIds: readonly string[];
  /** Distinct values, in first-seen order. */
  readonly categories: readonly RatingValue[];
  /** `categories` as numbers when every value is a number, else `null`. */
  readonly numeric: Float64Array | null;
  readonly recordCount: number;
}

/** Records, or data already prepared by {@link prepareRatings} (to share one pass across coefficients). */
export type RatingsInput = readonly RatingRecord[] | PreparedRatings;

export function isPreparedRatings(input: RatingsInput): input is PreparedRatings {
  return !Array.isArray(input) && (input as PreparedRatings).kind === PREPARED;
}

export function toPrepared(input: RatingsInput): PreparedRatings {
  return isPreparedRatings(input) ? input : prepareRatings(input as readonly RatingRecord[]);
}

function categoryKey(value: RatingValue): string {
  // Type-tagged so that 1 and "1" stay distinct; String(-0) === "0".
  return typeof value === "number" ? `n:${String(value)}` : `s:${value}`;
}

/**
 * Index the records. Each (item, rater) pair may occur at most once: a second
 * value for the same pair is an {@link AgreementInputError}, as is a value that
 * is neither a string nor a finite number. O(records).
 */
export function prepareRatings(records: readonly RatingRecord[]): PreparedRatings {
  if (!Array.isArray(records)) throw new AgreementInputError("records must be an array");
  const itemIndex = new Map<string, number>();
  const raterIndex = new Map<string, number>();
  const categoryIndex = new Map<string, number>();
  const raterIds: string[] = [];
  const categories: RatingValue[] = [];
  const items: { id: string; raters: number[]; values: number[] }[] = [];
  const seenPairs = new Set<string>();
  let allNumeric = true;

  for (let i = 0; i < records.length; i++) {
    const rec = records[i];
    if (rec === null || typeof rec !== "object") throw new AgreementInputError(`record ${i} is not an object`);
    const { item, rater, value } = rec;
    if (typeof item !== "string") throw new AgreementInputError(`record ${i}: item must be a string`);
    if (typeof rater !== "string") throw new AgreementInputError(`record ${i}: rater must be a string`);
    if (typeof value === "number") {
      if (!Number.isFinite(value)) throw new AgreementInputError(`record ${i}: value must be a finite number, got ${String(value)}`);
    } else if (typeof value !== "string") {
      throw new AgreementInputError(`record ${i}: value must be a string or a number (omit the record for a missing value)`);
    }

    let itemIdx = itemIndex.get(item);
    if (itemIdx === undefined) {
      itemIdx = items.length;
      itemIndex.set(item, itemIdx);
      items.push({ id: item, raters: [], values: [] });
    }
    let raterIdx = raterIndex.get(rater);
    if (raterIdx === undefined) {
      raterIdx = raterIds.length;
      raterIndex.set(rater, raterIdx);
      raterIds.push(rater);
    }
    const pairKey = `${itemIdx}:${raterIdx}`;
    if (seenPairs.has(pairKey)) {
      throw new AgreementInputError(`record ${i}: rater ${JSON.stringify(rater)} has more than one value for item ${JSON.stringify(item)}`);
    }
    seenPairs.add(pairKey);

    const key = categoryKey(value);
    let catIdx = categoryIndex.get(key);
    if (catIdx === undefined) {
      catIdx = categories.length;
      categoryIndex.set(key, catIdx);
      categories.push(typeof value === "number" && Object.is(value, -0) ? 0 : value);
      if (typeof value !== "number") allNumeric = false;
    }
    const entry = items[itemIdx]!;
    entry.raters.push(raterIdx);
    entry.values.push(catIdx);
  }

  return {
    kind: PREPARED,
    items,
    raterIds,
    categories,
    numeric: allNumeric ? Float64Array.from(categories as number[]) : null,
    recordCount: records.length,
  };
}
