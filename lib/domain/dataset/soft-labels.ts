/**
 * Soft labels: per token, the distribution of the reviewers' labels, for learning from disagreement
 * (Uma, Fornaciari, Hovy, Paun, Plank & Poesio 2021, "Learning from Disagreement: A Survey", JAIR 72).
 *
 * Tokens are those of the BIO export (`tokenize.ts`, the tokenizer token-level agreement uses too), so the
 * rows line up with the BIO rows of the same article index for index. A span covers every token it shares a
 * code point with, as in BIO. Each reviewer of the article casts one vote per token, split evenly over the
 * labels of their spans covering it, or given whole to "O" when none does; the distribution is the votes
 * divided by the number of reviewers, so it sums to 1. `counts` says how many reviewers put each label
 * (or nothing, for "O") on the token. Sentences are numbered as in the BIO CSV (a line break starts one).
 */
import { tokenize } from "./tokenize";

export interface SoftLabelSpan {
  readonly start: number;
  readonly end: number;
  readonly label: string;
}

export interface SoftLabelRow {
  readonly index: number;
  readonly sentence: number;
  readonly token: string;
  readonly start: number;
  readonly end: number;
  readonly reviewers: number;
  /** Parallel to `["O", ...labels]`: reviewers who put that label on the token ("O": none). */
  readonly counts: readonly number[];
  /** Parallel to `["O", ...labels]`: the share of the reviewers' votes; sums to 1 (empty with no reviewer). */
  readonly distribution: readonly number[];
}

/** First token index with end > offset (tokens sorted, disjoint). */
function firstEndingAfter(ends: readonly number[], offset: number): number {
  let lo = 0;
  let hi = ends.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ends[mid]! <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The soft labels of one article. `labels`: the label columns, in order (a span of a label not listed
 * throws RangeError, so no vote is silently lost). `reviewers`: each reviewer's spans (an empty list: a
 * reviewer who marked nothing, all "O"). O(tokens x (reviewers + labels) + spans x covered tokens).
 */
export function softLabels(
  text: string,
  reviewers: readonly (readonly SoftLabelSpan[])[],
  labels: readonly string[],
): SoftLabelRow[] {
  const tokens = tokenize(text);
  const T = tokens.length;
  const K = labels.length;
  const column = new Map(labels.map((l, i) => [l, i + 1] as const));
  const ends = tokens.map((t) => t.end);
  const counts = new Float64Array(T * (K + 1));
  const votes = new Float64Array(T * (K + 1));
  // Per reviewer: which labels cover each token (a bit per label column), then the votes.
  const mark = new Uint8Array(T * (K + 1));
  for (const spans of reviewers) {
    mark.fill(0);
    for (const s of spans) {
      const c = column.get(s.label);
      if (c === undefined) throw new RangeError(`span label "${s.label}" is not one of the label columns`);
      if (s.end <= s.start) continue;
      for (let t = firstEndingAfter(ends, s.start); t < T && tokens[t]!.start < s.end; t++) mark[t * (K + 1) + c] = 1;
    }
    for (let t = 0; t < T; t++) {
      const row = t * (K + 1);
      let n = 0;
      for (let c = 1; c <= K; c++) n += mark[row + c]!;
      if (n === 0) {
        counts[row]!++;
        votes[row]!++;
        continue;
      }
      for (let c = 1; c <= K; c++) {
        if (mark[row + c] === 0) continue;
        counts[row + c]!++;
        votes[row + c]! += 1 / n;
      }
    }
  }
  const R = reviewers.length;
  let sentence = 0;
  return tokens.map((tok, t) => {
    if (tok.lineBreakBefore) sentence++;
    const row = t * (K + 1);
    return {
      index: t,
      sentence,
      token: tok.text,
      start: tok.start,
      end: tok.end,
      reviewers: R,
      counts: Array.from(counts.subarray(row, row + K + 1)),
      distribution: R === 0 ? [] : Array.from(votes.subarray(row, row + K + 1), (v) => v / R),
    };
  });
}
