import "server-only";
/**
 * A set of 52-bit integers (string hashes) in two typed arrays with open addressing: 8 bytes a slot at
 * most 50% full, no per-entry heap object. A `Set<number>` of a million such hashes holds a million heap
 * numbers that every major GC has to trace; this holds two ArrayBuffers.
 */
export class Hash52Set {
  /** High 20 bits + 1 (0 marks an empty slot). */
  private hi: Uint32Array;
  private lo: Uint32Array;
  private count = 0;

  constructor(initialCapacity = 1024) {
    let cap = 16;
    while (cap < initialCapacity * 2) cap *= 2;
    this.hi = new Uint32Array(cap);
    this.lo = new Uint32Array(cap);
  }

  get size(): number {
    return this.count;
  }

  /** Adds `h` (an integer in [0, 2^52)); returns false if it was already there. */
  add(h: number): boolean {
    const hi = Math.floor(h / 2 ** 32) + 1;
    const lo = h >>> 0;
    const mask = this.hi.length - 1;
    for (let i = Math.imul(lo ^ hi, 0x9e3779b1) & mask; ; i = (i + 1) & mask) {
      const slot = this.hi[i]!;
      if (slot === 0) {
        this.hi[i] = hi;
        this.lo[i] = lo;
        if (++this.count * 2 > this.hi.length) this.grow();
        return true;
      }
      if (slot === hi && this.lo[i] === lo) return false;
    }
  }

  has(h: number): boolean {
    const hi = Math.floor(h / 2 ** 32) + 1;
    const lo = h >>> 0;
    const mask = this.hi.length - 1;
    for (let i = Math.imul(lo ^ hi, 0x9e3779b1) & mask; ; i = (i + 1) & mask) {
      const slot = this.hi[i]!;
      if (slot === 0) return false;
      if (slot === hi && this.lo[i] === lo) return true;
    }
  }

  private grow(): void {
    const { hi: oldHi, lo: oldLo } = this;
    this.hi = new Uint32Array(oldHi.length * 2);
    this.lo = new Uint32Array(oldLo.length * 2);
    this.count = 0;
    for (let i = 0; i < oldHi.length; i++) if (oldHi[i] !== 0) this.add((oldHi[i]! - 1) * 2 ** 32 + oldLo[i]!);
  }
}
