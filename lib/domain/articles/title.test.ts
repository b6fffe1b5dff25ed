import { describe, expect, it } from "vitest";
import { DERIVED_TITLE_MAX, titleFromText } from "./title";

describe("titleFromText", () => {
  it("takes the first non-empty line, trimmed and with inner whitespace collapsed", () => {
    expect(titleFromText("\n\n   \n  US pauses   intelligence sharing \nBody text")).toBe(
      "US pauses intelligence sharing",
    );
    expect(titleFromText("\r\n\r\nFirst\r\nSecond")).toBe("First");
  });
  it("drops a Markdown heading marker", () => {
    expect(titleFromText("# Kyiv reacts\n\ntext")).toBe("Kyiv reacts");
  });
  it("cuts a long line at a word boundary, counting code points", () => {
    const long = `${"word ".repeat(100)}end`;
    const t = titleFromText(long);
    expect(Array.from(t).length).toBeLessThanOrEqual(DERIVED_TITLE_MAX);
    expect(t.endsWith("word…")).toBe(true);
    const emoji = "😀".repeat(300);
    expect(Array.from(titleFromText(emoji))).toHaveLength(DERIVED_TITLE_MAX);
  });
  it("is empty for blank text", () => {
    expect(titleFromText(" \n\t\n")).toBe("");
  });
});
