import "server-only";
import { computeItemAgreement, type ItemAgreementReport, type RatingRecord } from "@/lib/domain/agreement/item";
import {
  aggregateSpanAgreement,
  type AlphaResult,
  computeDocumentPartial,
  type CorpusReport,
  type LabelReport,
  type PairReport,
  type Span,
  type SpanDocumentPartial,
} from "@/lib/domain/agreement/spans";
import { Prisma } from "@/lib/generated/sqlite/client";
import { parseOptions, questionLevel } from "@/lib/schemas/question";
import type { Actor } from "../actor";
import { requireProject } from "../projects/access";
import { db, dialectOf } from "../db";
import { env } from "../env";
import { AppError } from "../errors";
import { framingLabels } from "../questions/framing-labels";

/**
 * Agreement figures of one project (admin only).
 *
 * Who is a rater of an article: a user with at least one span on it, or whose status on it is
 * "done" (finished and found nothing to mark: an all-"none" rater). A reviewer "in progress" with no
 * span is not counted: they have not said the article has nothing to mark. Gold spans are not ratings.
 *
 * Caching: the result is cached in this process under (projectId, Project.annotationRevision). The
 * revision is read from the database on every call and bumped in the same transaction as every write
 * that can change the figures (see ../agreement/revision.ts), so several app instances never serve a
 * stale figure; a cache hit costs one primary-key read. Names (labels, reviewers, article titles) are
 * read fresh on every call, so renames show at once.
 *
 * Incremental computation (no manual recompute step): a new revision does not start from scratch.
 * Each article's span-agreement partial (its document report plus the sufficient statistics of the
 * corpus figures, see `SpanDocumentPartial`) and its primary-frame inputs are kept under
 * (article id, Article.annotationRevision, length, text hash); span and status writes bump the
 * article's revision with the project's. A new revision reads the article list (one small query),
 * reloads and recomputes only the articles whose version moved — O(changed spans) — and pools the
 * corpus, per-label and per-pair figures again from all partials with `aggregateSpanAgreement`,
 * O(D*K*R + U + G log G): the same arithmetic in the same order as a computation from scratch, so
 * the figures are identical to one (tested). Questions and the primary frame (item level, thousands
 * of records) are recomputed on every revision. The first call in a process builds every partial.
 */

export type DocumentSummary = {
  articleId: string;
  raters: number;
  spans: number;
  unitizingAlpha: AlphaResult;
  /** Mean over rater pairs of the document's overlap F1 (micro over labels), pairs where neither marked anything left out. */
  meanOverlapF1: number | null;
  meanExactF1: number | null;
  /** 1 - meanOverlapF1: 0 = every pair's spans coincide, 1 = no overlap at all. Null: nothing to compare. */
  disagreement: number | null;
};

export type QuestionAgreement = {
  questionId: string;
  raterIds: string[];
  prompt: string;
  kind: string;
  level: "nominal" | "ordinal";
  archived: boolean;
  answers: number;
  report: ItemAgreementReport;
};

export type ProjectAgreementFigures = {
  projectId: string;
  revision: number;
  computedAt: string;
  computeMs: number;
  /** Milliseconds: reading the database, the span engine, questions + primary frame. */
  timings: { load: number; spans: number; items: number };
  /** Articles with at least one rater, and how many of them have two or more (the compared ones). */
  articlesWithRaters: number;
  corpus: CorpusReport;
  ignoredEmptySpans: number;
  /** Everyone who rated something: span raters and question answerers, sorted. */
  raterIds: string[];
  perLabel: readonly LabelReport[];
  perPair: readonly PairReport[];
  /** Compared articles (two or more raters), worst first: by disagreement, then by lower unitizing alpha. */
  documents: DocumentSummary[];
  questions: QuestionAgreement[];
  /**
   * Each rater's primary frame per article (the framing label with the most code points summed over
   * their spans of it; ties: more spans, then label id), as item-level data: item = article, value = label id.
   */
  primaryFrame: ItemAgreementReport;
};

