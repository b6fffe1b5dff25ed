/**
 * The `agreement` command's output: a stable JSON document (documented in the README,
 * "Agreement from the command line") and a plain-text table of the same figures.
 */
import { concatenatedUnitizingSeries } from "../bootstrap/concatenated";
import { bootstrapItemAgreement } from "../bootstrap/items";
import {
  type BootstrapOptions,
  type ConfidenceInterval,
  type IntervalResult,
  percentileInterval,
} from "../bootstrap/interval";
import { bootstrapSpanAgreement } from "../bootstrap/spans";
import { AgreementInputError, computeItemAgreement, type CoefficientResult } from "../item";
import { mace, type MaceOptions, type MaceResult } from "../item/mace";
import { prepareRatings } from "../item/prepare";
import { type ItemGoldRow, itemLeaveOneOut, itemsAgainstGold, recordsOf } from "../item/reviewers";
import { SpanAgreementInputError } from "../spans/errors";
import {
  type GoldScore,
  LEAVE_ONE_OUT_FIGURES,
  type ReviewerGoldReport,
  reviewersAgainstGold,
  spanLeaveOneOut,
} from "../spans/reviewers";
import {
  aggregateSpanAgreement,
  type ContinuumConvention,
  computeSpanPartials,
  type SpanDocumentPartial,
} from "../spans/compute";
import {
  DISAGREEMENT_KINDS,
  type DisagreementKind,
  disagreementTypology,
  type PairTypology,
  type TypologyCounts,
} from "../spans/typology";
import { f1FromCredits } from "../spans/results";
import type { AlphaResult, F1Result, KappaResult, MacroF1, Span } from "../spans/types";
import type { AgreementInput } from "./parse";

/** One figure. `value` null <=> `undefinedCode`/`undefinedReason` say why. */
export type CoefficientJson = {
  name: string;
  label: string;
  level: string | null;
  value: number | null;
  /** Item-level: items that entered the computation. Span-level: units (spans after merging, tokens, code points or spans, see `unitKind`). */
  items?: number;
  units?: number;
  unitKind?: "units" | "tokens" | "codePoints" | "spans" | "labels";
  raters: number;
  undefinedCode: string | null;
  undefinedReason: string | null;
  /** With --bootstrap only: the percentile interval, or null and `ciReason`. */
  ci?: ConfidenceInterval | null;
  ciReason?: string | null;
};

export type ItemReportJson = {
  kind: "item";
  input: {
    records: number;
    missingValues: number;
    items: number;
    raters: number;
    categories: number;
    numeric: boolean;
  };
  coefficients: CoefficientJson[];
  reviewers?: ReviewersJson;
  /** With --mace: competence per rater and the most probable value per item (`item/mace.ts`). */
  mace?: MaceJson;
};

export type MaceJson =
  | {
      categories: readonly (string | number)[];
      competence: readonly { rater: string; competence: number; ratings: number }[];
      items: readonly { item: string; label: string | number; confidence: number; posterior: readonly number[] }[];
      logLikelihood: number;
      restarts: number;
      iterations: number;
      undefinedCode: null;
      undefinedReason: null;
    }
  | { undefinedCode: string; undefinedReason: string };

function maceJson(r: MaceResult): MaceJson {
  if (!r.ok) return { undefinedCode: r.undefinedCode, undefinedReason: r.undefinedReason };
  return {
    categories: r.categories,
    competence: r.competence,
    items: r.items,
    logLikelihood: r.logLikelihood,
    restarts: r.restarts,
    iterations: r.iterations,
    undefinedCode: null,
    undefinedReason: null,
  };
}

export type SpanReportJson = {
  kind: "span";
  /** How the corpus unitizing alpha joins documents (`--continuum`). */
  continuum: ContinuumConvention;
  input: {
    spans: number;
    ignoredEmptySpans: number;
    documents: number;
    documentsCompared: number;
    documentsWithText: number;
    raters: number;
    labels: number;
    raterSetsAgree: boolean;
  };
  coefficients: CoefficientJson[];
  perLabel: { label: string; spans: number; units: number; coefficients: CoefficientJson[] }[];
  pairs: { raterA: string; raterB: string; documents: number; exactF1: CoefficientJson; overlapF1: CoefficientJson }[];
  /** Per document, all its raters: for a curator to adjudicate the worst first. */
  documents: DocumentJson[];
  /** Why raters disagree (spans/typology.ts): per pair and label, and the label x label overlap matrix. */
  typology: {
    kinds: readonly DisagreementKind[];
    pairs: PairTypology[];
    confusion: { labels: readonly string[]; overlap: readonly (readonly number[])[]; unit: "codePoints" };
  };
  reviewers?: ReviewersJson;
};

