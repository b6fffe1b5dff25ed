import "server-only";
import {
  type Candidate,
  type Decision,
  type LaidRow,
  candidateKey,
  elide,
  layoutRows,
  pageRows,
  paragraphRows,
} from "@/lib/domain/adjudication";
import { OffsetIndex } from "@/lib/domain/offsets";
import type { CompareBar, TCompareFilters } from "@/lib/schemas/adjudication";
import {
  COMPARE_LIST_PAGE,
  COMPARE_MAX_LANES,
  COMPARE_MAX_TRACKS,
  COMPARE_NOTE_CHARS,
  COMPARE_PAGE_CHARS,
  COMPARE_QUOTE_CHARS,
  COMPARE_ROW_CHARS,
} from "@/lib/schemas/limits";
import type { WorkspaceLabel } from "@/lib/schemas/article";
import type { Actor } from "../actor";
import { db } from "../db";
import { projectPseudonyms } from "../projects/access";
import { comparableArticle } from "./access";
import { type GoldSpanDto, toGoldDto } from "./dto";
import { loadAdjudicationState } from "./state";
import { labelOrder, labelSelect } from "../taxonomy/label-select";

export type CompareRater = { id: string; name: string; status: string };
export type CompareLabel = WorkspaceLabel;
export type CompareCandidate = Candidate & { decision: Decision; goldId: string | null; quote: string; anchor: string };
/** What a bar's popover says; quote and note are elided, so its size does not depend on the span's. */
export type { CompareBar };
/** `u`: UTF-16 index of `start` in the article text, for mapping a DOM selection back to code points. */
export type CompareColumn = { start: number; end: number; u: number; text: string; shade: "" | "agree" | "differ" };
export type CompareTrack = LaidRow["tracks"][number] & { name: string; gold: boolean };
export type CompareRow = {
  start: number;
  end: number;
  /** UTF-16 indexes of start and end. */
  u: number;
  ue: number;
  paragraph: boolean;
  columns: CompareColumn[];
  tracks: CompareTrack[];
};
export const GOLD_TRACK = "\u0000gold";

export type CompareData = {
  article: {
    id: string;
    title: string;
    source: string;
    projectId: string;
    adjudicatedAt: Date | null;
    adjudicatedBy: string | null;
    length: number;
    /** First time the comparison was open to reviewers; their spans changed after it are `late`. */
    comparisonOpenedAt: Date | null;
  };
  project: { id: string; name: string; revealed: boolean; reviewersMayCompare: boolean };
  labels: CompareLabel[];
  /** Everyone who annotated the article or opened it (has a status): n of "k of n". */
  raters: CompareRater[];
  /** Whole-article counts (the page shows a part). */
  totals: { spans: number; candidates: number; open: number; gold: number };
  /** The page of the text shown: 1-based index of `pages`, its code-point range. */
  view: { page: number; pages: number; start: number; end: number; tracksShown: number; tracksTotal: number };
  rows: CompareRow[];
  bars: Record<string, CompareBar>;
  /** Candidates overlapping the page (after the filters): `from`..`from + COMPARE_LIST_PAGE` of `total`. */
  candidates: CompareCandidate[];
  candidateList: { from: number; total: number; open: number };
  /** Gold spans overlapping the page (after the label filter), at most COMPARE_LIST_PAGE of `total`. */
  gold: GoldSpanDto[];
  goldOnPage: number;
  /** Reviewer spans on the whole article made or changed after the comparison was open to them. */
  late: number;
  /** The article text for drawing gold spans and previewing moved ones; only for who may change gold. */
  editText: string | null;
  /** Curators may change the gold layer (while the article is not marked adjudicated); annotators only read. */
  canAdjudicate: boolean;
};

const ALL: TCompareFilters = { labels: [], raters: [], page: 1, from: 0 };
const anchorFor = (key: string) => `candidate-${key.replaceAll(":", "-")}`;
const overlaps = (s: { start: number; end: number }, p: { start: number; end: number }) =>
  s.start < p.end && s.end > p.start;

/**
 * One page of the compare view of an article. Curators always; annotators only once revealed (see
 * access.ts). Candidates (k of n) are computed over the whole article, but only the page's rows,
 * bars, candidates and gold spans are built, each quote and note elided: the output is bounded by
 * what the page shows whatever the number, length or notes of the spans behind it.
 */
