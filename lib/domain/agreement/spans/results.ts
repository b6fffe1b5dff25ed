/** Builders keeping results well-formed: `value === null` <=> an undefined code and reason are present. */
import type { AlphaResult, F1Result, KappaResult, MacroF1, SpanUndefinedCode } from "./types";

export function alphaDefined(
  value: number,
  observed: number,
  expected: number,
  raters: number,
  units: number,
): AlphaResult {
  if (!Number.isFinite(value)) throw new Error(`alpha: non-finite value ${String(value)} (bug: unguarded division)`);
  return { value, basis: "disagreement", observed, expected, raters, units };
}

export function alphaUndefined(
  code: SpanUndefinedCode,
  reason: string,
  raters: number,
  units: number,
  observed: number | null = null,
  expected: number | null = null,
): AlphaResult {
  return {
    value: null,
    undefinedCode: code,
    undefinedReason: reason,
    basis: "disagreement",
    observed,
    expected,
    raters,
    units,
  };
}

export function kappaDefined(
  value: number,
  observed: number,
  expected: number,
  raters: number,
  units: number,
): KappaResult {
  if (!Number.isFinite(value)) throw new Error(`kappa: non-finite value ${String(value)} (bug: unguarded division)`);
  return { value, basis: "agreement", observed, expected, raters, units };
}

export function kappaUndefined(
  code: SpanUndefinedCode,
  reason: string,
  raters: number,
  units: number,
  observed: number | null = null,
  expected: number | null = null,
): KappaResult {
  return {
    value: null,
    undefinedCode: code,
    undefinedReason: reason,
    basis: "agreement",
    observed,
    expected,
    raters,
    units,
  };
}

/**
 * F1 from credits. Both sides empty: undefined. One side empty: the empty
 * side's precision (or recall) is undefined (0/0), the other is 0 and F1 is 0 —
 * a genuine total disagreement (one rater marked spans, the other none).
 */
export function f1FromCredits(unitsA: number, unitsB: number, creditA: number, creditB: number): F1Result {
  if (unitsA === 0 && unitsB === 0) {
    return {
      precision: null,
      recall: null,
      f1: null,
      undefinedCode: "no-spans",
      undefinedReason: "Neither rater has a span to compare.",
      unitsA,
      unitsB,
      creditA,
      creditB,
    };
  }
  const precision = unitsA > 0 ? creditA / unitsA : null;
  const recall = unitsB > 0 ? creditB / unitsB : null;
  const p = precision ?? 0;
  const r = recall ?? 0;
  const f1 = p + r > 0 ? (2 * p * r) / (p + r) : 0;
  return { precision, recall, f1, unitsA, unitsB, creditA, creditB };
}

export function macroF1(perLabel: readonly F1Result[]): MacroF1 {
  let sum = 0;
  let n = 0;
  for (const r of perLabel) {
    if (r.f1 !== null) {
      sum += r.f1;
      n++;
    }
  }
  if (n === 0)
    return { f1: null, undefinedCode: "no-spans", undefinedReason: "No label has a span on either side.", labels: 0 };
  return { f1: sum / n, labels: n };
}
