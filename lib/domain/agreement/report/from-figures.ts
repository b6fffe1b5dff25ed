/**
 * The reliability report's data from the span figures of the `agreement` JSON (`spanFiguresJson`) and the
 * item figures of the article-level questions, with ids turned into display names. Pure.
 */
import type { BootstrapOptions, IntervalResult } from "../bootstrap/interval";
import type { CoefficientResult } from "../item/types";
import type { CoefficientJson, SpanReportJson } from "../records/report";
import type { ReliabilityReportInput, ReportFigure, ReportRound } from "./types";

const N_KIND: Record<string, string> = {
  units: "units",
  tokens: "tokens",
  codePoints: "code points",
  spans: "spans",
  labels: "labels",
};

/** A figure without an interval (per-round tables). */
export function plainFigure(
  name: string,
  label: string,
  r: { readonly value?: number | null; readonly f1?: number | null; readonly undefinedReason?: string },
  n: number | null,
  nKind: string | null,
): ReportFigure {
  return {
    name,
    label,
    value: r.value ?? r.f1 ?? null,
    low: null,
    high: null,
    q: null,
    n,
    nKind,
    note: r.undefinedReason ?? null,
  };
}

export function figureOf(c: CoefficientJson, label = c.label): ReportFigure {
  return {
    name: c.name,
    label,
    value: c.value,
    low: c.ci?.low ?? null,
    high: c.ci?.high ?? null,
    q: c.ci?.q ?? null,
    n: c.items ?? c.units ?? null,
    nKind: c.items !== undefined ? "items" : c.unitKind ? (N_KIND[c.unitKind] ?? c.unitKind) : null,
    note: c.undefinedReason ?? (c.ci === null ? (c.ciReason ?? null) : null),
  };
}

/** A question's coefficient, with its interval when the questions were resampled (items: the articles). */
function itemFigure(c: CoefficientResult, interval: IntervalResult | undefined): ReportFigure {
  return {
    name: c.name,
    label: c.label,
    value: c.value,
    low: interval?.ci?.low ?? null,
    high: interval?.ci?.high ?? null,
    q: interval?.ci?.q ?? null,
    n: c.items,
    nKind: "items",
    note: c.undefinedReason ?? (interval && interval.ci === null ? interval.reason : null),
  };
}

const missing = (name: string, label: string): ReportFigure => ({
  name,
  label,
  value: null,
  low: null,
  high: null,
  q: null,
  n: null,
  nKind: null,
  note: "not computed",
});

export interface ReportContext {
  readonly title: string;
  readonly generatedAt: string;
  readonly articles: number;
  readonly codebook: string | null;
  readonly assignment?: string | null;
  readonly bootstrap: BootstrapOptions | null;
  /** id -> display name; unknown ids are shown as they are. */
  readonly reviewerNames: ReadonlyMap<string, string>;
  readonly labels: ReadonlyMap<string, { readonly name: string; readonly colour: string | null }>;
  /** Spans per reviewer id (on every article, compared or not). */
  readonly reviewerSpans: ReadonlyMap<string, number>;
  readonly questions: readonly {
    readonly prompt: string;
    readonly level: string;
    readonly answers: number;
    readonly coefficients: readonly CoefficientResult[];
    /** Bootstrap intervals over the question's items (articles), one per coefficient in the same order. */
    readonly intervals?: readonly IntervalResult[];
  }[];
  readonly rounds?: readonly ReportRound[];
}

export function reliabilityReportInput(json: SpanReportJson, ctx: ReportContext): ReliabilityReportInput {
  const reviewer = (id: string) => ctx.reviewerNames.get(id) ?? id;
  const label = (id: string) => ctx.labels.get(id)?.name ?? id;
  const articlesOf = new Map<string, number>();
  for (const d of json.documents) for (const r of d.raters) articlesOf.set(r, (articlesOf.get(r) ?? 0) + 1);
  const reviewerIds = [...new Set([...articlesOf.keys(), ...ctx.reviewerSpans.keys()])];
  const reviewers = reviewerIds
    .map((id) => ({ name: reviewer(id), articles: articlesOf.get(id) ?? 0, spans: ctx.reviewerSpans.get(id) ?? 0 }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const pick = (cs: readonly CoefficientJson[], name: string, fallback: string) => {
    const c = cs.find((x) => x.name === name);
    return c ? figureOf(c) : missing(name, fallback);
  };
  const totals = new Map<string, number>(json.typology.kinds.map((k) => [k, 0]));
  for (const p of json.typology.pairs) for (const k of json.typology.kinds) totals.set(k, totals.get(k)! + p.total[k]);
  return {
    title: ctx.title,
    generatedAt: ctx.generatedAt,
    design: {
      articles: ctx.articles,
      articlesRated: json.input.documents,
      articlesCompared: json.input.documentsCompared,
      reviewers,
      labels: json.input.labels,
      spans: json.documents.filter((d) => d.raters.length >= 2).reduce((s, d) => s + d.spans, 0),
      ignoredEmptySpans: json.input.ignoredEmptySpans,
      characters: json.documents.filter((d) => d.raters.length >= 2).reduce((s, d) => s + d.length, 0),
      tokens: null,
      codebook: ctx.codebook,
      assignment: ctx.assignment ?? null,
    },
    coefficients: json.coefficients.map((c) => figureOf(c)),
    perLabel: json.perLabel
      .map((l) => ({
        name: label(l.label),
        colour: ctx.labels.get(l.label)?.colour ?? null,
        spans: l.spans,
        unitizingAlpha: pick(l.coefficients, "unitizingAlpha", "Unitizing alpha"),
        tokenAlpha: pick(l.coefficients, "tokenAlpha", "Token-level alpha"),
        overlapF1: pick(l.coefficients, "overlapF1", "Overlap F1"),
      }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    pairs: json.pairs.map((p) => ({
      a: reviewer(p.raterA),
      b: reviewer(p.raterB),
      documents: p.documents,
      exactF1: figureOf(p.exactF1),
      overlapF1: figureOf(p.overlapF1),
    })),
    questions: ctx.questions.map((q) => ({
      prompt: q.prompt,
      level: q.level,
      answers: q.answers,
      figures: q.coefficients.map((c, i) => itemFigure(c, q.intervals?.[i])),
    })),
    confusion: { labels: json.typology.confusion.labels.map(label), overlap: json.typology.confusion.overlap },
    typology: [...totals].map(([kind, count]) => ({ kind, count })),
    rounds: ctx.rounds ?? [],
    bootstrap: ctx.bootstrap
      ? {
          resamples: ctx.bootstrap.resamples,
          level: ctx.bootstrap.level,
          seed: ctx.bootstrap.seed,
          alphaMin: ctx.bootstrap.alphaMin,
        }
      : null,
    continuum: json.continuum,
  };
}