export async function getCompareData(
  actor: Actor,
  articleId: string,
  filters: TCompareFilters = ALL,
): Promise<CompareData> {
  const article = await comparableArticle(actor, articleId);
  const [labels, state] = await Promise.all([
    db.label.findMany({
      where: { projectId: article.projectId },
      orderBy: labelOrder,
      select: { ...labelSelect, group: { select: { name: true } } },
    }),
    loadAdjudicationState(db, articleId),
  ]);
  const { annotations, statuses, candidates, decisions } = state;
  const raterIds = new Set(state.raterIds);
  const lookupIds = new Set([...raterIds, ...(article.adjudicatedById ? [article.adjudicatedById] : [])]);
  const users = await db.user.findMany({
    where: { id: { in: [...lookupIds] } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { id: true, name: true },
  });
  const statusOf = new Map(statuses.map((s) => [s.userId, s.status]));
  // Anonymised curators see R1, R2… in a stable order (account creation), as in pseudonymised exports.
  const pseudonyms = article.anonymise
    ? await projectPseudonyms(
        article.projectId,
        users.map((u) => u.id),
      )
    : null;
  const raters = users
    .filter((u) => raterIds.has(u.id))
    .map((u) => ({
      id: u.id,
      name: pseudonyms?.get(u.id) ?? u.name,
      status: statusOf.get(u.id) ?? "in_progress",
    }));
  const names = new Map(raters.map((r) => [r.id, r.name]));
  const goldIds = new Map(state.gold.map((g) => [candidateKey(g.labelId, g.start, g.end), g.id]));
  // A gold span moved or relabelled after accepting still belongs to the candidate it came from.
  const goldBySource = new Map(state.gold.flatMap((g) => toGoldDto(g).sourceAnnotationIds.map((id) => [id, g.id])));
  const goldOf = (c: Candidate) =>
    goldIds.get(c.key) ?? c.spanIds.map((id) => goldBySource.get(id)).find((id) => id !== undefined) ?? null;
  const index = new OffsetIndex(article.text);

  // The page: whole rows (paragraphs, long ones split) of at most COMPARE_PAGE_CHARS code points.
  const allRows = paragraphRows(article.text, COMPARE_ROW_CHARS);
  const pages = pageRows(allRows, COMPARE_PAGE_CHARS);
  const pageNo = Math.min(filters.page, Math.max(1, pages.length));
  const page = pages[pageNo - 1] ?? { start: 0, end: 0, firstRow: 0, endRow: 0 };
  const rows = allRows.slice(page.firstRow, page.endRow);

  const labelShown = (id: string) => filters.labels.length === 0 || filters.labels.includes(id);
  const chosen = filters.raters.length ? raters.filter((r) => filters.raters.includes(r.id)) : raters;
  const tracked = chosen.slice(0, COMPARE_MAX_TRACKS);
  const trackedIds = new Set(tracked.map((r) => r.id));
  const byKey = new Map(candidates.map((c) => [c.key, c]));
  const spansOnPage = annotations.filter((a) => trackedIds.has(a.userId) && labelShown(a.labelId) && overlaps(a, page));
  const goldOnPage = state.gold.filter((g) => labelShown(g.labelId) && overlaps(g, page));
  const laid = layoutRows(
    rows,
    [...tracked.map((r) => r.id), GOLD_TRACK],
    [
      ...spansOnPage.map((a) => ({ id: a.id, track: a.userId, start: a.start, end: a.end })),
      ...goldOnPage.map((g) => ({ id: g.id, track: GOLD_TRACK, start: g.start, end: g.end })),
    ],
    { maxLanes: COMPARE_MAX_LANES, onlyUsed: true },
  );

  // Details only of the bars drawn; notes read only for them.
  const drawn = new Set(laid.flatMap((r) => r.tracks.flatMap((t) => t.lanes.flatMap((l) => l.map((p) => p.id)))));
  const drawnSpans = spansOnPage.filter((a) => drawn.has(a.id));
  const notes = new Map(
    (
      await db.annotation.findMany({
        where: { id: { in: drawnSpans.map((a) => a.id) } },
        select: { id: true, note: true, updatedAt: true },
      })
    ).map((n) => [n.id, n]),
  );
  const opened = article.comparisonOpenedAt;
  const late = opened ? await db.annotation.count({ where: { articleId: article.id, updatedAt: { gt: opened } } }) : 0;
  const quoteOf = (start: number, end: number) => elide(index.slice(start, end), COMPARE_QUOTE_CHARS);
  const bars: Record<string, CompareBar> = {};
  for (const a of drawnSpans) {
    const key = candidateKey(a.labelId, a.start, a.end);
    const c = byKey.get(key);
    bars[a.id] = {
      id: a.id,
      gold: false,
      who: names.get(a.userId) ?? "?",
      labelId: a.labelId,
      start: a.start,
      end: a.end,
      quote: quoteOf(a.start, a.end),
      note: elide(notes.get(a.id)?.note ?? "", COMPARE_NOTE_CHARS),
      status: c?.status ?? null,
      decision: decisions.get(key) ?? null,
      support: c?.support ?? 0,
      of: c?.of ?? raters.length,
      anchor: c ? anchorFor(key) : null,
      late: opened !== null && (notes.get(a.id)?.updatedAt ?? opened) > opened,
      edited: false,
    };
  }
  const goldDtos = goldOnPage.map(toGoldDto);
  for (const g of goldDtos) {
    if (!drawn.has(g.id)) continue;
    const from = raters
      .filter((r) => g.sourceUserIds.includes(r.id))
      .map((r) => r.name)
      .join(", ");
    bars[g.id] = {
      id: g.id,
      gold: true,
      who: from ? `gold, from ${from}` : "gold, drawn by the adjudicator",
      labelId: g.labelId,
      start: g.start,
      end: g.end,
      quote: quoteOf(g.start, g.end),
      note: elide(g.note, COMPARE_NOTE_CHARS),
      status: null,
      decision: "accepted",
      support: g.sourceUserIds.length,
      of: raters.length,
      anchor: `gold-${g.id}`,
      late: false,
      edited: g.editedAt !== null,
    };
  }

  const reviewerTracks = new Set(tracked.map((r) => r.id));
  const unanimous = new Set(
    spansOnPage.filter((a) => byKey.get(candidateKey(a.labelId, a.start, a.end))?.status === "all").map((a) => a.id),
  );
  const authorOf = new Map(spansOnPage.map((a) => [a.id, a.userId]));
  const viewRows: CompareRow[] = laid.map((row) => ({
    start: row.start,
    end: row.end,
    u: index.toUtf16(row.start),
    ue: index.toUtf16(row.end),
    paragraph: row.paragraph,
    columns: row.columns.map((col) => {
      // Agreement only where every reviewer shown marked this text and every span on it is unanimous.
      const covering = new Set(
        col.ids.map((id) => authorOf.get(id)).filter((t): t is string => t !== undefined && reviewerTracks.has(t)),
      );
      const agree =
        covering.size === reviewerTracks.size && col.ids.every((id) => !authorOf.has(id) || unanimous.has(id));
      return {
        start: col.start,
        end: col.end,
        u: index.toUtf16(col.start),
        text: index.slice(col.start, col.end),
        shade: covering.size === 0 ? "" : agree ? "agree" : "differ",
      };
    }),
    tracks: row.tracks.map((t) => ({
      ...t,
      name: t.track === GOLD_TRACK ? "Gold" : (names.get(t.track) ?? "?"),
      gold: t.track === GOLD_TRACK,
    })),
  }));

  const raterFilter = filters.raters.length ? new Set(filters.raters) : null;
  const listed = candidates.filter(
    (c) => overlaps(c, page) && labelShown(c.label) && (!raterFilter || c.raters.some((r) => raterFilter.has(r))),
  );
  const from = Math.min(filters.from, Math.max(0, listed.length - 1));
  const pageCandidates = listed.slice(from, from + COMPARE_LIST_PAGE).map((c) => ({
    ...c,
    decision: decisions.get(c.key) ?? "open",
    goldId: goldOf(c),
    quote: quoteOf(c.start, c.end),
    anchor: anchorFor(c.key),
  }));
  const open = [...decisions.values()].filter((d) => d === "open").length;
  const listedGold = goldDtos
    .slice(0, COMPARE_LIST_PAGE)
    .map((g) => ({ ...g, quote: elide(g.quote, COMPARE_QUOTE_CHARS) }));
  const canAdjudicate = article.curates && article.adjudicatedAt === null;

  return {
    article: {
      id: article.id,
      title: article.title,
      source: article.source,
      projectId: article.projectId,
      adjudicatedAt: article.adjudicatedAt,
      adjudicatedBy: users.find((u) => u.id === article.adjudicatedById)?.name ?? null,
      length: index.codePointLength,
      comparisonOpenedAt: article.comparisonOpenedAt,
    },
    project: {
      id: article.project.id,
      name: article.project.name,
      revealed: article.project.revealed,
      reviewersMayCompare: article.project.reviewersMayCompare,
    },
    labels: labels.map(({ archivedAt, group, ...l }) => ({ ...l, group: group.name, archived: archivedAt !== null })),
    raters,
    totals: { spans: annotations.length, candidates: candidates.length, open, gold: state.gold.length },
    view: {
      page: pageNo,
      pages: Math.max(1, pages.length),
      start: page.start,
      end: page.end,
      tracksShown: tracked.length,
      tracksTotal: chosen.length,
    },
    rows: viewRows,
    bars,
    candidates: pageCandidates,
    candidateList: {
      from,
      total: listed.length,
      open: listed.filter((c) => (decisions.get(c.key) ?? "open") === "open").length,
    },
    gold: listedGold,
    goldOnPage: goldDtos.length,
    late,
    editText: canAdjudicate ? article.text : null,
    canAdjudicate,
  };
}