export type ProjectAgreement = ProjectAgreementFigures & {
  cached: boolean;
  /**
   * Set when these figures are of an older revision (`revision`) because the current one
   * (`currentRevision`) was still being computed after `maxWaitMs`. Never set without `maxWaitMs`.
   */
  stale: { currentRevision: number } | null;
  project: { id: string; name: string; articles: number };
  labels: Record<string, { name: string; colour: string; group: string }>;
  raters: Record<string, { name: string }>;
  articleTitles: Record<string, string>;
};

const CACHE_SIZE = 16;
const cache = new Map<string, Promise<ProjectAgreementFigures>>();
/** The newest completed figures per project, served (marked stale) while a newer revision computes. */
const latest = new Map<string, ProjectAgreementFigures>();

export type AgreementOptions = {
  /**
   * Wait at most this long for the figures of the current revision; past it, and when figures of an
   * older revision exist, return those marked `stale` (the computation goes on and lands in the
   * cache). Without it the call always waits for the current revision.
   */
  maxWaitMs?: number;
};

function cacheKey(projectId: string, revision: number): string {
  return `${projectId}\u0000${revision}`;
}

/** Drops every cached figure (tests and benchmarks measure cold runs with it). */
export function clearAgreementCache(): void {
  cache.clear();
  latest.clear();
  articleStates.clear();
}

export async function computeProjectAgreement(actor: Actor, projectId: string, options: AgreementOptions = {}): Promise<ProjectAgreement> {
  await requireProject(actor, projectId, "curate");
  const project = await db.project.findUnique({ where: { id: projectId }, select: { id: true, name: true, annotationRevision: true, _count: { select: { articles: true } } } });
  if (!project) throw new AppError("NOT_FOUND", "No such project.");

  const key = cacheKey(projectId, project.annotationRevision);
  let pending = cache.get(key);
  const cached = pending !== undefined;
  if (pending) {
    cache.delete(key); // LRU: re-insert as most recent
    cache.set(key, pending);
  } else {
    pending = computeFigures(projectId, project.annotationRevision);
    for (const k of cache.keys()) if (k.startsWith(`${projectId}\u0000`)) cache.delete(k); // older revisions are dead
    cache.set(key, pending);
    while (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);
    pending.then(
      (f) => {
        if ((latest.get(projectId)?.revision ?? -1) <= f.revision) latest.set(projectId, f);
      },
      () => cache.delete(key),
    );
  }
  let figures: ProjectAgreementFigures;
  let stale: ProjectAgreement["stale"] = null;
  const previous = latest.get(projectId);
  if (options.maxWaitMs !== undefined && previous && previous.revision !== project.annotationRevision) {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<null>((resolve) => (timer = setTimeout(resolve, options.maxWaitMs, null)));
    // A budget of 0 does not wait at all (deterministic: no race with a timer).
    const first = options.maxWaitMs <= 0 ? null : await Promise.race([pending, timeout]);
    clearTimeout(timer);
    if (first) figures = first;
    else {
      figures = previous;
      stale = { currentRevision: project.annotationRevision };
    }
  } else figures = await pending;

  const [labels, raters, titles] = await Promise.all([
    db.label.findMany({ where: { projectId }, select: { id: true, name: true, colour: true, group: { select: { name: true } } } }),
    db.user.findMany({ where: { id: { in: figures.raterIds } }, select: { id: true, name: true } }),
    db.article.findMany({ where: { projectId }, select: { id: true, title: true } }),
  ]);
  return {
    ...figures,
    cached: cached || stale !== null,
    stale,
    project: { id: project.id, name: project.name, articles: project._count.articles },
    labels: Object.fromEntries(labels.map((l) => [l.id, { name: l.name, colour: l.colour, group: l.group.name }])),
    raters: Object.fromEntries(raters.map((u) => [u.id, { name: u.name }])),
    articleTitles: Object.fromEntries(titles.map((a) => [a.id, a.title])),
  };
}

const ARTICLE_BATCH = 250;
/** Projects whose per-article state is kept (about 40 MB for 2,000 articles x 4 raters x 40 spans). */
const STATE_PROJECTS = 2;

