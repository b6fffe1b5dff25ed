import "server-only";
import type { BootstrapOptions } from "@/lib/domain/agreement/bootstrap/interval";
import { bootstrapItemAgreement } from "@/lib/domain/agreement/bootstrap/items";
import { spanFiguresJson } from "@/lib/domain/agreement/records/report";
import { plainFigure, reliabilityReportInput } from "@/lib/domain/agreement/report/from-figures";
import { reliabilityReportHtml } from "@/lib/domain/agreement/report/html";
import type { ReportRound } from "@/lib/domain/agreement/report/types";
import type { Span, SpanDocumentPartial } from "@/lib/domain/agreement/spans";
import { Prisma } from "@/lib/generated/sqlite/client";
import type { Actor } from "../actor";
import { db } from "../db";
import { AppError } from "../errors";
import { entriesAt } from "./article-state";
import { computeProjectAgreement } from "./compute-project-agreement";
import { answersInOrder, questionRecords } from "./question-agreement";
import { loadSpanGroups } from "./raw";
import type { QuestionAgreement, RoundFigures, StudyDesign } from "./types";

/** A round's span figures as a report table (values as pooled for the dashboard; no intervals). */
function roundOf(r: RoundFigures): ReportRound {
  const c = r.corpus;
  return {
    name: r.name,
    training: r.training,
    codebookVersion: r.codebookVersion,
    articles: r.articles,
    compared: c.documentsCompared,
    reviewers: c.raters,
    figures: [
      plainFigure(
        "unitizingAlpha",
        "Unitizing alpha (u-alpha, pooled over labels)",
        c.unitizingAlpha,
        c.units,
        "units",
      ),
      plainFigure("tokenAlpha", "Token-level Krippendorff's alpha (label sets)", c.token.alpha, c.tokens, "tokens"),
      plainFigure(
        "characterAlpha",
        "Character-level Krippendorff's alpha (label sets)",
        c.character.alpha,
        c.characters,
        "code points",
      ),
      plainFigure("exactF1Micro", "Pairwise span F1, exact match (micro)", c.exactF1.micro, null, null),
      plainFigure(
        "overlapF1Micro",
        "Pairwise span F1, overlap with partial credit (micro)",
        c.overlapF1.micro,
        null,
        null,
      ),
    ],
  };
}

function codebookText(rounds: readonly RoundFigures[]): string | null {
  const versions = [...new Set(rounds.map((r) => r.codebookVersion))].sort((a, b) => a - b);
  if (versions.length === 0) return null;
  return versions.length === 1 ? `version ${versions[0]}` : `versions ${versions.join(", ")} (per round below)`;
}

function assignmentText(d: StudyDesign): string {
  if (d.mode === "everyone" || d.k === null) return "every annotator rates every article";
  return `${d.mode}: ${d.k} annotators per article; ${d.reachedK} of ${d.assigned} assigned articles reached ${d.k} done annotators, ${d.belowK} have fewer`;
}

/**
 * The live questions' figures; with a bootstrap, each with intervals from resampling its items (articles),
 * as the CLI does for item records. The answers are read again at the figures' revision or later, so a
 * coefficient comes with the resampled report's own point estimate (equal to the dashboard's when nothing moved).
 */
async function reportQuestions(questions: readonly QuestionAgreement[], bootstrap: BootstrapOptions | null) {
  const live = questions.filter((q) => !q.archived);
  if (!bootstrap)
    return live.map((q) => ({
      prompt: q.prompt,
      level: q.level,
      answers: q.answers,
      coefficients: q.report.coefficients,
    }));
  const rows = await db.question.findMany({
    where: { id: { in: live.map((q) => q.questionId) } },
    select: {
      id: true,
      kind: true,
      options: true,
      answers: answersInOrder,
    },
  });
  const byId = new Map(rows.map((r) => [r.id, r]));
  return live.map((q) => {
    const row = byId.get(q.questionId);
    if (!row) return { prompt: q.prompt, level: q.level, answers: q.answers, coefficients: q.report.coefficients };
    const { level, records } = questionRecords(row);
    if (records.length === 0)
      return { prompt: q.prompt, level: q.level, answers: 0, coefficients: q.report.coefficients };
    const { report, intervals } = bootstrapItemAgreement(records, bootstrap, { level });
    return { prompt: q.prompt, level, answers: records.length, coefficients: report.coefficients, intervals };
  });
}

