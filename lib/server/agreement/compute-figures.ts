import "server-only";
import {
  aggregateSpanAgreement,
  computeDocumentPartial,
  type Span,
  type SpanDocumentPartial,
} from "@/lib/domain/agreement/spans";
import { Prisma } from "@/lib/generated/sqlite/client";
import { db } from "../db";
import { type ArticleEntry, type Cover, keepEntries, previousEntries, versionOf } from "./article-state";
import { loadStoredEntries, storeEntries } from "./partial-store";
import { primaryFrameAgreement, questionAgreement } from "./question-agreement";
import { loadAssignedDone, loadDoneStatuses, loadSpanGroups, loadTexts, type SpanGroup } from "./raw";
import type { DocumentSummary, ProjectAgreementFigures, RoundFigures } from "./types";

const ARTICLE_BATCH = 250;

type ArticleRow = { id: string; length: number; position: number; textHash: string; annotationRevision: number };

/**
 * One article's span groups as spans, adding their raters to `raters` and each (rater, label) group's
 * covered code points and non-empty spans to `cover`.
 */
function spansOfGroups(
  document: string,
  groups: readonly SpanGroup[],
  raters: Set<string>,
  cover: Cover,
  onlyRaters: boolean,
): Span[] {
  const spans: Span[] = [];
  for (const [rater, label, starts, ends] of groups) {
    // By design, only the chosen raters count: the others' spans are not part of the figures.
    if (onlyRaters && !raters.has(rater)) continue;
    raters.add(rater);
    let chars = 0;
    let count = 0;
    for (let i = 0; i < starts.length; i++) {
      const start = starts[i]!;
      const end = ends[i]!;
      spans.push({ document, rater, label, start, end });
      if (end > start) {
        chars += end - start;
        count++;
      }
    }
    if (count === 0) continue;
    let perLabel = cover.get(rater);
    if (!perLabel) cover.set(rater, (perLabel = new Map()));
    const c = perLabel.get(label); // one group per (rater, label); added up all the same
    if (c) {
      c[0] += chars;
      c[1] += count;
    } else perLabel.set(label, [chars, count]);
  }
  return spans;
}

/**
 * The batches to reload. Most of a project changed (a cold start): ranges of article positions (the
 * (projectId, position) index), skipping the unchanged; else the changed articles by id.
 */
function reloadBatches(projectId: string, articles: readonly ArticleRow[], changed: ArticleRow[]) {
  const bulk = changed.length * 2 > articles.length;
  const batches: { where: Prisma.Sql; articles: ArticleRow[] }[] = [];
  if (bulk) {
    const positions = [...new Set(articles.map((a) => a.position))]; // sorted; distinct, so ranges never overlap
    for (let i = 0; i < positions.length; i += ARTICLE_BATCH) {
      const lo = positions[i]!;
      const hi = positions[Math.min(i + ARTICLE_BATCH, positions.length) - 1]!;
      const where = Prisma.sql`p."projectId" = ${projectId} AND p."position" >= ${lo} AND p."position" <= ${hi}`;
      batches.push({ where, articles: changed.filter((a) => a.position >= lo && a.position <= hi) });
    }
  } else {
    for (let i = 0; i < changed.length; i += ARTICLE_BATCH) {
      const part = changed.slice(i, i + ARTICLE_BATCH);
      batches.push({ where: Prisma.sql`p."id" IN (${Prisma.join(part.map((a) => a.id))})`, articles: part });
    }
  }
  return { bulk, batches };
}

