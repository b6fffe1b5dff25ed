/**
 * Token- and character-level items for nominal alpha / Fleiss' kappa.
 *
 * Every item (a token, or a run of code points over which no rater's label
 * set changes) carries one value per rater of the document: the set of
 * labels of that rater's spans overlapping the item, as a bit mask over the
 * global label index (W = ceil(labels / 32) words per rater). The empty set is
 * the category "none". Per label, the binary version asks "is the label in the
 * set" (present / absent).
 *
 * {@link ItemSink} turns an item into accumulator updates: O(R * W) for an
 * item where nobody marked anything (the common case; such items are batched
 * into one weighted update) and O(R^2 * W + labels-in-item * R) otherwise.
 * A run of w equal code points is one item of weight w.
 */
import { type CategoryKey, NominalAccumulator } from "./coding";

/** Open-addressing hash map from int32 keys to summed float64 values. */
class IntCounter {
  keys = new Int32Array(64);
  vals = new Float64Array(64);
  used = new Uint8Array(64);
  size = 0;
  private mask = 63;

  private slot(key: number): number {
    return (Math.imul(key ^ (key >>> 15), 0x2c1b3c6d) >>> 7) & this.mask;
  }

  add(key: number, v: number): void {
    let h = this.slot(key);
    while (this.used[h] === 1) {
      if (this.keys[h] === key) {
        this.vals[h]! += v;
        return;
      }
      h = (h + 1) & this.mask;
    }
    this.used[h] = 1;
    this.keys[h] = key;
    this.vals[h] = v;
    if (++this.size * 2 > this.keys.length) this.rehash();
  }

  private rehash(): void {
    const { keys, vals, used } = this;
    const cap = keys.length * 2;
    this.keys = new Int32Array(cap);
    this.vals = new Float64Array(cap);
    this.used = new Uint8Array(cap);
    this.mask = cap - 1;
    this.size = 0;
    for (let i = 0; i < keys.length; i++) if (used[i] === 1) this.add(keys[i]!, vals[i]!);
  }

  drainInto(acc: NominalAccumulator): void {
    if (this.size === 0) return;
    for (let i = 0; i < this.keys.length; i++) {
      if (this.used[i] === 1) {
        acc.addCategory(this.keys[i]!, this.vals[i]!);
        this.used[i] = 0;
      }
    }
    this.size = 0;
  }
}

export class ItemSink {
  /** Raters of the current document (every item has exactly R ratings). */
  R = 0;
  /** Item weight added since the last reset (tokens, or code points). */
  totalWeight = 0;
  private zeroWeight = 0;
  private acc = new NominalAccumulator();
  private readonly counter = new IntCounter();
  /** hist[label * stride + k]: weight of items where k >= 1 raters have the label. */
  readonly hist: Float64Array;
  readonly stride: number;
  /** Labels with a non-zero hist row since the last reset. */
  readonly touched: number[] = [];
  private readonly touchedFlag: Uint8Array;
  private readonly seen: Uint8Array;

  constructor(
    readonly labelCount: number,
    readonly W: number,
    maxRaters: number,
  ) {
    this.stride = maxRaters + 1;
    this.hist = new Float64Array(Math.max(1, labelCount) * this.stride);
    this.touchedFlag = new Uint8Array(Math.max(1, labelCount));
    this.seen = new Uint8Array(Math.max(1, maxRaters));
  }

  reset(R: number): void {
    for (const l of this.touched) {
      this.hist.fill(0, l * this.stride, (l + 1) * this.stride);
      this.touchedFlag[l] = 0;
    }
    this.touched.length = 0;
    this.R = R;
    this.totalWeight = 0;
    this.zeroWeight = 0;
    this.acc = new NominalAccumulator();
  }

