import { describe, expect, it } from "vitest";
import { bandOf, fitLabel, readingOf } from "./readings";

describe("bandOf (Krippendorff 2004, p. 241: α ≥ .800 reliable, ≥ .667 tentative)", () => {
  it("puts values on the published thresholds into the higher band", () => {
    expect(bandOf(0.8)).toBe("reliable");
    expect(bandOf(0.7999)).toBe("tentative");
    expect(bandOf(0.667)).toBe("tentative");
    expect(bandOf(0.6669)).toBe("low");
    expect(bandOf(-0.2)).toBe("low");
    expect(bandOf(null)).toBeNull();
  });
});

describe("readingOf", () => {
  it("reads chance-corrected values against chance (0) and perfect (1)", () => {
    expect(readingOf("chance-corrected", 1, "tokens")).toBe(
      "Reviewers agree perfectly on the tokens (1 is perfect agreement).",
    );
    expect(readingOf("chance-corrected", 0.62, "tokens")).toContain("0.62 of the way from chance-level (0)");
    expect(readingOf("chance-corrected", 0, "tokens")).toContain("no more than chance");
    expect(readingOf("chance-corrected", -0.3, "tokens")).toContain("more than chance would (-0.30 < 0)");
    expect(readingOf("chance-corrected", null, "tokens")).toContain("Cannot be computed");
  });

  it("reads F1 as a match rate", () => {
    expect(readingOf("f1", 0.734, "spans")).toContain("match 73% of the time");
  });
});

describe("fitLabel", () => {
  it("keeps short names whole and wraps long ones at spaces", () => {
    expect(fitLabel("Conflict", 12)).toEqual({ lines: ["Conflict"], abbreviated: false });
    expect(fitLabel("Economic consequences frame", 14)).toEqual({
      lines: ["Economic", "consequences…"],
      abbreviated: true,
    });
    expect(fitLabel("Human interest", 8)).toEqual({ lines: ["Human", "interest"], abbreviated: false });
  });

  it("abbreviates with an ellipsis what does not fit, words longer than a line included", () => {
    const r = fitLabel("Responsibility attribution to government actors", 12);
    expect(r.abbreviated).toBe(true);
    expect(r.lines).toHaveLength(2);
    expect(r.lines[1]!.endsWith("…")).toBe(true);
    for (const l of r.lines) expect(Array.from(l).length).toBeLessThanOrEqual(12);
    expect(fitLabel("Antidisestablishmentarianism", 10)).toEqual({ lines: ["Antidises…"], abbreviated: true });
  });
});
