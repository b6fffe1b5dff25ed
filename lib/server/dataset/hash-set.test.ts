import { describe, expect, it } from "vitest";
import { Hash52Set } from "./hash-set";

describe("Hash52Set", () => {
  it("behaves like Set<number> over 52-bit integers, through many resizes and colliding low halves", () => {
    const mine = new Hash52Set(4);
    const ref = new Set<number>();
    let x = 12345;
    for (let i = 0; i < 50_000; i++) {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      // Values share low 32 bits often (only 64 distinct) and cover the whole 52-bit range, edges included.
      const h =
        i % 7 === 0
          ? (x % 2 ** 20) * 2 ** 32 + (x % 64)
          : i % 11 === 0
            ? [0, 2 ** 52 - 1, 2 ** 32, 2 ** 32 - 1][i % 4]!
            : (x % 2 ** 20) * 2 ** 32 + x;
      expect(mine.add(h)).toBe(!ref.has(h));
      ref.add(h);
    }
    expect(mine.size).toBe(ref.size);
    for (const h of ref) expect(mine.has(h)).toBe(true);
    expect(mine.has(2 ** 52 - 2)).toBe(ref.has(2 ** 52 - 2));
    expect(mine.has(7 * 2 ** 32 + 63)).toBe(ref.has(7 * 2 ** 32 + 63));
  });
});
