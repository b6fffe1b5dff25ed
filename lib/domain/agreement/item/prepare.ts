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

/**
 * Builds {@link PreparedRatings} one rating at a time, in first-seen order of items, raters and values
 * (the order every coefficient's arithmetic follows). Numbers and strings are indexed in separate maps,
 * so 1 and "1" stay distinct; -0 is 0 (a Map key compares by SameValueZero). A repeated (item, rater)
 * pair is found by scanning the item's raters (few per item), or a set once an item has many.
 */
export class RatingsBuilder {
  private readonly itemIndex = new Map<string, number>();
  private readonly raterIndex = new Map<string, number>();
  private readonly numberIndex = new Map<number, number>();
  private readonly stringIndex = new Map<string, number>();
  private readonly raterIds: string[] = [];
  private readonly categories: RatingValue[] = [];
  private readonly items: { id: string; raters: number[]; values: number[]; seen?: Set<number> }[] = [];
  private allNumeric = true;
  private count = 0;
  /** Files list an item's ratings together: the last item's index spares most lookups. */
  private lastItem: string | undefined;
  private lastItemIdx = -1;

  /** Adds a rating; returns false (adding nothing) when this rater already rated this item. */
  add(item: string, rater: string, value: RatingValue): boolean {
    let itemIdx: number | undefined = item === this.lastItem ? this.lastItemIdx : this.itemIndex.get(item);
    if (itemIdx === undefined) {
      itemIdx = this.items.length;
      this.itemIndex.set(item, itemIdx);
      this.items.push({ id: item, raters: [], values: [] });
    }
    this.lastItem = item;
    this.lastItemIdx = itemIdx;
    let raterIdx = this.raterIndex.get(rater);
    if (raterIdx === undefined) {
      raterIdx = this.raterIds.length;
      this.raterIndex.set(rater, raterIdx);
      this.raterIds.push(rater);
    }
    const entry = this.items[itemIdx]!;
    const rs = entry.raters;
    if (entry.seen) {
      if (entry.seen.has(raterIdx)) return false;
      entry.seen.add(raterIdx);
    } else {
      for (let k = 0; k < rs.length; k++) if (rs[k] === raterIdx) return false;
      if (rs.length >= 32) entry.seen = new Set([...rs, raterIdx]);
    }
    let catIdx: number | undefined;
    if (typeof value === "number") {
      catIdx = this.numberIndex.get(value);
      if (catIdx === undefined) {
        catIdx = this.categories.length;
        this.numberIndex.set(value, catIdx);
        this.categories.push(Object.is(value, -0) ? 0 : value);
      }
    } else {
      catIdx = this.stringIndex.get(value);
      if (catIdx === undefined) {
        catIdx = this.categories.length;
        this.stringIndex.set(value, catIdx);
        this.categories.push(value);
        this.allNumeric = false;
      }
    }
    rs.push(raterIdx);
    entry.values.push(catIdx);
    this.count++;
    return true;
  }

  /**
   * Reads every (string) category as a number, as if the ratings had been added as those numbers: categories
   * that name the same number ("1", "1.0") become one, in first-seen order. Returns false, changing nothing,
   * when `toNumber` refuses one (null) or a category is not a string.
   */
  categoriesToNumbers(toNumber: (category: string) => number | null): boolean {
    const numbers: number[] = [];
    for (const c of this.categories) {
      const n = typeof c === "string" ? toNumber(c) : null;
      if (n === null) return false;
      numbers.push(n);
    }
    const index = new Map<number, number>();
    const merged: number[] = [];
    const remap = numbers.map((n) => {
      let k = index.get(n);
      if (k === undefined) {
        k = merged.length;
        index.set(n, k);
        merged.push(Object.is(n, -0) ? 0 : n);
      }
      return k;
    });
    for (const e of this.items) for (let k = 0; k < e.values.length; k++) e.values[k] = remap[e.values[k]!]!;
    this.categories.length = 0;
    this.categories.push(...merged);
    this.stringIndex.clear();
    this.numberIndex.clear();
    for (const [n, k] of index) this.numberIndex.set(n, k);
    this.allNumeric = true;
    return true;
  }

  finish(): PreparedRatings {
    const items: PreparedItem[] = this.items.map((e) => ({ id: e.id, raters: e.raters, values: e.values }));
    return {
      kind: PREPARED,
      items,
      raterIds: this.raterIds,
      categories: this.categories,
      numeric: this.allNumeric ? Float64Array.from(this.categories as number[]) : null,
      recordCount: this.count,
    };
  }
}

/**
 * Index the records. Each (item, rater) pair may occur at most once: a second
 * value for the same pair is an {@link AgreementInputError}, as is a value that
 * is neither a string nor a finite number. O(records).
 */
export function prepareRatings(records: readonly RatingRecord[]): PreparedRatings {
  if (!Array.isArray(records)) throw new AgreementInputError("records must be an array");
  const builder = new RatingsBuilder();
  for (let i = 0; i < records.length; i++) {
    const rec = records[i];
    if (rec === null || typeof rec !== "object") throw new AgreementInputError(`record ${i} is not an object`);
    const { item, rater, value } = rec;
    if (typeof item !== "string") throw new AgreementInputError(`record ${i}: item must be a string`);
    if (typeof rater !== "string") throw new AgreementInputError(`record ${i}: rater must be a string`);
    if (typeof value === "number") {
      if (!Number.isFinite(value))
        throw new AgreementInputError(`record ${i}: value must be a finite number, got ${String(value)}`);
    } else if (typeof value !== "string") {
      throw new AgreementInputError(
        `record ${i}: value must be a string or a number (omit the record for a missing value)`,
      );
    }
    if (!builder.add(item, rater, value)) {
      throw new AgreementInputError(
        `record ${i}: rater ${JSON.stringify(rater)} has more than one value for item ${JSON.stringify(item)}`,
      );
    }
  }
  return builder.finish();
}
