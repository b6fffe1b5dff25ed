/** Builders keeping results well-formed: `value === null` <=> an undefined code and reason are present. */
import type { AlphaResult, F1Result, KappaResult, MacroF1, SpanUndefinedCode } from "./types";

type Coefficient = AlphaResult | KappaResult;

/** The defined-result builder of one kind of coefficient: a finite value, or a bug. */
function definedOf<R extends Coefficient>(what: string, basis: R["basis"]) {
  return (value: number, observed: number, expected: number, raters: number, units: number): R => {
    if (!Number.isFinite(value))
      throw new Error(`${what}: non-finite value ${String(value)} (bug: unguarded division)`);
    return { value, basis, observed, expected, raters, units } as R;
  };
}

/** The undefined-result builder of one kind of coefficient: a code and a reason instead of a value. */
function undefinedOf<R extends Coefficient>(basis: R["basis"]) {
  return (
    code: SpanUndefinedCode,
    reason: string,
    raters: number,
    units: number,
    observed: number | null = null,
    expected: number | null = null,
  ): R =>
    ({ value: null, undefinedCode: code, undefinedReason: reason, basis, observed, expected, raters, units }) as R;
}

export const alphaDefined = definedOf<AlphaResult>("alpha", "disagreement");
export const alphaUndefined = undefinedOf<AlphaResult>("disagreement");
export const kappaDefined = definedOf<KappaResult>("kappa", "agreement");
export const kappaUndefined = undefinedOf<KappaResult>("agreement");

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