/** Loads one batch of articles and builds their entries; returns the milliseconds spent loading and computing. */
async function buildEntries(
  batch: readonly ArticleRow[],
  where: Prisma.Sql,
  bulk: boolean,
  entries: Map<string, ArticleEntry>,
  byDesign: boolean,
) {
  const tBatch = performance.now();
  const raters = new Map<string, Set<string>>(batch.map((a) => [a.id, new Set()]));
  // Raters. "everyone" mode: "done" statuses, plus everyone with a span. Assignment modes: the assigned
  // annotators who marked the article done (compute-project-agreement.ts).
  for (const st of await (byDesign ? loadAssignedDone(where) : loadDoneStatuses(where)))
    raters.get(st.articleId)?.add(st.userId);
  const spans = new Map<string, Span[]>();
  const covers = new Map<string, Cover>();
  for (const { id, groups } of await loadSpanGroups(where)) {
    const set = raters.get(id);
    if (!set) continue; // unchanged
    const cover: Cover = new Map();
    spans.set(id, spansOfGroups(id, groups, set, cover, byDesign));
    covers.set(id, cover);
  }
  // Texts (token level) only of the articles two or more raters share.
  const compared = batch.filter((a) => raters.get(a.id)!.size >= 2).map((a) => a.id);
  const texts = new Map<string, string>();
  if (compared.length) {
    const wanted = new Set(compared);
    for (const r of await loadTexts(bulk ? where : Prisma.sql`p."id" IN (${Prisma.join(compared)})`))
      if (wanted.has(r.id)) texts.set(r.id, r.text);
  }
  const tLoaded = performance.now();
  for (const a of batch) {
    const set = raters.get(a.id)!;
    const list = spans.get(a.id) ?? [];
    const partial =
      set.size === 0
        ? null
        : computeDocumentPartial(a.id, list, { length: a.length, text: texts.get(a.id), raters: [...set].sort() });
    entries.set(a.id, { version: versionOf(a), partial, cover: covers.get(a.id) ?? new Map() });
  }
  return { load: tLoaded - tBatch, spans: performance.now() - tLoaded };
}

function documentSummaries(report: ReturnType<typeof aggregateSpanAgreement>): DocumentSummary[] {
  const documents: DocumentSummary[] = [];
  for (const d of report.documents) {
    if (d.raters.length < 2) continue;
    let overlap = 0;
    let exact = 0;
    let pairs = 0;
    for (const p of d.pairs) {
      if (p.overlapF1.f1 === null || p.exactF1.f1 === null) continue;
      overlap += p.overlapF1.f1;
      exact += p.exactF1.f1;
      pairs++;
    }
    const meanOverlapF1 = pairs ? overlap / pairs : null;
    documents.push({
      articleId: d.document,
      raters: d.raters.length,
      spans: d.spans,
      unitizingAlpha: d.unitizingAlpha,
      meanOverlapF1,
      meanExactF1: pairs ? exact / pairs : null,
      disagreement: meanOverlapF1 === null ? null : 1 - meanOverlapF1,
    });
  }
  return documents.sort(worstFirst);
}

/**
 * The figures of one project revision, reusing the per-article entries of the last computed revision
 * (see article-state.ts) and reloading only the articles whose version moved.
 */
export async function computeFigures(projectId: string, revision: number): Promise<ProjectAgreementFigures> {
  const t0 = performance.now();
  let loadMs = 0;
  let spansMs = 0;
  const [articles, project] = await Promise.all([
    db.article.findMany({
      where: { projectId },
      orderBy: { position: "asc" },
      select: { id: true, length: true, position: true, textHash: true, annotationRevision: true },
    }),
    db.project.findUnique({ where: { id: projectId }, select: { assignmentMode: true } }),
  ]);
  const byDesign = (project?.assignmentMode ?? "everyone") !== "everyone";
  const previous = previousEntries(projectId);
  const entries = new Map<string, ArticleEntry>();
  const unseen: ArticleRow[] = [];
  for (const a of articles) {
    const old = previous?.get(a.id);
    if (old && old.version === versionOf(a)) entries.set(a.id, old);
    else unseen.push(a);
  }
  // Not in this process (a start, or another instance's writes): the entries stored for these revisions.
  const stored = await loadStoredEntries(projectId, unseen, byDesign, unseen.length * 2 > articles.length);
  const changed: ArticleRow[] = [];
  for (const a of unseen) {
    const entry = stored.get(a.id);
    if (entry) entries.set(a.id, entry);
    else changed.push(a);
  }
  loadMs += performance.now() - t0;

  // Changed (or not yet seen) articles, a batch at a time. Raw SQL, few columns: no per-row client cost.
  const { bulk, batches } = reloadBatches(projectId, articles, changed);
  for (const { where, articles: batch } of batches) {
    if (batch.length === 0) continue;
    const ms = await buildEntries(batch, where, bulk, entries, byDesign);
    loadMs += ms.load;
    spansMs += ms.spans;
    // SQLite reads and the span engine are synchronous: let other requests (and wait budgets) run between batches.
    await yieldToEventLoop();
  }
  keepEntries(projectId, revision, entries);
  await storeBuilt(changed, entries, byDesign);

  const tPool = performance.now();
  const partials: SpanDocumentPartial[] = [];
  for (const e of entries.values()) if (e.partial) partials.push(e.partial);
  const report = aggregateSpanAgreement(partials);
  const tSpans = performance.now();
  spansMs += tSpans - tPool;
  const documents = documentSummaries(report);

  const [questions, primaryFrame] = await Promise.all([
    questionAgreement(projectId),
    primaryFrameAgreement(projectId, articles, entries),
  ]);
  const rounds = await roundFigures(projectId, articles, partials);
  return {
    projectId,
    revision,
    computedAt: new Date().toISOString(),
    computeMs: performance.now() - t0,
    timings: { load: loadMs, spans: spansMs, items: performance.now() - tSpans },
    articlesWithRaters: partials.length,
    corpus: report.corpus,
    ignoredEmptySpans: report.ignoredEmptySpans,
    perLabel: report.perLabel,
    perPair: report.perPair,
    documents,
    questions,
    primaryFrame,
    raterIds: [...new Set([...report.raters, ...questions.flatMap((q) => q.raterIds)])].sort(),
    rounds,
  };
}