/** What one article contributes to the figures, kept between revisions (see ArticleState). */
type ArticleEntry = {
  /** Article.annotationRevision, length and text hash: the entry is reused while these are unchanged. */
  version: string;
  /** The article's span-agreement partial; null when it has no rater (then it is not a document of the figures). */
  partial: SpanDocumentPartial | null;
  /** Primary frame inputs: rater -> label -> [covered code points, spans] (every label; framing ones are picked later). */
  cover: Map<string, Map<string, [number, number]>>;
};

/**
 * Incremental computation: the per-article entries of the last computed revision of a project.
 * Every write that changes an article's spans or statuses bumps its `annotationRevision` (with the
 * project's, in the same transaction), so a new revision reloads and recomputes only the articles
 * whose version moved, and pools the corpus figures again from all entries
 * (`aggregateSpanAgreement`: bit-for-bit equal to a computation from scratch).
 */
type ArticleState = { revision: number; articles: Map<string, ArticleEntry> };
const articleStates = new Map<string, ArticleState>();

function versionOf(a: { annotationRevision: number; length: number; textHash: string }): string {
  return `${a.annotationRevision}:${a.length}:${a.textHash}`;
}

/**
 * Spans of the articles `where` selects (a condition on "Article" p): one row per article, "userId,labelId,start,end,start,end,...;..." (one
 * ";"-separated group per rater and label). Aggregated in SQL, so the driver decodes a few thousand rows
 * instead of one per span, and the ids arrive once per group. Ids are [A-Za-z0-9_-], so "," and ";" are safe.
 */
async function loadSpanRows(where: Prisma.Sql): Promise<{ id: string; r: string }[]> {
  const sqlite = dialectOf(env().DATABASE_URL) === "sqlite";
  const offsets = sqlite ? Prisma.sql`group_concat(',' || a."start" || ',' || a."end", '')` : Prisma.sql`string_agg(',' || a."start" || ',' || a."end", '')`;
  const groups = sqlite ? Prisma.sql`group_concat(g."r", ';')` : Prisma.sql`string_agg(g."r", ';')`;
  return db.$queryRaw<{ id: string; r: string }[]>`SELECT g."id" AS id, ${groups} AS r FROM (
      SELECT a."articleId" AS id, a."userId" || ',' || a."labelId" || ${offsets} AS r
      FROM "Annotation" a JOIN "Article" p ON p."id" = a."articleId"
      WHERE ${where} GROUP BY a."articleId", a."userId", a."labelId"
    ) g GROUP BY g."id"`;
}

/**
 * Decodes one article's row of {@link loadSpanRows} into spans, adding their raters to `raters` and
 * each (rater, label) group's covered code points and non-empty spans to `cover`.
 */
function parseSpanRow(document: string, row: string, raters: Set<string>, cover: ArticleEntry["cover"]): Span[] {
  const spans: Span[] = [];
  const n = row.length;
  let i = 0;
  while (i < n) {
    const c1 = row.indexOf(",", i);
    const c2 = row.indexOf(",", c1 + 1);
    const rater = row.slice(i, c1);
    const label = row.slice(c1 + 1, c2);
    raters.add(rater);
    let chars = 0;
    let count = 0;
    i = c2; // at the "," before the first offset
    while (i < n && row.charCodeAt(i) === 44) {
      let start = 0;
      let ch: number;
      for (i++; (ch = row.charCodeAt(i)) >= 48 && ch <= 57; i++) start = start * 10 + (ch - 48);
      let end = 0;
      for (i++; (ch = row.charCodeAt(i)) >= 48 && ch <= 57; i++) end = end * 10 + (ch - 48);
      spans.push({ document, rater, label, start, end });
      if (end > start) {
        chars += end - start;
        count++;
      }
    }
    if (count > 0) {
      let perLabel = cover.get(rater);
      if (!perLabel) cover.set(rater, (perLabel = new Map()));
      const c = perLabel.get(label); // one group per (rater, label); added up all the same
      if (c) {
        c[0] += chars;
        c[1] += count;
      } else perLabel.set(label, [chars, count]);
    }
    i++; // the ";" between groups
  }
  return spans;
}

