/**
 * Plain-language readings of the agreement figures, and the usual interpretation bands as context.
 * Bands: Krippendorff, K. (2004). Content Analysis: An Introduction to Its Methodology (2nd ed.),
 * p. 241: rely on variables with α ≥ .800; α ≥ .667 only for tentative conclusions. They are
 * conventions for alpha-type coefficients, not verdicts, and are not applied to F1.
 */

export type Band = "reliable" | "tentative" | "low";

export const KRIPPENDORFF_BANDS = { reliable: 0.8, tentative: 0.667 } as const;

/** Where an alpha-type value falls among Krippendorff's (2004) bands; null when undefined. */
export function bandOf(value: number | null): Band | null {
  if (value === null || Number.isNaN(value)) return null;
  if (value >= KRIPPENDORFF_BANDS.reliable) return "reliable";
  if (value >= KRIPPENDORFF_BANDS.tentative) return "tentative";
  return "low";
}

export const BAND_TEXT: Record<Band, string> = {
  reliable: "at or above .800, the level Krippendorff (2004) suggests for drawing conclusions",
  tentative: "between .667 and .800: Krippendorff (2004) allows only tentative conclusions",
  low: "below .667, under the levels Krippendorff (2004) suggests relying on",
};

export type MeasureKind = "chance-corrected" | "f1";

/** How a measure reads, by kind, in one sentence (what its value says about the raters). */
export function readingOf(kind: MeasureKind, value: number | null, unit: string): string {
  if (value === null || Number.isNaN(value)) return "Cannot be computed here; the reason is given beside it.";
  const v = value.toFixed(2);
  if (kind === "f1") {
    const pct = Math.round(value * 100);
    return `Two reviewers' ${unit} match ${pct}% of the time, on average over pairs (1 = every span matched).`;
  }
  if (value >= 0.995) return `Reviewers agree perfectly on the ${unit} (1 is perfect agreement).`;
  if (value > 0.005)
    return `Reviewers agree on ${unit} ${v} of the way from chance-level (0) to perfect agreement (1).`;
  if (value >= -0.005) return `Reviewers agree on ${unit} no more than chance would (0).`;
  return `Reviewers disagree on ${unit} more than chance would (${v} < 0): systematic disagreement.`;
}

/**
 * A label name fitted into at most `lines` lines of `width` code points, broken at spaces where it can;
 * `abbreviated` when it had to be cut (then the last line ends with "…" and the full name goes on hover/focus).
 */
export function fitLabel(name: string, width: number, lines = 2): { lines: string[]; abbreviated: boolean } {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const out: string[] = [];
  let current = "";
  const len = (s: string) => Array.from(s).length;
  for (const w of words) {
    const next = current ? `${current} ${w}` : w;
    if (len(next) <= width) current = next;
    else {
      if (current) out.push(current);
      current = w;
    }
  }
  if (current) out.push(current);
  // A single word wider than the line is cut too.
  const fitted = out.map((l) =>
    len(l) > width
      ? `${Array.from(l)
          .slice(0, width - 1)
          .join("")}…`
      : l,
  );
  const cut = fitted.some((l, i) => l !== out[i]);
  if (fitted.length <= lines) return { lines: fitted, abbreviated: cut };
  const kept = fitted.slice(0, lines);
  const last = Array.from(kept[lines - 1]!);
  kept[lines - 1] = `${last.slice(0, Math.max(1, width - 1)).join("")}…`;
  return { lines: kept, abbreviated: true };
}
