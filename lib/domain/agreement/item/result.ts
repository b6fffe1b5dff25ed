/** Builders that keep every CoefficientResult well-formed (null value <=> reason present). */
import type { CoefficientResult, UndefinedCode } from "./types";

export type ResultBase = Omit<
  CoefficientResult,
  "value" | "undefinedCode" | "undefinedReason" | "observed" | "expected"
>;

export function definedResult(
  base: ResultBase,
  value: number,
  observed: number | null,
  expected: number | null,
): CoefficientResult {
  if (!Number.isFinite(value)) {
    // Defensive: every division is guarded by an explicit undefined case, so this is a bug.
    throw new Error(`${base.label}: computed a non-finite value (${String(value)})`);
  }
  return { ...base, value, observed, expected };
}

export function undefinedResult(
  base: ResultBase,
  code: UndefinedCode,
  reason: string,
  observed: number | null = null,
  expected: number | null = null,
): CoefficientResult {
  return { ...base, value: null, undefinedCode: code, undefinedReason: reason, observed, expected };
}

/**
 * Per-item category counting with one scratch array reused across items:
 * O(values in the item) per call instead of allocating a map per item.
 */
export class ItemCounter {
  readonly counts: Float64Array;
  /** Distinct category indices of the last loaded item. */
  readonly distinct: number[] = [];

  constructor(categoryCount: number) {
    this.counts = new Float64Array(categoryCount);
  }

  /** Load one item's category indices; returns the number of distinct categories. */
  load(values: readonly number[]): number {
    this.clear();
    for (const c of values) {
      if (this.counts[c] === 0) this.distinct.push(c);
      this.counts[c] = (this.counts[c] ?? 0) + 1;
    }
    return this.distinct.length;
  }

  /** Sum over categories of count^2 for the loaded item. */
  sumSquares(): number {
    let s = 0;
    for (const c of this.distinct) {
      const n = this.counts[c] ?? 0;
      s += n * n;
    }
    return s;
  }

  clear(): void {
    for (const c of this.distinct) this.counts[c] = 0;
    this.distinct.length = 0;
  }
}

/** Count distinct marked indices (raters) with a reusable mark array. */
export class Marker {
  private readonly marks: Uint8Array;
  private count = 0;

  constructor(size: number) {
    this.marks = new Uint8Array(size);
  }

  mark(indices: readonly number[]): void {
    for (const i of indices) {
      if (this.marks[i] === 0) {
        this.marks[i] = 1;
        this.count++;
      }
    }
  }

  get size(): number {
    return this.count;
  }
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