async function computeFigures(projectId: string, revision: number): Promise<ProjectAgreementFigures> {
  const t0 = performance.now();
  let loadMs = 0;
  let spansMs = 0;
  const articles = await db.article.findMany({
    where: { projectId },
    orderBy: { position: "asc" },
    select: { id: true, length: true, position: true, textHash: true, annotationRevision: true },
  });
  const previous = articleStates.get(projectId);
  const entries = new Map<string, ArticleEntry>();
  const changed: (typeof articles)[number][] = [];
  for (const a of articles) {
    const old = previous?.articles.get(a.id);
    if (old && old.version === versionOf(a)) entries.set(a.id, old);
    else changed.push(a);
  }
  loadMs += performance.now() - t0;

  // Changed (or not yet seen) articles, a batch at a time: load, then build their partials. Most of a
  // project changed (a cold start): read ranges of article positions (the (projectId, position) index)
  // and skip the unchanged; else the changed articles by id. Raw SQL, few columns: no per-row client cost.
  const bulk = changed.length * 2 > articles.length;
  const positions = [...new Set(articles.map((a) => a.position))]; // sorted; distinct, so ranges never overlap
  const batches: { where: Prisma.Sql; articles: typeof changed }[] = [];
  if (bulk) {
    for (let i = 0; i < positions.length; i += ARTICLE_BATCH) {
      const lo = positions[i]!;
      const hi = positions[Math.min(i + ARTICLE_BATCH, positions.length) - 1]!;
      batches.push({ where: Prisma.sql`p."projectId" = ${projectId} AND p."position" >= ${lo} AND p."position" <= ${hi}`, articles: changed.filter((a) => a.position >= lo && a.position <= hi) });
    }
  } else {
    for (let i = 0; i < changed.length; i += ARTICLE_BATCH) {
      const part = changed.slice(i, i + ARTICLE_BATCH);
      batches.push({ where: Prisma.sql`p."id" IN (${Prisma.join(part.map((a) => a.id))})`, articles: part });
    }
  }
  for (const { where, articles: batch } of batches) {
    if (batch.length === 0) continue;
    const tBatch = performance.now();
    const raters = new Map<string, Set<string>>(batch.map((a) => [a.id, new Set()]));
    // Raters: "done" statuses, plus everyone with a span.
    const statuses = await db.$queryRaw<{ articleId: string; userId: string }[]>`SELECT s."articleId" AS "articleId", s."userId" AS "userId"
      FROM "ArticleStatus" s JOIN "Article" p ON p."id" = s."articleId" WHERE s."status" = 'done' AND ${where}`;
    for (const st of statuses) raters.get(st.articleId)?.add(st.userId);
    const spans = new Map<string, Span[]>();
    const covers = new Map<string, ArticleEntry["cover"]>();
    for (const { id, r } of await loadSpanRows(where)) {
      const set = raters.get(id);
      if (!set) continue; // unchanged
      const cover: ArticleEntry["cover"] = new Map();
      spans.set(id, parseSpanRow(id, r, set, cover));
      covers.set(id, cover);
    }
    // Texts (token level) only of the articles two or more raters share.
    const compared = batch.filter((a) => raters.get(a.id)!.size >= 2).map((a) => a.id);
    const texts = new Map<string, string>();
    if (compared.length) {
      const rows = await db.$queryRaw<{ id: string; text: string }[]>`SELECT p."id" AS id, p."text" AS text FROM "Article" p WHERE ${bulk ? where : Prisma.sql`p."id" IN (${Prisma.join(compared)})`}`;
      const wanted = new Set(compared);
      for (const r of rows) if (wanted.has(r.id)) texts.set(r.id, r.text);
    }
    const tLoaded = performance.now();
    loadMs += tLoaded - tBatch;
    for (const a of batch) {
      const set = raters.get(a.id)!;
      const list = spans.get(a.id) ?? [];
      const partial = set.size === 0 ? null : computeDocumentPartial(a.id, list, { length: a.length, text: texts.get(a.id), raters: [...set].sort() });
      entries.set(a.id, { version: versionOf(a), partial, cover: covers.get(a.id) ?? new Map() });
    }
    spansMs += performance.now() - tLoaded;
    await yieldToEventLoop(); // SQLite reads and the span engine are synchronous: let other requests (and wait budgets) run between batches
  }
  if ((articleStates.get(projectId)?.revision ?? -1) <= revision) {
    articleStates.delete(projectId);
    articleStates.set(projectId, { revision, articles: entries });
    while (articleStates.size > STATE_PROJECTS) articleStates.delete(articleStates.keys().next().value as string);
  }

  const tPool = performance.now();
  const partials: SpanDocumentPartial[] = [];
  for (const e of entries.values()) if (e.partial) partials.push(e.partial);
  const report = aggregateSpanAgreement(partials);
  const tSpans = performance.now();
  spansMs += tSpans - tPool;

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
  documents.sort(worstFirst);

  const [questions, primaryFrame] = await Promise.all([questionAgreement(projectId), primaryFrameAgreement(projectId, articles, entries)]);
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
  };
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

