/**
 * WCAG 2.2 contrast: relative luminance and contrast ratio of sRGB colours (#rgb or #rrggbb).
 * Highlight underlines are non-text content, so they need 3:1 against the page (SC 1.4.11).
 * https://www.w3.org/TR/WCAG22/#dfn-relative-luminance, https://www.w3.org/TR/WCAG22/#dfn-contrast-ratio
 */

/** The minimum contrast of a label's underline against the article background (WCAG 2.2 SC 1.4.11). */
export const MIN_UNDERLINE_CONTRAST = 3;
/** The article text's background (the .fw-text box). */
export const ARTICLE_BACKGROUND = "#ffffff";

function channels(hex: string): [number, number, number] | null {
  const m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(hex);
  if (!m) return null;
  const h = (m[1] as string).length === 3 ? [...(m[1] as string)].map((c) => c + c).join("") : (m[1] as string);
  return [0, 2, 4].map((i) => Number.parseInt(h.slice(i, i + 2), 16)) as [number, number, number];
}

/** Relative luminance in [0, 1], or null for a value that is not #rgb / #rrggbb. */
export function relativeLuminance(hex: string): number | null {
  const c = channels(hex);
  if (!c) return null;
  const [r, g, b] = c.map((v) => {
    const s = v / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** Contrast ratio in [1, 21] between two colours, or null if either is not a hex colour. */
export function contrastRatio(a: string, b: string): number | null {
  const la = relativeLuminance(a);
  const lb = relativeLuminance(b);
  if (la === null || lb === null) return null;
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/** A warning for a label colour too faint for an underline on the article background, else null. */
export function underlineContrastWarning(colour: string): string | null {
  const ratio = contrastRatio(colour, ARTICLE_BACKGROUND);
  if (ratio === null || ratio >= MIN_UNDERLINE_CONTRAST) return null;
  return `Contrast ${ratio.toFixed(2)}:1 against the page is below ${MIN_UNDERLINE_CONTRAST}:1: the underline will be hard to see.`;
}
