/** Helpers for the tests beside this file: turn published tables into records. */
import type { CoefficientName, CoefficientResult, MeasurementLevel, RatingRecord, RatingValue } from "./types";

/**
 * Reliability-data matrix, one row per rater, one column per unit; `null` is a
 * missing value. Units are named u1, u2, ...
 */
export function fromRaterRows(rows: Readonly<Record<string, readonly (RatingValue | null)[]>>): RatingRecord[] {
  const records: RatingRecord[] = [];
  for (const [rater, values] of Object.entries(rows)) {
    values.forEach((value, i) => {
      if (value !== null) records.push({ item: `u${i + 1}`, rater, value });
    });
  }
  return records;
}

/**
 * Fleiss-form table: one row per subject, one column per category, cells are
 * how many raters chose that category. Ratings of a subject are given to raters
 * r1, r2, ... in category order (Fleiss' kappa ignores rater identity).
 */
export function fromCountTable(
  table: readonly (readonly number[])[],
  categories?: readonly RatingValue[],
): RatingRecord[] {
  const records: RatingRecord[] = [];
  table.forEach((row, i) => {
    let r = 0;
    row.forEach((count, j) => {
      for (let k = 0; k < count; k++) {
        records.push({ item: `s${i + 1}`, rater: `r${++r}`, value: categories?.[j] ?? `c${j + 1}` });
      }
    });
  });
  return records;
}

/**
 * Two-rater cross table: cell [i][j] is the number of items that rater A put in
 * category i and rater B in category j.
 */
export function fromCrossTable(
  table: readonly (readonly number[])[],
  categories: readonly RatingValue[],
): RatingRecord[] {
  const records: RatingRecord[] = [];
  let item = 0;
  table.forEach((row, i) => {
    row.forEach((count, j) => {
      for (let k = 0; k < count; k++) {
        item++;
        records.push({ item: `i${item}`, rater: "A", value: categories[i] as RatingValue });
        records.push({ item: `i${item}`, rater: "B", value: categories[j] as RatingValue });
      }
    });
  });
  return records;
}

/** Two parallel rating vectors (no missing values) into records. */
export function fromPairs(a: readonly RatingValue[], b: readonly RatingValue[]): RatingRecord[] {
  return fromRaterRows({ A: a, B: b });
}

export function pick(
  coefficients: readonly CoefficientResult[],
  name: CoefficientName,
  level?: MeasurementLevel,
): CoefficientResult | undefined {
  return coefficients.find((c) => c.name === name && (level === undefined || c.level === level));
}

/**
 * Krippendorff's alpha straight from the definitions in Krippendorff (2011):
 * the full coincidence matrix o_ck, the difference functions as printed
 * (ordinal: (sum_{g=c..k} n_g - (n_c + n_k)/2)^2), and
 * alpha = 1 - (n - 1) sum_ck o_ck delta^2 / sum_ck n_c n_k delta^2.
 * Quadratic in everything; an oracle for the fast implementation.
 */
export function naiveAlpha(records: readonly RatingRecord[], level: MeasurementLevel): number | null {
  const units = new Map<string, number[]>();
  for (const r of records) {
    const list = units.get(r.item) ?? [];
    list.push(r.value as number);
    units.set(r.item, list);
  }
  const values = [...new Set(records.map((r) => r.value as number))].sort((x, y) => x - y);
  const K = values.length;
  const index = new Map(values.map((v, i) => [v, i]));
  const o: number[][] = values.map(() => values.map(() => 0));
  for (const vs of units.values()) {
    const m = vs.length;
    if (m < 2) continue;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < m; j++) {
        if (i === j) continue;
        const c = index.get(vs[i] as number) as number;
        const k = index.get(vs[j] as number) as number;
        (o[c] as number[])[k] = ((o[c] as number[])[k] as number) + 1 / (m - 1);
      }
    }
  }
  const nc = o.map((row) => row.reduce((s, x) => s + x, 0));
  const n = nc.reduce((s, x) => s + x, 0);
  if (n === 0) return null;
  const delta2 = (c: number, k: number): number => {
    const x = values[c] as number;
    const y = values[k] as number;
    switch (level) {
      case "nominal":
        return c === k ? 0 : 1;
      case "interval":
        return (x - y) ** 2;
      case "ratio":
        return x + y === 0 ? 0 : ((x - y) / (x + y)) ** 2;
      case "ordinal": {
        const lo = Math.min(c, k);
        const hi = Math.max(c, k);
        let s = 0;
        for (let g = lo; g <= hi; g++) s += nc[g] as number;
        return (s - ((nc[c] as number) + (nc[k] as number)) / 2) ** 2;
      }
    }
  };
  let num = 0;
  let den = 0;
  for (let c = 0; c < K; c++) {
    for (let k = 0; k < K; k++) {
      const d = delta2(c, k);
      num += ((o[c] as number[])[k] as number) * d;
      den += (nc[c] as number) * (nc[k] as number) * d;
    }
  }
  if (den === 0) return null;
  return 1 - ((n - 1) * num) / den;
}