async function questionAgreement(projectId: string): Promise<QuestionAgreement[]> {
  const questions = await db.question.findMany({
    where: { projectId },
    orderBy: { order: "asc" },
    select: { id: true, prompt: true, kind: true, options: true, archivedAt: true, answers: { select: { articleId: true, userId: true, value: true } } },
  });
  return questions.map((q) => {
    const level = questionLevel(q.kind);
    const options = parseOptions(q.options);
    const records: RatingRecord[] = [];
    for (const a of q.answers) {
      if (level === "ordinal") {
        // Ordinal options are ranked by their position; an answer whose option was since removed is left out.
        const rank = options.indexOf(a.value);
        if (rank >= 0) records.push({ item: a.articleId, rater: a.userId, value: rank });
      } else records.push({ item: a.articleId, rater: a.userId, value: a.value });
    }
    return { questionId: q.id, raterIds: [...new Set(records.map((r) => r.rater))], prompt: q.prompt, kind: q.kind, level, archived: q.archivedAt !== null, answers: records.length, report: computeItemAgreement(records, { level }) };
  });
}

async function primaryFrameAgreement(projectId: string, articles: readonly { id: string }[], entries: ReadonlyMap<string, ArticleEntry>): Promise<ItemAgreementReport> {
  const frames = new Set((await framingLabels(projectId)).map((l) => l.id));
  const records: RatingRecord[] = [];
  for (const a of articles) {
    const cover = entries.get(a.id)!.cover;
    for (const rater of [...cover.keys()].sort()) {
      let best: [string, number, number] | null = null;
      for (const [label, [chars, n]] of cover.get(rater)!) {
        if (!frames.has(label)) continue;
        if (!best || chars > best[1] || (chars === best[1] && (n > best[2] || (n === best[2] && label < best[0])))) best = [label, chars, n];
      }
      if (best) records.push({ item: a.id, rater, value: best[0] });
    }
  }
  return computeItemAgreement(records, { level: "nominal" });
}

/**
 * Computes the figures of the most recently active projects (as many as the per-article state
 * keeps) into this instance's cache, one after the other, so the first dashboard visit after a
 * start does not pay the cold computation. Called in the background at server start-up
 * (instrumentation.ts); failures are reported and otherwise ignored. Returns the project ids warmed.
 */
export async function warmAgreementCache(): Promise<string[]> {
  const system: Actor = { id: "system:warm-up", role: "admin", name: "start-up", email: "" };
  const projects = await db.project.findMany({ orderBy: [{ annotationRevision: "desc" }, { id: "asc" }], take: STATE_PROJECTS, select: { id: true } });
  const warmed: string[] = [];
  for (const { id } of projects.reverse()) {
    await computeProjectAgreement(system, id);
    warmed.push(id);
  }
  return warmed;
}