type Figure = { value: number | null; undefinedCode: string | null };

export type DocumentJson = {
  document: string;
  length: number;
  raters: readonly string[];
  spans: number;
  unitizingAlpha: Figure;
  characterAlpha: Figure;
  tokenAlpha: Figure;
  /** Overlap F1 over the document's rater pairs (credits pooled). */
  overlapF1: Figure;
  typology: { raterA: string; raterB: string; counts: TypologyCounts }[];
};

const figure = (r: { value: number | null; undefinedCode?: string }): Figure => ({
  value: r.value,
  undefinedCode: r.undefinedCode ?? null,
});

export type AgreementReportJson = ItemReportJson | SpanReportJson;

/** A precision/recall/F1 triple against gold (the reviewer as prediction). */
export type GoldScoreJson = {
  precision: number | null;
  recall: number | null;
  f1: number | null;
  /** The reviewer's units and gold's (spans after merging for overlap; distinct spans for exact). */
  reviewerUnits: number;
  goldUnits: number;
  undefinedCode: string | null;
};

export type ReviewerGoldJson = {
  reviewer: string;
  documents: number;
  exact: GoldScoreJson & { macroF1: number | null; perLabel: ({ label: string } & GoldScoreJson)[] };
  overlap: GoldScoreJson & { macroF1: number | null; perLabel: ({ label: string } & GoldScoreJson)[] };
};

export type LeaveOneOutJson = {
  reviewer: string;
  figures: readonly {
    name: string;
    level: string | null;
    value: number | null;
    undefinedCode: string | null;
    change: number | null;
  }[];
};

/** With --gold or --leave-one-out: who pulls agreement down. */
export type ReviewersJson = {
  gold: string | null;
  againstGold: ReviewerGoldJson[] | ItemGoldRow[] | null;
  leaveOneOut: LeaveOneOutJson[] | null;
};

function goldScore(r: F1Result): GoldScoreJson {
  return {
    precision: r.precision,
    recall: r.recall,
    f1: r.f1,
    reviewerUnits: r.unitsA,
    goldUnits: r.unitsB,
    undefinedCode: r.undefinedCode ?? null,
  };
}

function goldJson(r: ReviewerGoldReport): ReviewerGoldJson {
  const side = (x: GoldScore) => ({
    ...goldScore(x.micro),
    macroF1: x.macro.f1,
    perLabel: x.perLabel.map((p) => ({ label: p.label, ...goldScore(p.result) })),
  });
  return { reviewer: r.reviewer, documents: r.documents, exact: side(r.exact), overlap: side(r.overlap) };
}

function spanLeaveOneOutJson(rows: ReturnType<typeof spanLeaveOneOut>): LeaveOneOutJson[] {
  return rows.map((r) => ({
    reviewer: r.reviewer,
    figures: LEAVE_ONE_OUT_FIGURES.map((name) => ({
      name,
      level: name.endsWith("Alpha") ? "nominal" : null,
      value: r.without[name].value,
      undefinedCode: r.without[name].undefinedCode,
      change: r.change[name],
    })),
  }));
}

/** Reviewer diagnostics options: `gold` names the rater whose records are the reference (not a rating). */
export type DiagnosticsOptions = { gold?: string; leaveOneOut?: boolean };

function withoutGold(input: AgreementInput, gold: string | undefined): AgreementInput {
  if (gold === undefined) return input;
  if (input.kind === "span") {
    if (!input.spans.some((s) => s.rater === gold))
      throw new SpanAgreementInputError(`--gold: no span by rater "${gold}"`);
    return { ...input, spans: input.spans.filter((s) => s.rater !== gold) };
  }
  if (!input.ratings.raterIds.includes(gold)) throw new AgreementInputError(`--gold: no rating by rater "${gold}"`);
  return { ...input, ratings: prepareRatings(recordsOf(input.ratings).filter((r) => r.rater !== gold)) };
}

