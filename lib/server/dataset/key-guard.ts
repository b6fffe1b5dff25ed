import "server-only";
import { Hash52Set } from "./hash-set";

/** 52-bit FNV-1a-style hash of a string (two 32-bit lanes), for memory-light duplicate detection. */
export function hash52(s: string): number {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x9e3779b9;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  return (a >>> 12) * 2 ** 32 + (b >>> 0);
}

/** hash52 of a tuple of 32-bit integers, without making a string of it. */
export function hashInts52(v1: number, v2: number, v3: number, v4: number, v5: number): number {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x9e3779b9;
  const mix = (v: number) => {
    a = Math.imul(a ^ v, 0x01000193);
    b = Math.imul(b ^ v, 0x5bd1e995);
    b ^= b >>> 15;
  };
  mix(v1);
  mix(v2);
  mix(v3);
  mix(v4);
  mix(v5);
  return (a >>> 12) * 2 ** 32 + (b >>> 0);
}

/**
 * Detects repeated unique keys among millions of rows without keeping the keys: a hash set answers
 * "new", and only a hash hit (a real duplicate, or a one-in-billions collision) is checked exactly.
 */
export class KeyGuard {
  private readonly seen = new Hash52Set();
  private pending = new Set<string>();
  constructor(private readonly existsInDb: (key: string) => Promise<boolean>) {}
  /**
   * `hash` must be the same for equal keys (hash52(key) unless the caller hashes the key's parts).
   * Synchronous unless the database has to be asked (a hash hit outside the pending batch).
   */
  isDuplicate(key: string, trustHash: boolean, hash = hash52(key)): boolean | Promise<boolean> {
    if (this.seen.add(hash)) {
      this.pending.add(key);
      return false;
    }
    if (this.pending.has(key)) return true;
    if (trustHash) return true;
    return this.existsInDb(key).then((found) => {
      if (!found) this.pending.add(key);
      return found;
    });
  }
  /** The pending keys' rows were written: from now on the database answers for them. */
  flushed(): void {
    this.pending = new Set();
  }
}
