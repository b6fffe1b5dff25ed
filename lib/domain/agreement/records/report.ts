/**
 * The `agreement` command's output: a stable JSON document (documented in the README,
 * "Agreement from the command line") and a plain-text table of the same figures.
 */
import { bootstrapItemAgreement } from "../bootstrap/items";
import type { BootstrapOptions, ConfidenceInterval, IntervalResult } from "../bootstrap/interval";
import { bootstrapSpanAgreement } from "../bootstrap/spans";
import { computeItemAgreement, type CoefficientResult } from "../item";
import { aggregateSpanAgreement, computeSpanPartials } from "../spans/compute";
import {
  DISAGREEMENT_KINDS,
  type DisagreementKind,
  disagreementTypology,
  type PairTypology,
  type TypologyCounts,
} from "../spans/typology";
import { f1FromCredits } from "../spans/results";
import type { AlphaResult, F1Result, KappaResult, MacroF1 } from "../spans/types";
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
};

export type SpanReportJson = {
  kind: "span";
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
  input: AgreementInput,
  opts: { raters?: readonly string[]; bootstrap?: BootstrapOptions } = {},
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
  const r = aggregateSpanAgreement(partials, { raters: opts.raters });
  const json = spanJson(input, r, disagreementTypology(input.spans, { raters: opts.raters }));
  if (!opts.bootstrap) return json;
  const ci = bootstrapSpanAgreement(partials, r, opts.bootstrap);
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
export function spanFiguresJson(
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
  input: Extract<AgreementInput, { kind: "span" }>,
  r: ReturnType<typeof aggregateSpanAgreement>,
  t: ReturnType<typeof disagreementTypology>,
): SpanReportJson {
  const byDoc = new Map(t.documents.map((d) => [d.document, d.pairs.map((p) => ({ ...p }))] as const));
  const c = r.corpus;
  return {
    kind: "span",
    input: {
      spans: input.spans.length,
      ignoredEmptySpans: r.ignoredEmptySpans,
      documents: c.documents,
      documentsCompared: c.documentsCompared,
      documentsWithText: input.texts.size,
      raters: r.raters.length,
      labels: r.labels.length,
      raterSetsAgree: c.raterSetsAgree,
    },
    ...spanFiguresJson(r),
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

/** The same figures as a plain-text table. */
export function formatTable(r: AgreementReportJson): string {
  const head = ["coefficient", "value", r.kind === "item" ? "items" : "units", "raters", "note"];
  if (r.kind === "item") {
    const i = r.input;
    return `${i.records} ratings (${i.missingValues} missing) of ${i.items} items by ${i.raters} raters, ${i.categories} distinct values${i.numeric ? " (all numeric)" : ""}\n\n${table([head, ...rowsOf(r.coefficients)])}\n`;
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
  return `${out.join("\n")}\n`;
}