/** An item-level coefficient in the CLI's JSON shape. */
export function itemCoefficientJson(c: CoefficientResult): CoefficientJson {
  return {
    name: c.name,
    label: c.label,
    level: c.level ?? null,
    value: c.value,
    items: c.items,
    raters: c.raters,
    undefinedCode: c.undefinedCode ?? null,
    undefinedReason: c.undefinedReason ?? null,
  };
}

function alpha(
  name: string,
  label: string,
  r: AlphaResult | KappaResult,
  unitKind: CoefficientJson["unitKind"],
): CoefficientJson {
  return {
    name,
    label,
    level: name.endsWith("Alpha") ? "nominal" : null,
    value: r.value,
    units: r.units,
    unitKind,
    raters: r.raters,
    undefinedCode: r.undefinedCode ?? null,
    undefinedReason: r.undefinedReason ?? null,
  };
}

function f1(name: string, label: string, r: F1Result, raters: number): CoefficientJson {
  return {
    name,
    label,
    level: null,
    value: r.f1,
    units: r.unitsA + r.unitsB,
    unitKind: "spans",
    raters,
    undefinedCode: r.undefinedCode ?? null,
    undefinedReason: r.undefinedReason ?? null,
  };
}

function macro(name: string, label: string, r: MacroF1, raters: number): CoefficientJson {
  return {
    name,
    label,
    level: null,
    value: r.f1,
    units: r.labels,
    unitKind: "labels",
    raters,
    undefinedCode: r.undefinedCode ?? null,
    undefinedReason: r.undefinedReason ?? null,
  };
}

function withCi(c: CoefficientJson, r: IntervalResult | undefined): CoefficientJson {
  if (!r) return { ...c, ci: null, ciReason: "No interval for this figure." };
  return { ...c, ci: r.ci, ciReason: r.reason };
}

/**
 * `raters`: a fully crossed design (every document seen by these raters, also those who marked nothing there).
 * `bootstrap`: add percentile intervals to every coefficient (items resampled; span measures: documents).
 */
export function agreementReport(
  full: AgreementInput,
  opts: {
    raters?: readonly string[];
    bootstrap?: BootstrapOptions;
    continuum?: ContinuumConvention;
    diagnostics?: DiagnosticsOptions;
    /** Item records: add MACE competence estimates. */
    mace?: MaceOptions;
  } = {},
): AgreementReportJson {
  const gold = opts.diagnostics?.gold;
  const input = withoutGold(full, gold);
  const raters = gold === undefined ? opts.raters : opts.raters?.filter((r) => r !== gold);
  let base = figuresReport(input, { ...opts, raters });
  if (opts.mace && input.kind === "item" && base.kind === "item")
    base = { ...base, mace: maceJson(mace(input.ratings, opts.mace)) };
  if (!opts.diagnostics || (gold === undefined && !opts.diagnostics.leaveOneOut)) return base;
  let reviewers: ReviewersJson;
  if (full.kind === "item" && input.kind === "item") {
    reviewers = {
      gold: gold ?? null,
      againstGold: gold === undefined ? null : itemsAgainstGold(full.ratings, gold),
      leaveOneOut: opts.diagnostics.leaveOneOut ? itemLeaveOneOut(input.ratings) : null,
    };
  } else if (full.kind === "span" && input.kind === "span") {
    const options = { texts: input.texts, raters, continuum: opts.continuum };
    reviewers = {
      gold: gold ?? null,
      againstGold:
        gold === undefined ? null : reviewersAgainstGold(full.spans, gold, { raters }).reviewers.map(goldJson),
      leaveOneOut: opts.diagnostics.leaveOneOut
        ? spanLeaveOneOutJson(spanLeaveOneOut(input.spans, input.lengths, options))
        : null,
    };
  } else throw new Error("unreachable");
  return { ...base, reviewers };
}

