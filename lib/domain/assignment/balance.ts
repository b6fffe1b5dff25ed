import { mulberry32 } from "../random";

export type Pair = { article: string; annotator: string };

export type BalanceInput = {
  /** In corpus order; processed in this order, so appended articles extend an earlier result. */
  articles: readonly string[];
  annotators: readonly string[];
  /** Annotators per article. */
  k: number;
  seed: number;
  /** Work that must stay where it is (started assignments); counted in loads and co-occurrence. */
  fixed?: readonly Pair[];
};

export type BalanceResult = { pairs: Pair[]; added: Pair[] };

/** How many least-loaded candidates are compared for co-occurrence per pick: bounds the cost at A·k·W. */
const WINDOW = 64;
/** Above this many annotators the n² co-occurrence table is not kept (picks stay load-balanced and seeded). */
const MAX_PAIR_TABLE = 2048;

/**
 * Fixed-overlap assignment: every article gets exactly k annotators (counting fixed ones), each pick is
 * an annotator of the lowest load not yet on the article, so loads differ by at most one when nothing is
 * fixed; among the lowest-loaded (a seeded window of them), the one who has co-occurred least with the
 * article's annotators so far is taken, which spreads pairs evenly. Deterministic from the seed.
 */
export function balanceAssignment(input: BalanceInput): BalanceResult {
  const { articles, annotators, k } = input;
  const n = annotators.length;
  if (!Number.isInteger(k) || k < 1) throw new RangeError("k must be a positive whole number");
  if (articles.length > 0 && k > n) throw new RangeError(`k (${k}) is more than the ${n} annotator(s)`);
  const annotatorIndex = new Map(annotators.map((a, i) => [a, i]));
  const articleIndex = new Map(articles.map((a, i) => [a, i]));
  if (annotatorIndex.size !== n) throw new RangeError("annotators must be distinct");

  const members: number[][] = articles.map(() => []);
  const load = new Int32Array(n);
  const pairs = n <= MAX_PAIR_TABLE ? new Uint32Array(n * n) : null;
  const fixedPairs: Pair[] = [];
  for (const f of input.fixed ?? []) {
    const ai = articleIndex.get(f.article);
    const ui = annotatorIndex.get(f.annotator);
    if (ai === undefined || ui === undefined || members[ai]!.includes(ui)) continue;
    for (const other of members[ai]!) bumpPair(pairs, n, ui, other);
    members[ai]!.push(ui);
    load[ui]!++;
    fixedPairs.push(f);
  }

  const buckets = new LoadBuckets(load);
  const random = mulberry32(input.seed);
  const added: Pair[] = [];
  for (let ai = 0; ai < articles.length; ai++) {
    const chosen = members[ai]!;
    while (chosen.length < k) {
      const pick = buckets.pick(chosen, random, pairs, n);
      for (const other of chosen) bumpPair(pairs, n, pick, other);
      chosen.push(pick);
      buckets.raise(pick);
      added.push({ article: articles[ai]!, annotator: annotators[pick]! });
    }
  }
  return { pairs: [...fixedPairs, ...added], added };
}

function bumpPair(pairs: Uint32Array | null, n: number, a: number, b: number) {
  if (!pairs) return;
  pairs[a * n + b]!++;
  pairs[b * n + a]!++;
}

/** Annotators grouped by current load; O(1) moves, lowest non-empty load found by a moving pointer. */
class LoadBuckets {
  private readonly buckets: number[][] = [];
  private readonly pos: Int32Array;
  private readonly base: number;
  private lowest = 0;

  constructor(private readonly load: Int32Array) {
    this.pos = new Int32Array(load.length);
    this.base = load.length ? Math.min(...load) : 0;
    for (let i = 0; i < load.length; i++) this.add(i);
  }

  private bucket(level: number): number[] {
    while (this.buckets.length <= level) this.buckets.push([]);
    return this.buckets[level]!;
  }

  private add(i: number) {
    const b = this.bucket(this.load[i]! - this.base);
    this.pos[i] = b.length;
    b.push(i);
  }

  /** Moves `i` up one load level. */
  raise(i: number) {
    const b = this.buckets[this.load[i]! - this.base]!;
    const last = b.pop()!;
    if (last !== i) {
      b[this.pos[i]!] = last;
      this.pos[last] = this.pos[i]!;
    }
    this.load[i]!++;
    this.add(i);
    while (this.lowest < this.buckets.length && this.buckets[this.lowest]!.length === 0) this.lowest++;
  }

  /** The best of up to WINDOW eligible annotators of the lowest load that has any, from a seeded offset. */
  pick(exclude: readonly number[], random: () => number, pairs: Uint32Array | null, n: number): number {
    for (let level = this.lowest; level < this.buckets.length; level++) {
      const b = this.buckets[level]!;
      if (b.length === 0) continue;
      const offset = Math.floor(random() * b.length);
      let best = -1;
      let bestCost = Infinity;
      let seen = 0;
      // The hot loop of a 100,000-article assignment: costs inlined, no closure per candidate.
      for (let j = 0, at = offset; j < b.length && seen < WINDOW; j++, at = at + 1 === b.length ? 0 : at + 1) {
        const c = b[at]!;
        if (exclude.includes(c)) continue;
        seen++;
        let cc = 0;
        if (pairs) for (let e = 0; e < exclude.length; e++) cc += pairs[c * n + exclude[e]!]!;
        if (cc < bestCost) {
          best = c;
          bestCost = cc;
          if (cc === 0) break; // nothing beats a pair that never met
        }
      }
      if (best >= 0) return best;
    }
    throw new RangeError("not enough annotators for k");
  }
}
