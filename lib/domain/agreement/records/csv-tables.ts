/**
 * The `agreement` command's figures as CSV tables (`--format csv --table NAME`), one tidy table per file so
 * they load straight into R, pandas or a spreadsheet: a header row, then one row per figure (long format).
 * RFC 4180 via the dataset encoder; `excelSafe` neutralises spreadsheet formulas in text cells.
 */
import { type CsvOptions, csvRow, type CsvValue } from "../../dataset/csv";
import { DISAGREEMENT_KINDS } from "../spans/typology";
import type { AgreementReportJson, CoefficientJson } from "./report";

export const CSV_TABLES = ["coefficients", "typology", "confusion", "documents", "reviewers"] as const;
export type CsvTable = (typeof CSV_TABLES)[number];

/** Tables that need span records. */
export const SPAN_ONLY_TABLES: readonly CsvTable[] = ["typology", "confusion", "documents"];

function encode(header: readonly string[], rows: readonly (readonly CsvValue[])[], opts: CsvOptions): string {
  let out = csvRow(header);
  for (const r of rows) out += csvRow(r, opts);
  return out;
}

const COEFFICIENT_HEADER = [
  "scope",
  "label",
  "rater_a",
  "rater_b",
  "name",
  "level",
  "value",
  "n",
  "n_kind",
  "raters",
  "ci_low",
  "ci_high",
  "ci_level",
  "undefined_code",
] as const;

function coefficientRow(
  scope: string,
  label: string | null,
  a: string | null,
  b: string | null,
  c: CoefficientJson,
): CsvValue[] {
  return [
    scope,
    label,
    a,
    b,
    c.name,
    c.level,
    c.value,
    c.items ?? c.units ?? null,
    c.items !== undefined ? "items" : (c.unitKind ?? null),
    c.raters,
    c.ci?.low ?? null,
    c.ci?.high ?? null,
    c.ci?.level ?? null,
    c.undefinedCode,
  ];
}

/**
 * One table of a report. Throws RangeError for a span-only table of an item report (the CLI checks first).
 * - coefficients: scope (corpus | label | pair), label, rater_a, rater_b, name, level, value, n, n_kind, raters,
 *   ci_low, ci_high, ci_level, undefined_code
 * - typology: rater_a, rater_b, label, kind, count (every pair x label x kind, zeros included)
 * - confusion: label_a, label_b, overlap_code_points (every cell of the symmetric matrix)
 * - documents: document, length, raters, spans, unitizing_alpha, character_alpha, token_alpha, overlap_f1,
 *   and one column per disagreement kind summed over the document's pairs
 * - reviewers (with --gold, --leave-one-out or --mace): reviewer, source (gold | leave-one-out | mace),
 *   measure, level, label, value, change
 */
export function reportCsv(report: AgreementReportJson, table: CsvTable, opts: CsvOptions = {}): string {
  if (table === "coefficients") {
    const rows: CsvValue[][] = report.coefficients.map((c) => coefficientRow("corpus", null, null, null, c));
    if (report.kind === "span") {
      for (const l of report.perLabel)
        for (const c of l.coefficients) rows.push(coefficientRow("label", l.label, null, null, c));
      for (const p of report.pairs)
        for (const c of [p.exactF1, p.overlapF1]) rows.push(coefficientRow("pair", null, p.raterA, p.raterB, c));
    }
    return encode(COEFFICIENT_HEADER, rows, opts);
  }
  if (table === "reviewers") return encode(REVIEWER_HEADER, reviewerRows(report), opts);
  if (report.kind !== "span") throw new RangeError(`the ${table} table needs span records`);
  if (table === "typology") {
    const rows: CsvValue[][] = [];
    for (const p of report.typology.pairs)
      for (const l of p.perLabel)
        for (const k of DISAGREEMENT_KINDS) rows.push([p.raterA, p.raterB, l.label, k, l.counts[k]]);
    return encode(["rater_a", "rater_b", "label", "kind", "count"], rows, opts);
  }
  if (table === "confusion") {
    const { labels, overlap } = report.typology.confusion;
    const rows: CsvValue[][] = [];
    for (const [i, a] of labels.entries()) for (const [j, b] of labels.entries()) rows.push([a, b, overlap[i]![j]!]);
    return encode(["label_a", "label_b", "overlap_code_points"], rows, opts);
  }
  const rows = report.documents.map((d) => {
    const kinds = DISAGREEMENT_KINDS.map((k) => d.typology.reduce((s, p) => s + p.counts[k], 0));
    return [
      d.document,
      d.length,
      d.raters.length,
      d.spans,
      d.unitizingAlpha.value,
      d.characterAlpha.value,
      d.tokenAlpha.value,
      d.overlapF1.value,
      ...kinds,
    ];
  });
  return encode(
    [
      "document",
      "length",
      "raters",
      "spans",
      "unitizing_alpha",
      "character_alpha",
      "token_alpha",
      "overlap_f1",
      ...DISAGREEMENT_KINDS,
    ],
    rows,
    opts,
  );
}

const REVIEWER_HEADER = ["reviewer", "source", "measure", "level", "label", "value", "change"] as const;

type GoldSide = { precision: number | null; recall: number | null; f1: number | null };

/** Reviewer diagnostics, one row per figure: against gold, leave-one-out and MACE competence. */
function reviewerRows(report: AgreementReportJson): CsvValue[][] {
  const rows: CsvValue[][] = [];
  const d = report.reviewers;
  for (const g of d?.againstGold ?? []) {
    if ("exact" in g) {
      for (const kind of ["exact", "overlap"] as const) {
        const side = g[kind];
        const push = (label: string | null, x: GoldSide) => {
          for (const m of ["precision", "recall", "f1"] as const)
            rows.push([g.reviewer, "gold", `${kind}_${m}`, null, label, x[m], null]);
        };
        push(null, side);
        for (const l of side.perLabel) push(l.label, l);
      }
    } else {
      rows.push([g.reviewer, "gold", "accuracy", null, null, g.accuracy, null]);
      rows.push([g.reviewer, "gold", "cohenKappa", null, null, g.cohenKappa.value, null]);
    }
  }
  for (const r of d?.leaveOneOut ?? [])
    for (const f of r.figures) rows.push([r.reviewer, "leave-one-out", f.name, f.level, null, f.value, f.change]);
  if (report.kind === "item" && report.mace && "competence" in report.mace)
    for (const c of report.mace.competence) rows.push([c.rater, "mace", "competence", null, null, c.competence, null]);
  return rows;
}