function figuresReport(
  input: AgreementInput,
  opts: { raters?: readonly string[]; bootstrap?: BootstrapOptions; continuum?: ContinuumConvention },
): AgreementReportJson {
  if (input.kind === "item") {
    const boot = opts.bootstrap ? bootstrapItemAgreement(input.ratings, opts.bootstrap) : null;
    const r = boot?.report ?? computeItemAgreement(input.ratings);
    return {
      kind: "item",
      input: {
        records: r.records,
        missingValues: input.missing,
        items: r.items,
        raters: r.raters,
        categories: r.categories,
        numeric: r.allNumeric,
      },
      coefficients: r.coefficients.map((c, i) =>
        boot ? withCi(itemCoefficientJson(c), boot.intervals[i]) : itemCoefficientJson(c),
      ),
    };
  }
  const partials = computeSpanPartials(input.spans, input.lengths, { texts: input.texts, raters: opts.raters });
  return spanFiguresJson(partials, input.spans, { ...opts, documentsWithText: input.texts.size });
}

/**
 * The span figures JSON from document partials (computed here or kept by a caller, e.g. the dashboard's
 * per-article cache) and the spans themselves (for the typology): pooled, with the typology and, with
 * `bootstrap`, the intervals.
 */
export function spanFiguresJson(
  partials: readonly SpanDocumentPartial[],
  spans: readonly Span[],
  opts: {
    raters?: readonly string[];
    bootstrap?: BootstrapOptions;
    continuum?: ContinuumConvention;
    documentsWithText: number;
  },
): SpanReportJson {
  const continuum = opts.continuum ?? "per-document";
  const r = aggregateSpanAgreement(partials, { raters: opts.raters, continuum });
  const counts = { spans: spans.length, documentsWithText: opts.documentsWithText };
  const json = { ...spanJson(counts, r, disagreementTypology(spans, { raters: opts.raters })), continuum };
  if (!opts.bootstrap) return json;
  const ci = bootstrapSpanAgreement(partials, r, opts.bootstrap);
  if (continuum === "concatenated" && r.corpus.raterSetsAgree) {
    // Joined gaps depend on which documents end up adjacent: each resample is concatenated again.
    const few = { ci: null, reason: "Needs at least two compared documents to resample." } as const;
    const compared = partials.filter((p) => p.compared).length;
    for (const [key, values] of concatenatedUnitizingSeries(partials, r, opts.bootstrap))
      ci.set(key, compared < 2 ? few : percentileInterval(values, opts.bootstrap, true));
  }
  return {
    ...json,
    coefficients: json.coefficients.map((c) => withCi(c, ci.get(`corpus:${c.name}`))),
    perLabel: json.perLabel.map((l) => ({
      ...l,
      coefficients: l.coefficients.map((c) => withCi(c, ci.get(`label:${l.label}:${c.name}`))),
    })),
    pairs: json.pairs.map((p) => {
      const key = `pair:${p.raterA}\u0000${p.raterB}`;
      return {
        ...p,
        exactF1: withCi(p.exactF1, ci.get(`${key}:exactF1Micro`)),
        overlapF1: withCi(p.overlapF1, ci.get(`${key}:overlapF1Micro`)),
      };
    }),
  };
}

function documentJson(
  d: ReturnType<typeof aggregateSpanAgreement>["documents"][number],
  typology: DocumentJson["typology"],
): DocumentJson {
  let a = 0;
  let b = 0;
  let ca = 0;
  let cb = 0;
  for (const p of d.pairs) {
    a += p.overlapF1.unitsA;
    b += p.overlapF1.unitsB;
    ca += p.overlapF1.creditA;
    cb += p.overlapF1.creditB;
  }
  const f1 = d.pairs.length ? f1FromCredits(a, b, ca, cb) : null;
  return {
    document: d.document,
    length: d.length,
    raters: d.raters,
    spans: d.spans,
    unitizingAlpha: figure(d.unitizingAlpha),
    characterAlpha: figure(d.character.alpha),
    tokenAlpha: figure(d.token.alpha),
    overlapF1: f1
      ? { value: f1.f1, undefinedCode: f1.undefinedCode ?? null }
      : { value: null, undefinedCode: "too-few-raters" },
    typology,
  };
}

/**
 * The corpus, per-label and per-pair figures of a span report in the CLI's JSON shape; also what the
 * agreement dashboard's JSON download carries, so both read alike.
 */
