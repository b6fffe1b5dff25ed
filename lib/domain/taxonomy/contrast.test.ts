import { describe, expect, it } from "vitest";
import { ARTICLE_BACKGROUND, MIN_UNDERLINE_CONTRAST, contrastRatio, underlineContrastWarning } from "./contrast";
import { DEFAULT_TAXONOMY } from "./default-taxonomy";

describe("WCAG contrast", () => {
  // Reference values: black on white is 21:1, white on white 1:1 (WCAG 2.2 definition); #767676 on white is
  // the well-known 4.54:1 (the lightest grey passing 4.5:1 for text), #949494 about 3.03:1.
  it("matches the published reference ratios", () => {
    expect(contrastRatio("#000000", "#ffffff")).toBeCloseTo(21, 10);
    expect(contrastRatio("#fff", "#ffffff")).toBe(1);
    expect(contrastRatio("#767676", "#ffffff")).toBeCloseTo(4.54, 2);
    expect(contrastRatio("#949494", "#ffffff")).toBeCloseTo(3.03, 2);
    expect(contrastRatio("not a colour", "#ffffff")).toBeNull();
  });

  it("every default label colour reaches 3:1 against the article background", () => {
    for (const group of DEFAULT_TAXONOMY) {
      for (const label of group.labels) {
        expect(contrastRatio(label.colour, ARTICLE_BACKGROUND), label.name).toBeGreaterThanOrEqual(
          MIN_UNDERLINE_CONTRAST,
        );
      }
    }
  });

  it("default label colours are all different", () => {
    const colours = DEFAULT_TAXONOMY.flatMap((g) => g.labels.map((l) => l.colour.toLowerCase()));
    expect(new Set(colours).size).toBe(colours.length);
  });

  it("warns below 3:1 and says by how much", () => {
    expect(underlineContrastWarning("#ffe119")).toMatch(/^Contrast 1\.\d\d:1 against the page is below 3:1/);
    expect(underlineContrastWarning("#1f5fbf")).toBeNull();
  });
});