  /** The set-valued accumulator of the items added since the last reset. */
  finish(): NominalAccumulator {
    const R = this.R;
    if (this.zeroWeight > 0) {
      this.acc.addItem(R, R * R, this.zeroWeight);
      this.acc.addCategory(0, R * this.zeroWeight);
      this.zeroWeight = 0;
    }
    this.counter.drainInto(this.acc);
    return this.acc;
  }

  private touch(label: number): void {
    if (this.touchedFlag[label] === 0) {
      this.touchedFlag[label] = 1;
      this.touched.push(label);
    }
  }

  /** Add one item: rater r's mask words at masks[base + r*W .. base + r*W + W). */
  add(masks: Int32Array, base: number, weight: number): void {
    const R = this.R;
    const W = this.W;
    this.totalWeight += weight;
    if (W === 1 && R <= 31) {
      this.addSingleWord(masks, base, weight, R);
      return;
    }
    const RW = R * W;
    let any = 0;
    for (let x = 0; x < RW; x++) any |= masks[base + x]!;
    if (any === 0) {
      this.zeroWeight += weight;
      return;
    }
    // Set-valued categories: group equal masks among the R ratings.
    const seen = this.seen;
    seen.fill(0, 0, R);
    let s2 = 0;
    for (let r = 0; r < R; r++) {
      if (seen[r]) continue;
      let c = 1;
      const at = base + r * W;
      for (let r2 = r + 1; r2 < R; r2++) {
        if (!seen[r2] && this.equal(masks, at, base + r2 * W)) {
          seen[r2] = 1;
          c++;
        }
      }
      s2 += c * c;
      this.acc.addCategory(this.key(masks, at), c * weight);
    }
    this.acc.addItem(R, s2, weight);
    // Binary per label: k raters have the label.
    for (let w = 0; w < W; w++) {
      let or = 0;
      for (let r = 0; r < R; r++) or |= masks[base + r * W + w]!;
      while (or !== 0) {
        const low = or & -or;
        const label = w * 32 + (31 - Math.clz32(low));
        let k = 0;
        for (let r = 0; r < R; r++) if ((masks[base + r * W + w]! & low) !== 0) k++;
        this.hist[label * this.stride + k]! += weight;
        this.touch(label);
        or ^= low;
      }
    }
  }

  /** Fast path: one mask word per rater, at most 31 raters (seen-set as a bit mask). */
  private addSingleWord(masks: Int32Array, base: number, weight: number, R: number): void {
    let any = 0;
    for (let r = 0; r < R; r++) any |= masks[base + r]!;
    if (any === 0) {
      this.zeroWeight += weight;
      return;
    }
    let seen = 0;
    let s2 = 0;
    for (let r = 0; r < R; r++) {
      if ((seen >>> r) & 1) continue;
      const v = masks[base + r]!;
      let c = 1;
      for (let r2 = r + 1; r2 < R; r2++) {
        if (((seen >>> r2) & 1) === 0 && masks[base + r2] === v) {
          seen |= 1 << r2;
          c++;
        }
      }
      s2 += c * c;
      this.counter.add(v, c * weight);
    }
    this.acc.addItem(R, s2, weight);
    let or = any;
    while (or !== 0) {
      const low = or & -or;
      const label = 31 - Math.clz32(low);
      let k = 0;
      for (let r = 0; r < R; r++) if ((masks[base + r]! & low) !== 0) k++;
      this.hist[label * this.stride + k]! += weight;
      this.touch(label);
      or ^= low;
    }
  }

  private key(masks: Int32Array, at: number): CategoryKey {
    const W = this.W;
    if (W === 1) return masks[at]!;
    let any = 0;
    for (let w = 0; w < W; w++) any |= masks[at + w]!;
    if (any === 0) return 0;
    let s = String(masks[at]!);
    for (let w = 1; w < W; w++) s += `,${String(masks[at + w]!)}`;
    return s;
  }

  private equal(masks: Int32Array, a: number, b: number): boolean {
    for (let w = 0; w < this.W; w++) if (masks[a + w] !== masks[b + w]) return false;
    return true;
  }
}