/**
 * Per round, the partials of its articles pooled again (a pooling, no recomputation). An article's
 * round: the rounds it is assigned in; an article assigned in none belongs to the first non-training round.
 */
async function roundFigures(
  projectId: string,
  articles: readonly ArticleRow[],
  partials: readonly SpanDocumentPartial[],
): Promise<RoundFigures[]> {
  const [rounds, pairs] = await Promise.all([
    db.round.findMany({
      where: { projectId },
      orderBy: [{ position: "asc" }, { createdAt: "asc" }],
      select: { id: true, name: true, training: true, codebookVersion: { select: { version: true } } },
    }),
    db.$queryRaw<{ roundId: string; articleId: string }[]>`
      SELECT DISTINCT g."roundId" AS "roundId", g."articleId" AS "articleId"
      FROM "Assignment" g WHERE g."projectId" = ${projectId}`,
  ]);
  if (rounds.length === 0) return [];
  const articlesOf = new Map(rounds.map((r) => [r.id, new Set<string>()]));
  const placed = new Set<string>();
  for (const { roundId, articleId } of pairs) {
    articlesOf.get(roundId)?.add(articleId);
    placed.add(articleId);
  }
  // Unassigned articles (everyone mode, or not yet assigned) belong to the first round that is not training.
  const first = articlesOf.get((rounds.find((r) => !r.training) ?? rounds[0]!).id)!;
  for (const a of articles) if (!placed.has(a.id)) first.add(a.id);
  return rounds.map((r) => {
    const mine = articlesOf.get(r.id)!;
    const pooled = aggregateSpanAgreement(partials.filter((p) => mine.has(p.document)));
    return {
      id: r.id,
      name: r.name,
      training: r.training,
      codebookVersion: r.codebookVersion.version,
      articles: mine.size,
      corpus: pooled.corpus,
      perLabel: pooled.perLabel,
    };
  });
}

/** Stores the rebuilt entries for the next start. A failed write only costs that start a rebuild. */
async function storeBuilt(
  changed: readonly ArticleRow[],
  entries: ReadonlyMap<string, ArticleEntry>,
  byDesign: boolean,
) {
  try {
    await storeEntries(
      changed.map((article) => ({ article, entry: entries.get(article.id)! })),
      byDesign,
    );
  } catch (error) {
    console.error("agreement: could not store the article partials", error);
  }
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function worstFirst(a: DocumentSummary, b: DocumentSummary): number {
  if (a.disagreement !== b.disagreement) {
    if (a.disagreement === null) return 1;
    if (b.disagreement === null) return -1;
    return b.disagreement - a.disagreement;
  }
  const ua = a.unitizingAlpha.value ?? Number.POSITIVE_INFINITY;
  const ub = b.unitizingAlpha.value ?? Number.POSITIVE_INFINITY;
  if (ua !== ub) return ua - ub;
  return a.articleId < b.articleId ? -1 : a.articleId > b.articleId ? 1 : 0;
}
