/**
 * Why two raters disagree: every span of one rater, compared with the other rater's spans in the same
 * document, falls in the first class that applies:
 *   agree     the other has a span with the same label and the same boundaries
 *   boundary  the other has an overlapping span with the same label (other boundaries)
 *   label     the other has a span with the same boundaries and another label
 *   both      the other has an overlapping span, only with another label and other boundaries
 *   missed    no span of the other overlaps it
 * Counted for both directions (A's spans against B's and B's against A's), per label of the span.
 * Also a label x label confusion matrix: for every two overlapping spans of different raters, the length
 * of their overlap (code points) is added to cell (label of one, label of the other) and its mirror, so the
 * matrix is symmetric; the diagonal is same-label overlap. Zero-length spans and exact duplicates by one
 * rater are ignored, as elsewhere. Cost per document: O(R^2 (s log s + overlapping pairs)).
 */
import type { Span } from "./types";

export const DISAGREEMENT_KINDS = ["agree", "boundary", "label", "both", "missed"] as const;
export type DisagreementKind = (typeof DISAGREEMENT_KINDS)[number];
export type TypologyCounts = Record<DisagreementKind, number>;

export interface PairTypology {
  readonly raterA: string;
  readonly raterB: string;
  /** Documents where both have a span or are declared. */
  readonly documents: number;
  readonly total: TypologyCounts;
  readonly perLabel: readonly { readonly label: string; readonly counts: TypologyCounts }[];
}

export interface DocumentTypology {
  readonly document: string;
  readonly pairs: readonly { readonly raterA: string; readonly raterB: string; readonly counts: TypologyCounts }[];
}

export interface TypologyReport {
  readonly labels: readonly string[];
  readonly pairs: readonly PairTypology[];
  readonly documents: readonly DocumentTypology[];
  /** confusion[i][j]: summed overlap of label i (one rater) with label j (another), code points. */
  readonly confusion: readonly (readonly number[])[];
}

const zero = (): TypologyCounts => ({ agree: 0, boundary: 0, label: 0, both: 0, missed: 0 });

type S = { label: number; start: number; end: number };

function classify(a: S, others: readonly S[]): DisagreementKind {
  let best: DisagreementKind = "missed";
  const rank = { agree: 0, boundary: 1, label: 2, both: 3, missed: 4 } as const;
  for (const b of others) {
    if (b.start >= a.end) break; // sorted by start
    if (b.end <= a.start) continue;
    const same = b.start === a.start && b.end === a.end;
    const k: DisagreementKind = b.label === a.label ? (same ? "agree" : "boundary") : same ? "label" : "both";
    if (rank[k] < rank[best]) best = k;
    if (best === "agree") break;
  }
  return best;
}

/**
 * The typology and confusion matrix of `spans`; `raters` (optional) per document or for all: raters who
 * marked nothing in a document then miss everything there.
 */
export function disagreementTypology(
  spans: readonly Span[],
  options: { raters?: readonly string[] } = {},
): TypologyReport {
  const labels = [...new Set(spans.filter((s) => s.end > s.start).map((s) => s.label))].sort();
  const labelIndex = new Map(labels.map((l, i) => [l, i] as const));
  const byDoc = new Map<string, Map<string, S[]>>();
  for (const s of spans) {
    let doc = byDoc.get(s.document);
    if (!doc) byDoc.set(s.document, (doc = new Map()));
    if (s.end === s.start) continue;
    let list = doc.get(s.rater);
    if (!list) doc.set(s.rater, (list = []));
    list.push({ label: labelIndex.get(s.label)!, start: s.start, end: s.end });
  }
  const NL = labels.length;
  const confusion = Array.from({ length: NL }, () => new Array<number>(NL).fill(0));
  const pairAcc = new Map<string, { raterA: string; raterB: string; documents: number; perLabel: TypologyCounts[] }>();
  const documents: DocumentTypology[] = [];
  for (const docName of [...byDoc.keys()].sort()) {
    const doc = byDoc.get(docName)!;
    for (const r of options.raters ?? []) if (!doc.has(r)) doc.set(r, []);
    const raters = [...doc.keys()].sort();
    for (const r of raters) {
      const list = doc.get(r)!;
      list.sort((x, y) => x.start - y.start || x.end - y.end || x.label - y.label);
      // Exact duplicates by one rater count once.
      doc.set(
        r,
        list.filter(
          (s, i) =>
            i === 0 || s.start !== list[i - 1]!.start || s.end !== list[i - 1]!.end || s.label !== list[i - 1]!.label,
        ),
      );
    }
    const docPairs: DocumentTypology["pairs"][number][] = [];
    for (let i = 0; i < raters.length; i++) {
      for (let j = i + 1; j < raters.length; j++) {
        const A = doc.get(raters[i]!)!;
        const B = doc.get(raters[j]!)!;
        const key = `${raters[i]}\u0000${raters[j]}`;
        let acc = pairAcc.get(key);
        if (!acc)
          pairAcc.set(
            key,
            (acc = { raterA: raters[i]!, raterB: raters[j]!, documents: 0, perLabel: labels.map(zero) }),
          );
        acc.documents++;
        const counts = zero();
        for (const [mine, theirs] of [
          [A, B],
          [B, A],
        ] as const) {
          for (const s of mine) {
            const k = classify(s, theirs);
            counts[k]++;
            acc.perLabel[s.label]![k]++;
          }
        }
        for (const a of A) {
          for (const b of B) {
            if (b.start >= a.end) break;
            const o = Math.min(a.end, b.end) - Math.max(a.start, b.start);
            if (o <= 0) continue;
            confusion[a.label]![b.label]! += o;
            confusion[b.label]![a.label]! += o;
          }
        }
        docPairs.push({ raterA: raters[i]!, raterB: raters[j]!, counts });
      }
    }
    documents.push({ document: docName, pairs: docPairs });
  }
  const pairs = [...pairAcc.values()]
    .sort((x, y) => (x.raterA < y.raterA ? -1 : x.raterA > y.raterA ? 1 : x.raterB < y.raterB ? -1 : 1))
    .map((p) => {
      const total = zero();
      for (const c of p.perLabel) for (const k of DISAGREEMENT_KINDS) total[k] += c[k];
      return {
        raterA: p.raterA,
        raterB: p.raterB,
        documents: p.documents,
        total,
        perLabel: labels.map((label, l) => ({ label, counts: p.perLabel[l]! })),
      };
    });
  return { labels, pairs, documents, confusion };
}
