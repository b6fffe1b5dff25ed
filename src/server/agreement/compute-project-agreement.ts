import "server-only";
import { computeItemAgreement, type ItemAgreementReport, type RatingRecord } from "@/domain/agreement/item";
import {
  type AlphaResult,
  type CorpusReport,
  computeSpanAgreement,
  type LabelReport,
  type PairReport,
  type Span,
} from "@/domain/agreement/spans";
import { parseOptions, questionLevel } from "@/schemas/question";
import { type Actor, assertAdmin } from "../actor";
import { db } from "../db";
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
}

export async function computeProjectAgreement(actor: Actor, projectId: string, options: AgreementOptions = {}): Promise<ProjectAgreement> {
  assertAdmin(actor);
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

async function computeFigures(projectId: string, revision: number): Promise<ProjectAgreementFigures> {
  const t0 = performance.now();
  const articles = await db.article.findMany({ where: { projectId }, orderBy: { position: "asc" }, select: { id: true, length: true, position: true } });
  const lengthOf = new Map(articles.map((a) => [a.id, a.length]));

  // Raters: "done" statuses, plus everyone with a span (added while reading spans).
  const raters = new Map<string, Set<string>>();
  const addRater = (articleId: string, userId: string) => {
    let set = raters.get(articleId);
    if (!set) raters.set(articleId, (set = new Set()));
    set.add(userId);
  };
  const statuses = await db.articleStatus.findMany({ where: { status: "done", article: { projectId } }, select: { articleId: true, userId: true } });
  for (const s of statuses) addRater(s.articleId, s.userId);

  // Spans, only the needed columns, a range of article positions at a time (the (projectId, position)
  // index). Each row comes back as one "articleId,userId,labelId,start,end" string: decoding one
  // column instead of five halves the client-side cost (ids are [A-Za-z0-9_-], so "," is safe).
  const spans: Span[] = [];
  const positions = [...new Set(articles.map((a) => a.position))]; // sorted; distinct, so ranges never overlap
  for (let i = 0; i < positions.length; i += ARTICLE_BATCH) {
    const lo = positions[i]!;
    const hi = positions[Math.min(i + ARTICLE_BATCH, positions.length) - 1]!;
    const rows = await db.$queryRaw<{ r: string }[]>`SELECT a."articleId" || ',' || a."userId" || ',' || a."labelId" || ',' || a."start" || ',' || a."end" AS r
      FROM "Annotation" a JOIN "Article" p ON p."id" = a."articleId"
      WHERE p."projectId" = ${projectId} AND p."position" >= ${lo} AND p."position" <= ${hi}`;
    for (const { r } of rows) {
      const [document, rater, label, start, end] = r.split(",") as [string, string, string, string, string];
      spans.push({ document, rater, label, start: Number(start), end: Number(end) });
      addRater(document, rater);
    }
    await yieldToEventLoop(); // SQLite reads are synchronous: let other requests (and wait budgets) run between batches
  }

  // Texts (token level) only of the articles two or more raters share.
  const compared = [...raters].filter(([, set]) => set.size >= 2).map(([id]) => id);
  const texts = new Map<string, string>();
  for (let i = 0; i < compared.length; i += ARTICLE_BATCH) {
    const rows = await db.article.findMany({ where: { id: { in: compared.slice(i, i + ARTICLE_BATCH) } }, select: { id: true, text: true } });
    for (const r of rows) texts.set(r.id, r.text);
  }

  const tLoaded = performance.now();
  const docLengths = new Map<string, number>();
  const documentRaters = new Map<string, string[]>();
  for (const [id, set] of raters) {
    docLengths.set(id, lengthOf.get(id) ?? 0);
    documentRaters.set(id, [...set].sort());
  }
  await yieldToEventLoop();
  // One synchronous run of the span engine (about 2 s of CPU for 320,000 spans): it holds this
  // process's event loop meanwhile. Moving it to a worker thread is the next step if that matters.
  const report = computeSpanAgreement(spans, docLengths, { texts, documentRaters });
  const tSpans = performance.now();

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

  const [questions, primaryFrame] = await Promise.all([questionAgreement(projectId), primaryFrameAgreement(projectId, spans)]);
  return {
    projectId,
    revision,
    computedAt: new Date().toISOString(),
    computeMs: performance.now() - t0,
    timings: { load: tLoaded - t0, spans: tSpans - tLoaded, items: performance.now() - tSpans },
    articlesWithRaters: raters.size,
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

async function primaryFrameAgreement(projectId: string, spans: readonly Span[]): Promise<ItemAgreementReport> {
  const frames = new Set((await framingLabels(projectId)).map((l) => l.id));
  // (article, rater) -> label -> [covered code points, spans]
  const cover = new Map<string, Map<string, [number, number]>>();
  for (const s of spans) {
    if (!frames.has(s.label) || s.end <= s.start) continue;
    const key = `${s.document}\u0000${s.rater}`;
    let perLabel = cover.get(key);
    if (!perLabel) cover.set(key, (perLabel = new Map()));
    const c = perLabel.get(s.label) ?? [0, 0];
    c[0] += s.end - s.start;
    c[1] += 1;
    perLabel.set(s.label, c);
  }
  const records: RatingRecord[] = [];
  for (const [key, perLabel] of cover) {
    let best: [string, number, number] | null = null;
    for (const [label, [chars, n]] of perLabel) {
      if (!best || chars > best[1] || (chars === best[1] && (n > best[2] || (n === best[2] && label < best[0])))) best = [label, chars, n];
    }
    const [item, rater] = key.split("\u0000") as [string, string];
    if (best) records.push({ item, rater, value: best[0] });
  }
  return computeItemAgreement(records, { level: "nominal" });
}
