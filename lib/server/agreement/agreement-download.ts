import "server-only";
import { csvRow } from "@/lib/domain/dataset/csv";
import { type CoefficientJson, itemCoefficientJson, spanCoefficientsJson } from "@/lib/domain/agreement/records/report";
import type { Actor } from "../actor";
import { db } from "../db";
import { computeProjectAgreement, type ProjectAgreement } from "./compute-project-agreement";

/** Spans of the whole project (every article, compared or not), for the dashboard's counts. */
export async function projectSpanCount(projectId: string): Promise<number> {
  return db.annotation.count({ where: { article: { projectId } } });
}

/** Spans on the compared articles (two or more raters): what the span figures are computed from. */
export const comparedSpans = (r: ProjectAgreement) => r.documents.reduce((n, d) => n + d.spans, 0);

/**
 * The dashboard's figures for download, in the CLI's JSON shape (`agreement --format json`): the same
 * `kind`, `input`, `coefficients`, `perLabel` and `pairs`, plus the project's per-article summary, the
 * primary frame and the questions (item-level coefficients as the CLI writes them) and the names of
 * labels and raters. Admin only, through `computeProjectAgreement`.
 */
export async function projectAgreementJson(actor: Actor, projectId: string) {
  const r = await computeProjectAgreement(actor, projectId);
  const c = r.corpus;
  return {
    kind: "span" as const,
    project: {
      id: r.project.id,
      name: r.project.name,
      articles: r.project.articles,
      spans: await projectSpanCount(projectId),
    },
    revision: r.revision,
    computedAt: r.computedAt,
    input: {
      spans: comparedSpans(r),
      ignoredEmptySpans: r.ignoredEmptySpans,
      documents: r.articlesWithRaters,
      documentsCompared: c.documentsCompared,
      documentsWithText: r.articlesWithRaters,
      raters: c.raters,
      labels: r.perLabel.length,
      raterSetsAgree: c.raterSetsAgree,
    },
    ...spanCoefficientsJson(r),
    documents: r.documents.map((d) => ({
      document: d.articleId,
      title: r.articleTitles[d.articleId] ?? "",
      raters: d.raters,
      spans: d.spans,
      unitizingAlpha: { value: d.unitizingAlpha.value, undefinedCode: d.unitizingAlpha.undefinedCode ?? null },
      overlapF1: d.meanOverlapF1,
      exactF1: d.meanExactF1,
      disagreement: d.disagreement,
    })),
    primaryFrame: {
      kind: "item" as const,
      items: r.primaryFrame.items,
      raters: r.primaryFrame.raters,
      coefficients: r.primaryFrame.coefficients.map(itemCoefficientJson),
    },
    questions: r.questions.map((q) => ({
      question: q.questionId,
      prompt: q.prompt,
      level: q.level,
      archived: q.archived,
      answers: q.answers,
      items: q.report.items,
      raters: q.report.raters,
      coefficients: q.report.coefficients.map(itemCoefficientJson),
    })),
    names: {
      labels: Object.fromEntries(Object.entries(r.labels).map(([id, l]) => [id, l.name])),
      raters: Object.fromEntries(Object.entries(r.raters).map(([id, u]) => [id, u.name])),
    },
  };
}

export type ProjectAgreementJson = Awaited<ReturnType<typeof projectAgreementJson>>;

export const AGREEMENT_CSV_COLUMNS = [
  "scope",
  "scope_id",
  "scope_name",
  "coefficient",
  "description",
  "level",
  "value",
  "units",
  "unit_kind",
  "raters",
  "undefined_reason",
] as const;

/** The same figures as CSV, one coefficient a row: scope corpus, label, pair, primary_frame or question. */
export function agreementCsv(j: ProjectAgreementJson): string {
  const row = (scope: string, id: string, name: string, c: CoefficientJson) =>
    csvRow(
      [
        scope,
        id,
        name,
        c.name,
        c.label,
        c.level ?? "",
        c.value ?? "",
        c.units ?? c.items ?? "",
        c.unitKind ?? (c.items !== undefined ? "items" : ""),
        c.raters,
        c.undefinedReason ?? "",
      ],
      { excelSafe: true },
    );
  const label = (id: string) => j.names.labels[id] ?? id;
  const rater = (id: string) => j.names.raters[id] ?? id;
  return [
    csvRow(AGREEMENT_CSV_COLUMNS),
    ...j.coefficients.map((c) => row("corpus", j.project.id, j.project.name, c)),
    ...j.perLabel.flatMap((l) => l.coefficients.map((c) => row("label", l.label, label(l.label), c))),
    ...j.pairs.flatMap((p) =>
      [p.exactF1, p.overlapF1].map((c) =>
        row("pair", `${p.raterA};${p.raterB}`, `${rater(p.raterA)} × ${rater(p.raterB)}`, c),
      ),
    ),
    ...j.primaryFrame.coefficients.map((c) => row("primary_frame", j.project.id, "primary frame per article", c)),
    ...j.questions.flatMap((q) => q.coefficients.map((c) => row("question", q.question, q.prompt, c))),
  ].join("");
}
