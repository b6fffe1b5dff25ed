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
  /** Distinct category indices of the last loaded item: the first `size` entries, in first-seen order. */
  readonly distinct: Int32Array;
  size = 0;

  constructor(categoryCount: number) {
    this.counts = new Float64Array(categoryCount);
    this.distinct = new Int32Array(categoryCount);
  }

  /** Load one item's category indices; returns the number of distinct categories. */
  load(values: readonly number[]): number {
    this.clear();
    for (let i = 0; i < values.length; i++) {
      const c = values[i]!;
      if (this.counts[c] === 0) this.distinct[this.size++] = c;
      this.counts[c]! += 1;
    }
    return this.size;
  }

  /** Sum over categories of count^2 for the loaded item. */
  sumSquares(): number {
    let s = 0;
    for (let i = 0; i < this.size; i++) {
      const n = this.counts[this.distinct[i]!]!;
      s += n * n;
    }
    return s;
  }

  clear(): void {
    for (let i = 0; i < this.size; i++) this.counts[this.distinct[i]!] = 0;
    this.size = 0;
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
