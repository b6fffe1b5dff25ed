/**
 * Candidate units for adjudication: the reviewers' spans of one article grouped by identity
 * (label + start + end), each with the reviewers behind it, its support k of n, and the
 * overlapping candidates it disagrees with. Offsets are code points, [start, end).
 */

export interface ReviewerSpan {
  readonly id: string;
  readonly rater: string;
  readonly label: string;
  readonly start: number;
  readonly end: number;
}

/**
 * all: every rater marked exactly this; conflict: someone marked an overlapping span of the same
 * label with other boundaries (or the same text with another label); majority: more than half;
 * minority: half or fewer.
 */
export type CandidateStatus = "all" | "majority" | "minority" | "conflict";

/** boundaries: same label, overlapping, other offsets. label: same offsets, other label. */
export type ConflictKind = "boundaries" | "label";

export interface Candidate {
  readonly key: string;
  readonly label: string;
  readonly start: number;
  readonly end: number;
  /** Distinct raters who marked exactly this, sorted. */
  readonly raters: string[];
  /** The spans behind it, sorted. */
  readonly spanIds: string[];
  /** k: number of distinct raters. */
  readonly support: number;
  /** n: number of raters of the article. */
  readonly of: number;
  readonly status: CandidateStatus;
  readonly conflicts: { readonly key: string; readonly kind: ConflictKind }[];
}

export function candidateKey(label: string, start: number, end: number): string {
  return `${label}:${start}:${end}`;
}

/** Smallest k that is a strict majority of n raters (1 for n <= 1). */
export function majorityOf(n: number): number {
  return Math.floor(Math.max(0, n) / 2) + 1;
}

function checkSpan(s: ReviewerSpan): void {
  if (!Number.isInteger(s.start) || !Number.isInteger(s.end) || s.start < 0 || s.start >= s.end) {
    throw new RangeError(`invalid span ${s.id}: [${s.start}, ${s.end})`);
  }
}

const byText = (a: { start: number; end: number; label: string }, b: { start: number; end: number; label: string }) =>
  a.start - b.start || b.end - a.end || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0);

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * Groups spans into candidates in text order (start asc, longer first, label).
 * n = |raters ∪ raters of the spans|: pass every reviewer of the article (also those who marked
 * nothing, who disagree with every span), not only those with spans.
 * Two overlapping candidates conflict only when their rater sets differ: one reviewer's own nested
 * spans are not a disagreement between reviewers.
 * O(s log s + c·m) for s spans, c candidates, m the most candidates overlapping one candidate.
 */
export function groupCandidates(spans: readonly ReviewerSpan[], raters: readonly string[] = []): Candidate[] {
  const everyone = new Set(raters);
  const groups = new Map<string, { label: string; start: number; end: number; raters: Set<string>; ids: string[] }>();
  for (const s of spans) {
    checkSpan(s);
    everyone.add(s.rater);
    const key = candidateKey(s.label, s.start, s.end);
    let g = groups.get(key);
    if (!g) {
      g = { label: s.label, start: s.start, end: s.end, raters: new Set(), ids: [] };
      groups.set(key, g);
    }
    g.raters.add(s.rater);
    g.ids.push(s.id);
  }
  const n = everyone.size;
  const list = [...groups.entries()].map(([key, g]) => ({
    key,
    label: g.label,
    start: g.start,
    end: g.end,
    raters: [...g.raters].sort(),
    ids: g.ids.sort(),
  }));
  list.sort(byText);

  const conflicts = list.map(() => [] as { key: string; kind: ConflictKind }[]);
  for (let i = 0; i < list.length; i++) {
    const a = list[i]!;
    for (let j = i + 1; j < list.length && list[j]!.start < a.end; j++) {
      const b = list[j]!;
      if (sameSet(a.raters, b.raters)) continue;
      const kind: ConflictKind | null =
        a.label === b.label ? "boundaries" : a.start === b.start && a.end === b.end ? "label" : null;
      if (!kind) continue;
      conflicts[i]!.push({ key: b.key, kind });
      conflicts[j]!.push({ key: a.key, kind });
    }
  }

  return list.map((c, i) => {
    const k = c.raters.length;
    const cs = conflicts[i]!;
    const status: CandidateStatus = k === n ? "all" : cs.length > 0 ? "conflict" : 2 * k > n ? "majority" : "minority";
    return {
      key: c.key,
      label: c.label,
      start: c.start,
      end: c.end,
      raters: c.raters,
      spanIds: c.ids,
      support: k,
      of: n,
      status,
      conflicts: cs,
    };
  });
}

export type Decision = "accepted" | "rejected" | "open";

export interface SpanIdentity {
  readonly label: string;
  readonly start: number;
  readonly end: number;
}

/** A gold span's identity and the reviewer spans it was accepted from. */
export interface GoldIdentity extends SpanIdentity {
  readonly sources?: readonly string[];
}

/**
 * The decision on each candidate: accepted if a gold span has its identity or came from its spans
 * (a gold span the adjudicator moved or relabelled still decides the candidate it was accepted
 * from), rejected if recorded so.
 */
export function decisionsFor(
  candidates: readonly Candidate[],
  gold: readonly GoldIdentity[],
  rejected: readonly SpanIdentity[],
): Map<string, Decision> {
  const goldKeys = new Set(gold.map((g) => candidateKey(g.label, g.start, g.end)));
  const sourced = new Set(gold.flatMap((g) => g.sources ?? []));
  for (const c of candidates) if (c.spanIds.some((id) => sourced.has(id))) goldKeys.add(c.key);
  const rejectedKeys = new Set(rejected.map((r) => candidateKey(r.label, r.start, r.end)));
  return new Map(
    candidates.map((c) => [c.key, goldKeys.has(c.key) ? "accepted" : rejectedKeys.has(c.key) ? "rejected" : "open"]),
  );
}

/**
 * The candidates "accept all with at least k of n agreeing" adds: support >= minSupport and still
 * open (already gold or explicitly rejected candidates are left alone, so repeating is a no-op).
 */
export function selectForAcceptance(
  candidates: readonly Candidate[],
  minSupport: number,
  decisions: ReadonlyMap<string, Decision>,
): Candidate[] {
  if (!Number.isInteger(minSupport) || minSupport < 1)
    throw new RangeError(`minSupport must be a positive integer, got ${String(minSupport)}`);
  return candidates.filter((c) => c.support >= minSupport && (decisions.get(c.key) ?? "open") === "open");
}