export type ReliabilityReportOptions = { bootstrap: BootstrapOptions | null };

/**
 * The project's reliability report as one HTML file (permission: that of the agreement figures: admins and
 * the project's curators and managers; anonymised curators see pseudonyms).
 * Span figures are pooled from the per-article partials the dashboard keeps (so intervals resample
 * them without recomputing an article); the typology reads the project's spans once more.
 * Per-round tables: the dashboard's per-round poolings (values; intervals are for the project figures).
 */
export async function reliabilityReport(
  actor: Actor,
  projectId: string,
  options: ReliabilityReportOptions,
): Promise<{ html: string; fileName: string }> {
  // The figures and the kept per-article state must be of one revision; a write in between means once more.
  for (let attempt = 0; attempt < 3; attempt++) {
    const agreement = await computeProjectAgreement(actor, projectId);
    const groups = await loadSpanGroups(Prisma.sql`p."projectId" = ${projectId}`);
    const now = await db.project.findUnique({ where: { id: projectId }, select: { annotationRevision: true } });
    const entries = entriesAt(projectId, agreement.revision);
    if (!entries || now?.annotationRevision !== agreement.revision) continue;
    const partials: SpanDocumentPartial[] = [];
    let withText = 0;
    for (const e of entries.values()) {
      if (!e.partial) continue;
      partials.push(e.partial);
      if (e.partial.token) withText++;
    }
    // The typology sees the spans of each article's raters (in assignment modes: its assigned annotators who marked it done).
    const ratersOf = new Map(partials.map((p) => [p.document, new Set(p.raters)] as const));
    const spans: Span[] = [];
    const reviewerSpans = new Map<string, number>();
    for (const { id, groups: gs } of groups) {
      const raters = ratersOf.get(id);
      if (!raters) continue;
      for (const [rater, label, starts, ends] of gs) {
        if (!raters.has(rater)) continue;
        for (let i = 0; i < starts.length; i++) {
          spans.push({ document: id, rater, label, start: starts[i]!, end: ends[i]! });
          if (ends[i]! > starts[i]!) reviewerSpans.set(rater, (reviewerSpans.get(rater) ?? 0) + 1);
        }
      }
    }
    const json = spanFiguresJson(partials, spans, {
      bootstrap: options.bootstrap ?? undefined,
      documentsWithText: withText,
    });
    const input = reliabilityReportInput(json, {
      title: agreement.project.name,
      generatedAt: agreement.computedAt,
      articles: agreement.project.articles,
      codebook: codebookText(agreement.rounds),
      assignment: assignmentText(agreement.design),
      bootstrap: options.bootstrap,
      reviewerNames: new Map(Object.entries(agreement.raters).map(([id, r]) => [id, r.name])),
      labels: new Map(Object.entries(agreement.labels).map(([id, l]) => [id, { name: l.name, colour: l.colour }])),
      reviewerSpans,
      questions: await reportQuestions(agreement.questions, options.bootstrap),
      rounds: agreement.rounds.map(roundOf),
    });
    const slug =
      agreement.project.name
        .replace(/[^A-Za-z0-9]+/g, "-")
        .replace(/^-|-$/g, "")
        .slice(0, 60) || "project";
    return { html: reliabilityReportHtml(input), fileName: `reliability-${slug}.html` };
  }
  throw new AppError("CONFLICT", "The annotations kept changing while the report was built; try again.");
}
