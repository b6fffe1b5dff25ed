import { describe, expect, it } from "vitest";
import { elide } from "./elide";

describe("elide", () => {
  it("keeps short text and cuts long text in the middle to exactly max code points", () => {
    expect(elide("short", 10)).toBe("short");
    expect(elide("abcdefghijkl", 7)).toBe("abc…jkl");
    expect(Array.from(elide("👍🏽".repeat(50), 9))).toHaveLength(9);
  });
  it("refuses a max below 3", () => {
    expect(() => elide("abc", 2)).toThrow(RangeError);
  });
});