export function spanCoefficientsJson(
  r: Pick<ReturnType<typeof aggregateSpanAgreement>, "corpus" | "perLabel" | "perPair">,
): Pick<SpanReportJson, "coefficients" | "perLabel" | "pairs"> {
  const c = r.corpus;
  return {
    coefficients: [
      alpha("unitizingAlpha", "Unitizing alpha (u-alpha, pooled over labels)", c.unitizingAlpha, "units"),
      alpha("tokenAlpha", "Token-level Krippendorff's alpha (label sets)", c.token.alpha, "tokens"),
      alpha("tokenFleissKappa", "Token-level Fleiss' kappa (label sets)", c.token.kappa, "tokens"),
      alpha("characterAlpha", "Character-level Krippendorff's alpha (label sets)", c.character.alpha, "codePoints"),
      alpha("characterFleissKappa", "Character-level Fleiss' kappa (label sets)", c.character.kappa, "codePoints"),
      f1("exactF1Micro", "Pairwise span F1, exact match (micro)", c.exactF1.micro, c.raters),
      macro("exactF1Macro", "Pairwise span F1, exact match (macro over labels)", c.exactF1.macro, c.raters),
      f1("overlapF1Micro", "Pairwise span F1, overlap with partial credit (micro)", c.overlapF1.micro, c.raters),
      macro(
        "overlapF1Macro",
        "Pairwise span F1, overlap with partial credit (macro over labels)",
        c.overlapF1.macro,
        c.raters,
      ),
    ],
    perLabel: r.perLabel.map((l) => ({
      label: l.label,
      spans: l.spans,
      units: l.units,
      coefficients: [
        alpha("unitizingAlpha", "Unitizing alpha (binary, this label)", l.unitizingAlpha, "units"),
        alpha("tokenAlpha", "Token-level alpha (present/absent)", l.token.alpha, "tokens"),
        alpha("tokenFleissKappa", "Token-level Fleiss' kappa (present/absent)", l.token.kappa, "tokens"),
        alpha("characterAlpha", "Character-level alpha (present/absent)", l.character.alpha, "codePoints"),
        alpha(
          "characterFleissKappa",
          "Character-level Fleiss' kappa (present/absent)",
          l.character.kappa,
          "codePoints",
        ),
        f1("exactF1", "Pairwise span F1, exact match", l.exactF1, c.raters),
        f1("overlapF1", "Pairwise span F1, overlap", l.overlapF1, c.raters),
      ],
    })),
    pairs: r.perPair.map((p) => ({
      raterA: p.raterA,
      raterB: p.raterB,
      documents: p.documents,
      exactF1: f1("exactF1Micro", "Span F1, exact match (micro)", p.exactF1.micro, 2),
      overlapF1: f1("overlapF1Micro", "Span F1, overlap (micro)", p.overlapF1.micro, 2),
    })),
  };
}

function spanJson(
  input: { spans: number; documentsWithText: number },
  r: ReturnType<typeof aggregateSpanAgreement>,
  t: ReturnType<typeof disagreementTypology>,
): Omit<SpanReportJson, "continuum"> {
  const byDoc = new Map(t.documents.map((d) => [d.document, d.pairs.map((p) => ({ ...p }))] as const));
  const c = r.corpus;
  return {
    kind: "span",
    input: {
      spans: input.spans,
      ignoredEmptySpans: r.ignoredEmptySpans,
      documents: c.documents,
      documentsCompared: c.documentsCompared,
      documentsWithText: input.documentsWithText,
      raters: r.raters.length,
      labels: r.labels.length,
      raterSetsAgree: c.raterSetsAgree,
    },
    ...spanCoefficientsJson(r),
    documents: r.documents.map((d) => documentJson(d, byDoc.get(d.document) ?? [])),
    typology: {
      kinds: DISAGREEMENT_KINDS,
      pairs: [...t.pairs],
      confusion: { labels: t.labels, overlap: t.confusion, unit: "codePoints" },
    },
  };
}

