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

  const fixedCount = Int32Array.from(members, (m) => m.length);
  const buckets = new LoadBuckets(load);
  const random = mulberry32(input.seed);
  for (let ai = 0; ai < articles.length; ai++) {
    const chosen = members[ai]!;
    while (chosen.length < k) {
      const pick = buckets.pick(chosen, random, pairs, n);
      for (const other of chosen) bumpPair(pairs, n, pick, other);
      chosen.push(pick);
      buckets.raise(pick);
    }
  }
  rebalance(members, fixedCount, load);
  const added: Pair[] = [];
  for (let ai = 0; ai < articles.length; ai++) {
    const chosen = members[ai]!;
    for (let j = fixedCount[ai]!; j < chosen.length; j++)
      added.push({ article: articles[ai]!, annotator: annotators[chosen[j]!]! });
  }
  return { pairs: [...fixedPairs, ...added], added };
}

/**
 * Fixed work can leave the greedy fill with loads two or more apart where a spread of one is possible:
 * its picks for early articles cannot foresee that a blocked annotator (on every later article already)
 * runs out of places to take work. While some chain of moves of added work shifts one unit from an
 * annotator to one at least two below (x gives article a1 to z1, z1 gives a2 to z2, …, to y; each
 * receiver not yet on that article), the chain is applied. When no chain exists the loads are the most
 * even the fixed work allows (the feasible load vectors of a bipartite degree-constrained assignment
 * form an M-convex set, on which a separable convex objective's local optimum is global).
 * With nothing fixed the greedy fill is already within one and this costs a scan of the loads.
 * Each search is one breadth-first walk over annotators, O(added pairs · k + n log n).
 */
function rebalance(members: number[][], fixedCount: Int32Array, load: Int32Array): void {
  const n = load.length;
  if (n < 2) return;
  if (Math.max(...load) - Math.min(...load) <= 1) return;
  // Articles where each annotator holds added (movable) work; entries go stale after moves and are checked on use.
  const holds: number[][] = Array.from({ length: n }, () => []);
  for (let ai = 0; ai < members.length; ai++)
    for (let j = fixedCount[ai]!; j < members[ai]!.length; j++) holds[members[ai]![j]!]!.push(ai);
  const movable = (ai: number, z: number) => members[ai]!.indexOf(z) >= fixedCount[ai]!;

  const parent = new Int32Array(n);
  const via = new Int32Array(n);
  const unseen: number[] = [];
  const where = new Int32Array(n);
  const queue: number[] = [];
  const drop = (y: number) => {
    const last = unseen.pop()!;
    if (last !== y) {
      unseen[where[y]!] = last;
      where[last] = where[y]!;
    }
  };
  /**
   * The end of a chain from an annotator to one at least two below, or -1. One walk serves every start:
   * starts are taken from the highest load down and what one start reached is not walked again, so an
   * annotator is first reached from the highest-loaded start that can reach it at all.
   */
  const search = (): number => {
    let lo = Infinity;
    for (const l of load) if (l < lo) lo = l;
    const order = Array.from({ length: n }, (_, z) => z).sort((a, b) => load[b]! - load[a]! || a - b);
    unseen.length = 0;
    for (let z = 0; z < n; z++) {
      where[z] = z;
      unseen.push(z);
    }
    for (const start of order) {
      if (load[start]! < lo + 2) return -1;
      if (unseen[where[start]!] !== start) continue;
      drop(start);
      parent[start] = -1;
      queue.length = 0;
      queue.push(start);
      for (let q = 0; q < queue.length && unseen.length > 0; q++) {
        const z = queue[q]!;
        const list = holds[z]!;
        for (let i = 0; i < list.length && unseen.length > 0; i++) {
          const ai = list[i]!;
          if (!movable(ai, z)) {
            list[i] = list[list.length - 1]!;
            list.pop();
            i--;
            continue;
          }
          const on = members[ai]!;
          for (let u = 0; u < unseen.length; ) {
            const y = unseen[u]!;
            if (on.includes(y)) {
              u++;
              continue;
            }
            drop(y);
            parent[y] = z;
            via[y] = ai;
            if (load[start]! >= load[y]! + 2) return y;
            queue.push(y);
          }
        }
      }
    }
    return -1;
  };
  for (let end = search(); end >= 0; end = search()) {
    load[end]!++;
    for (let y = end; parent[y]! >= 0; y = parent[y]!) {
      const z = parent[y]!;
      const on = members[via[y]!]!;
      on[on.indexOf(z)] = y;
      holds[y]!.push(via[y]!);
      if (parent[z]! < 0) load[z]!--;
    }
  }
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
