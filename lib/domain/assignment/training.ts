/**
 * Training feedback: an annotator's spans against the gold of a training article, per label. A span
 * matches when label, start and end are all equal (the exact-match rule of the agreement figures'
 * exact F1); duplicates count once. Pure: no framework, no database.
 */
export type LabeledSpan = { label: string; start: number; end: number };
export type LabelFeedback = { label: string; matched: number; missed: number; extra: number };
export type Tally = { matched: number; missed: number; extra: number };
export type TrainingFeedback = Tally & {
  perLabel: LabelFeedback[];
  precision: number | null;
  recall: number | null;
  f1: number | null;
};

const key = (s: LabeledSpan) => `${s.label}\u0000${s.start}\u0000${s.end}`;

export function trainingFeedback(mine: readonly LabeledSpan[], gold: readonly LabeledSpan[]): TrainingFeedback {
  const goldKeys = new Map(gold.map((g) => [key(g), g.label]));
  const mineKeys = new Map(mine.map((m) => [key(m), m.label]));
  const perLabel = new Map<string, LabelFeedback>();
  const row = (label: string) => {
    let r = perLabel.get(label);
    if (!r) perLabel.set(label, (r = { label, matched: 0, missed: 0, extra: 0 }));
    return r;
  };
  for (const [k, label] of goldKeys) {
    if (mineKeys.has(k)) row(label).matched++;
    else row(label).missed++;
  }
  for (const [k, label] of mineKeys) if (!goldKeys.has(k)) row(label).extra++;
  const rows = [...perLabel.values()].sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
  const total = rows.reduce((t, r) => addTally(t, r), { matched: 0, missed: 0, extra: 0 });
  return { ...scores(total), ...total, perLabel: rows };
}

export function addTally(a: Tally, b: Tally): Tally {
  return { matched: a.matched + b.matched, missed: a.missed + b.missed, extra: a.extra + b.extra };
}

/**
 * Precision m/(m+extra), recall m/(m+missed), F1 2m/(2m+missed+extra); each null when its denominator is
 * 0 (F1 is null only when neither gold nor the annotator has a span: there was nothing to find).
 */
export function scores({ matched, missed, extra }: Tally): {
  precision: number | null;
  recall: number | null;
  f1: number | null;
} {
  const p = matched + extra;
  const r = matched + missed;
  const f = 2 * matched + missed + extra;
  return { precision: p ? matched / p : null, recall: r ? matched / r : null, f1: f ? (2 * matched) / f : null };
}

/**
 * Whether an annotator passed a training round: the manager's decision when there is one, else micro F1
 * over the round's done, gold-annotated articles at least the threshold (no figure yet: not qualified).
 */
export function qualifies(f1: number | null, threshold: number, override: boolean | null): boolean {
  if (override !== null) return override;
  return f1 !== null && f1 >= threshold;
}
