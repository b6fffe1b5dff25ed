import { describe, expect, it } from "vitest";
import { safeReturnPath } from "./return-path";

describe("safeReturnPath", () => {
  it("keeps same-origin paths with their query", () => {
    expect(safeReturnPath("/articles/abc")).toBe("/articles/abc");
    expect(safeReturnPath("/admin/articles/x/compare?page=2")).toBe("/admin/articles/x/compare?page=2");
    expect(safeReturnPath("/projects/p?_rsc=1x2")).toBe("/projects/p");
  });
  it("refuses anything that could leave the site or loop", () => {
    for (const bad of [
      "//evil.test/x",
      "/\\evil.test",
      "https://evil.test/",
      "javascript:alert(1)",
      "evil",
      "",
      "/x\n/y",
      "/sign-in",
      "/setup?token=1",
      "/api/export/jsonl",
      42,
      null,
      `/${"a".repeat(2001)}`,
    ]) {
      expect(safeReturnPath(bad), String(bad)).toBe("/");
    }
  });
  it("refuses every C0 control character and DEL, and no other ASCII but the backslash", () => {
    for (let unit = 0; unit <= 0x7f; unit++) {
      const path = `/a${String.fromCharCode(unit)}b`;
      // The backslash is refused too, as a way to another host.
      const refused = unit <= 0x1f || unit === 0x7f || unit === 0x5c;
      expect(safeReturnPath(path) === "/", `U+${unit.toString(16).padStart(4, "0")}`).toBe(refused);
    }
    expect(safeReturnPath("/a b")).toBe("/a%20b");
    expect(safeReturnPath("/a\u0085b")).toBe("/a%C2%85b");
    expect(safeReturnPath("/caf\u00e9/👍")).toBe("/caf%C3%A9/%F0%9F%91%8D");
  });
});