function fmt(c: CoefficientJson): string {
  if (c.value === null) return "undefined";
  return c.ci ? `${c.value.toFixed(4)} [${c.ci.low.toFixed(4)}, ${c.ci.high.toFixed(4)}]` : c.value.toFixed(4);
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
  return rows
    .map((r) =>
      r
        .map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!)))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

function rowsOf(cs: readonly CoefficientJson[]): string[][] {
  return cs.map((c) => [c.label, fmt(c), String(c.items ?? c.units ?? ""), String(c.raters), c.undefinedReason ?? ""]);
}

const num = (x: number | null) => (x === null ? "undefined" : x.toFixed(4));
const signed = (x: number | null) => (x === null ? "undefined" : `${x >= 0 ? "+" : ""}${x.toFixed(4)}`);

function isItemGold(rows: ReviewerGoldJson[] | ItemGoldRow[]): rows is ItemGoldRow[] {
  return rows.length > 0 && "accuracy" in rows[0]!;
}

/** Reviewer diagnostics as tables: each reviewer against gold, then every figure without each reviewer. */
function reviewersTables(d: ReviewersJson): string[] {
  const out: string[] = [];
  if (d.againstGold && d.againstGold.length > 0) {
    out.push("", `reviewers against gold (${d.gold ?? ""})`);
    if (isItemGold(d.againstGold)) {
      out.push(
        table([
          ["reviewer", "items", "agreement with gold", "Cohen's kappa"],
          ...d.againstGold.map((g) => [g.reviewer, String(g.items), num(g.accuracy), num(g.cohenKappa.value)]),
        ]),
      );
    } else {
      const prf = (x: GoldScoreJson) => [num(x.precision), num(x.recall), num(x.f1)];
      out.push(
        table([
          ["reviewer", "label", "documents", "exact P", "exact R", "exact F1", "overlap P", "overlap R", "overlap F1"],
          ...d.againstGold.flatMap((g) => [
            [g.reviewer, "(all)", String(g.documents), ...prf(g.exact), ...prf(g.overlap)],
            ...g.exact.perLabel.map((e, k) => [g.reviewer, e.label, "", ...prf(e), ...prf(g.overlap.perLabel[k]!)]),
          ]),
        ]),
      );
    }
  }
  if (d.leaveOneOut && d.leaveOneOut.length > 0) {
    out.push(
      "",
      "leave one out (each figure without the reviewer; change > 0: agreement rises without them)",
      table([
        ["without", "coefficient", "value", "change"],
        ...d.leaveOneOut.flatMap((row) =>
          row.figures.map((f) => [
            row.reviewer,
            f.level ? `${f.name} (${f.level})` : f.name,
            num(f.value),
            signed(f.change),
          ]),
        ),
      ]),
    );
  }
  return out;
}

/** The same figures as a plain-text table. */
export function formatTable(r: AgreementReportJson): string {
  const head = ["coefficient", "value", r.kind === "item" ? "items" : "units", "raters", "note"];
  if (r.kind === "item") {
    const i = r.input;
    const reviewers = r.reviewers ? reviewersTables(r.reviewers) : [];
    return `${i.records} ratings (${i.missingValues} missing) of ${i.items} items by ${i.raters} raters, ${i.categories} distinct values${i.numeric ? " (all numeric)" : ""}\n\n${[table([head, ...rowsOf(r.coefficients)]), ...reviewers].join("\n")}\n`;
  }
  const i = r.input;
  const out = [
    `${i.spans} spans by ${i.raters} raters over ${i.documents} documents (${i.documentsCompared} with two or more raters, ${i.documentsWithText} with text), ${i.labels} labels`,
    "",
    table([head, ...rowsOf(r.coefficients)]),
  ];
  for (const l of r.perLabel)
    out.push("", `label ${l.label}: ${l.spans} spans, ${l.units} units`, table([head, ...rowsOf(l.coefficients)]));
  if (r.pairs.length) {
    out.push(
      "",
      table([
        ["rater A", "rater B", "documents", "exact F1", "overlap F1"],
        ...r.pairs.map((p) => [p.raterA, p.raterB, String(p.documents), fmt(p.exactF1), fmt(p.overlapF1)]),
      ]),
    );
  }
  if (r.reviewers) out.push(...reviewersTables(r.reviewers));
  return `${out.join("\n")}\n`;
}
