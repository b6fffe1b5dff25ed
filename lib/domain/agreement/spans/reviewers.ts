/**
 * Reviewer diagnostics for span annotation: each reviewer scored against a gold standard, and the
 * corpus figures without each reviewer (leave-one-out), so a lead sees who pulls agreement down.
 *
 * Against gold: the reviewer is the prediction and gold the reference, with the scorer of `f1.ts` (exact
 * match; overlap with partial credit, SemEval-2020 Task 11), so precision = credit over the reviewer's units
 * and recall = credit over gold's. Units and credits are pooled over the scored documents per label (micro
 * per label), then over labels (micro) and averaged over the labels with a defined F1 (macro).
 * A document is scored for a reviewer when gold has a span in it and the reviewer annotated it (has a span in
 * it); with a fully crossed design (`options.raters`) every document is scored for every reviewer.
 */
import { computeSpanAgreement } from "./compute";
import { pairwiseSpanF1 } from "./f1";
import { f1FromCredits, macroF1 } from "./results";
import type { F1Result, MacroF1, Span, SpanAgreementOptions, SpanAgreementReport } from "./types";

export interface GoldScore {
  readonly micro: F1Result;
  readonly macro: MacroF1;
  readonly perLabel: readonly { readonly label: string; readonly result: F1Result }[];
}

export interface ReviewerGoldReport {
  readonly reviewer: string;
  /** Documents scored (gold and this reviewer both present). */
  readonly documents: number;
  readonly exact: GoldScore;
  readonly overlap: GoldScore;
}

type Acc = { a: number; b: number; ca: number; cb: number };

function score(labels: readonly string[], acc: Map<string, Acc>): GoldScore {
  const perLabel = labels.map((label) => {
    const x = acc.get(label) ?? { a: 0, b: 0, ca: 0, cb: 0 };
    return { label, result: f1FromCredits(x.a, x.b, x.ca, x.cb) };
  });
  let a = 0;
  let b = 0;
  let ca = 0;
  let cb = 0;
  for (const x of acc.values()) {
    a += x.a;
    b += x.b;
    ca += x.ca;
    cb += x.cb;
  }
  return { micro: f1FromCredits(a, b, ca, cb), macro: macroF1(perLabel.map((p) => p.result)), perLabel };
}

function add(acc: Map<string, Acc>, label: string, r: F1Result): void {
  let x = acc.get(label);
  if (!x) acc.set(label, (x = { a: 0, b: 0, ca: 0, cb: 0 }));
  x.a += r.unitsA;
  x.b += r.unitsB;
  x.ca += r.creditA;
  x.cb += r.creditB;
}

/**
 * Every reviewer (rater other than `goldRater`, sorted) against the spans of `goldRater`.
 * `labels`: every label of gold or of a reviewer (non-empty spans), sorted; each reviewer's `perLabel` lists all.
 */
export function reviewersAgainstGold(
  spans: readonly Span[],
  goldRater: string,
  options: { readonly raters?: readonly string[] } = {},
): { labels: string[]; reviewers: ReviewerGoldReport[] } {
  const byDoc = new Map<string, Map<string, Span[]>>();
  const labelSet = new Set<string>();
  const raterSet = new Set<string>(options.raters ?? []);
  for (const s of spans) {
    let m = byDoc.get(s.document);
    if (!m) byDoc.set(s.document, (m = new Map()));
    let l = m.get(s.rater);
    if (!l) m.set(s.rater, (l = []));
    l.push(s);
    raterSet.add(s.rater);
    if (s.end > s.start) labelSet.add(s.label);
  }
  raterSet.delete(goldRater);
  const labels = [...labelSet].sort();
  const crossed = options.raters !== undefined;
  const docs = [...byDoc.keys()].sort();
  const reviewers = [...raterSet].sort().map((reviewer) => {
    const exact = new Map<string, Acc>();
    const overlap = new Map<string, Acc>();
    let documents = 0;
    for (const d of docs) {
      const m = byDoc.get(d)!;
      const gold = m.get(goldRater);
      const mine = m.get(reviewer);
      if (!crossed && (!gold || !mine)) continue;
      documents++;
      const r = pairwiseSpanF1(mine ?? [], gold ?? []);
      for (const p of r.exact.perLabel) add(exact, p.label, p.result);
      for (const p of r.overlap.perLabel) add(overlap, p.label, p.result);
    }
    return { reviewer, documents, exact: score(labels, exact), overlap: score(labels, overlap) };
  });
  return { labels, reviewers };
}

/** A corpus figure: its value, or null with the code saying why. */
export interface FigureValue {
  readonly value: number | null;
  readonly undefinedCode: string | null;
}

export const LEAVE_ONE_OUT_FIGURES = [
  "unitizingAlpha",
  "tokenAlpha",
  "characterAlpha",
  "exactF1Micro",
  "overlapF1Micro",
] as const;
export type LeaveOneOutFigure = (typeof LEAVE_ONE_OUT_FIGURES)[number];

export function corpusFigures(r: SpanAgreementReport): Record<LeaveOneOutFigure, FigureValue> {
  const f = (x: { value?: number | null; f1?: number | null; undefinedCode?: string }): FigureValue => ({
    value: x.value ?? x.f1 ?? null,
    undefinedCode: x.undefinedCode ?? null,
  });
  const c = r.corpus;
  return {
    unitizingAlpha: f(c.unitizingAlpha),
    tokenAlpha: f(c.token.alpha),
    characterAlpha: f(c.character.alpha),
    exactF1Micro: f(c.exactF1.micro),
    overlapF1Micro: f(c.overlapF1.micro),
  };
}

export interface LeaveOneOutRow<F extends string> {
  readonly reviewer: string;
  /** The figures computed without this reviewer's annotations. */
  readonly without: Record<F, FigureValue>;
  /** without - with (null when either is undefined): > 0 means agreement rises without this reviewer. */
  readonly change: Record<F, number | null>;
}

export function changeOf<F extends string>(
  all: Record<F, FigureValue>,
  without: Record<F, FigureValue>,
  names: readonly F[],
): Record<F, number | null> {
  const out = {} as Record<F, number | null>;
  for (const n of names) {
    const a = all[n].value;
    const w = without[n].value;
    out[n] = a === null || w === null ? null : w - a;
  }
  return out;
}

/**
 * The corpus span figures without each rater in turn (raters of the full report, sorted). One full
 * computation per rater: O(R x the cost of `computeSpanAgreement`).
 */
export function spanLeaveOneOut(
  spans: readonly Span[],
  lengths: ReadonlyMap<string, number>,
  options: SpanAgreementOptions = {},
  full: SpanAgreementReport = computeSpanAgreement(spans, lengths, options),
): LeaveOneOutRow<LeaveOneOutFigure>[] {
  const all = corpusFigures(full);
  return full.raters.map((reviewer) => {
    const documentRaters = options.documentRaters
      ? new Map([...options.documentRaters].map(([d, rs]) => [d, rs.filter((r) => r !== reviewer)] as const))
      : undefined;
    const r = computeSpanAgreement(
      spans.filter((s) => s.rater !== reviewer),
      lengths,
      { ...options, raters: options.raters?.filter((x) => x !== reviewer), documentRaters, profile: undefined },
    );
    const without = corpusFigures(r);
    return { reviewer, without, change: changeOf(all, without, LEAVE_ONE_OUT_FIGURES) };
  });
}
