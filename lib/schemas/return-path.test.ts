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
});
