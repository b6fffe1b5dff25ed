import { type Page, expect as baseExpect, test } from "@playwright/test";
import { MIN_UNDERLINE_CONTRAST, contrastRatio } from "../lib/domain/taxonomy/contrast";
import { RITA, adminAddsArticle, dragSelect, signIn } from "./helpers";

test.describe.configure({ mode: "serial" });
const expect = baseExpect.configure({ timeout: 15_000 });
test.setTimeout(180_000);

// Builds on the journey spec: the sample project has the default taxonomy (no spec before this one adds
// a label to it).
const TITLE = "Palette briefing";
const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const marker = (i: number) => `Marker${LETTERS[i]}`;
const TEXT = Array.from(LETTERS, (_, i) => `${marker(i)} stands alone on this line.`).join("\n");

/** "rgb(r, g, b)" (what getComputedStyle returns) as "#rrggbb". */
function hex(rgb: string): string {
  const [r, g, b] = (rgb.match(/\d+(\.\d+)?/g) ?? []).map(Number);
  return `#${[r, g, b]
    .map((v) =>
      Math.round(v ?? 0)
        .toString(16)
        .padStart(2, "0"),
    )
    .join("")}`;
}

async function underlines(page: Page) {
  return page.getByTestId("article-text").evaluate((root) => {
    let bg = "rgba(0, 0, 0, 0)";
    for (let el: Element | null = root; el; el = el.parentElement) {
      bg = getComputedStyle(el).backgroundColor;
      if (!/rgba\(.*, 0\)$|transparent/.test(bg)) break;
    }
    const bars = Array.from(root.querySelectorAll<HTMLElement>(".fw-hl"), (el) => {
      const cs = getComputedStyle(el);
      return { text: el.textContent ?? "", image: cs.backgroundImage, opacity: cs.opacity, title: el.title };
    });
    return { background: bg, bars };
  });
}

test("the admin adds an article with a line for every label", async ({ page }) => {
  await adminAddsArticle(page, TITLE, TEXT);
});

test("every default label's underline, as drawn, has 3:1 contrast against the article background", async ({ page }) => {
  await signIn(page, RITA);
  await page.goto("/");
  await page.getByRole("link", { name: TITLE }).click();
  await expect(page.getByTestId("article-text")).toHaveAttribute("data-complete", "");
  const picker = page.getByRole("dialog", { name: "Choose a label" });
  // One span per label, each on its own line, so every highlight piece draws exactly one bar.
  const labels = await page.getByTestId("label-guide").locator("dt").count();
  expect(labels).toBeGreaterThanOrEqual(10);
  expect(labels).toBeLessThanOrEqual(LETTERS.length);
  // Looks met after the first render are drawn inline: adding a rule to a sheet would make the browser
  // re-check every element of the page against it, on every add that brings a new look.
  const lookRules = () =>
    page.evaluate(() =>
      Array.from(document.styleSheets).reduce(
        (n, sheet) => n + Array.from(sheet.cssRules).filter((r) => r.cssText.startsWith(".fw-look")).length,
        0,
      ),
    );
  const rulesBefore = await lookRules();
  for (let i = 0; i < labels; i++) {
    await dragSelect(page, marker(i));
    await expect(picker).toBeVisible();
    await picker.locator(".fw-label-option").nth(i).click();
    await expect(picker).toBeHidden();
  }
  await expect(page.getByTestId("span-list-item")).toHaveCount(labels);
  await expect(page.getByTestId("save-state")).toHaveText("All changes saved");
  // Each label's look was new when its span was added: it was drawn inline then, by class after a reload.
  const drawnLive = (await underlines(page)).bars.map((b) => [b.text, b.image]);
  expect(drawnLive).toHaveLength(labels);
  expect(await lookRules()).toBe(rulesBefore);
  const inline = await page
    .getByTestId("article-text")
    .evaluate((root) =>
      Array.from(root.querySelectorAll<HTMLElement>(".fw-hl"), (el) => el.style.backgroundImage !== ""),
    );
  expect(inline).toEqual(Array(labels).fill(true));

  // The server's HTML draws the same: the first screen comes highlighted, and hydration adopts those very
  // elements (a mismatch would make React render the tree afresh, replacing them).
  const html = await (await page.request.get(page.url())).text();
  expect(html.match(/class="fw-hl fw-look\d+"/g) ?? []).toHaveLength(labels);
  await page.addInitScript(() => {
    new MutationObserver((_, observer) => {
      const piece = document.querySelector('[data-testid="article-text"] .fw-hl');
      if (!piece) return;
      (window as unknown as { ssrPiece: Element }).ssrPiece = piece;
      observer.disconnect();
    }).observe(document, { childList: true, subtree: true });
  });
  await page.reload();
  await expect(page.getByTestId("article-text")).toHaveAttribute("data-complete", "");
  const { background, bars } = await underlines(page);
  expect(bars).toHaveLength(labels);
  expect(bars.map((b) => [b.text, b.image])).toEqual(drawnLive);
  expect(await page.evaluate(() => (window as unknown as { ssrPiece?: Element }).ssrPiece?.isConnected)).toBe(true);
  const faint: string[] = [];
  const colours = new Set<string>();
  for (const bar of bars) {
    // Drawn fully opaque, one solid bar (a gradient from a colour to itself).
    expect(bar.opacity, bar.text).toBe("1");
    const stops = bar.image.match(/rgba?\([^)]*\)/g) ?? [];
    expect(stops, bar.text).toHaveLength(2);
    expect(stops[0]).toBe(stops[1]);
    expect(stops[0], `${bar.text}: no transparency`).toMatch(/^rgb\(/);
    const colour = hex(stops[0] ?? "");
    colours.add(colour);
    const ratio = contrastRatio(colour, hex(background)) ?? 0;
    if (ratio < MIN_UNDERLINE_CONTRAST) faint.push(`${bar.title} ${colour}: ${ratio.toFixed(2)}:1`);
  }
  expect(faint, `underlines below ${MIN_UNDERLINE_CONTRAST}:1 against ${background}`).toEqual([]);
  // And every label draws its own colour.
  expect(colours.size).toBe(labels);
});

test("more overlapping spans than lanes: sixteen lanes, the piece says how many more it hides, a click lists them all", async ({
  page,
}) => {
  await signIn(page, RITA);
  await page.goto("/");
  await page.getByRole("link", { name: TITLE }).click();
  await expect(page.getByTestId("article-text")).toHaveAttribute("data-complete", "");
  const labels = await page.getByTestId("label-guide").locator("dt").count();
  // Every label once on the same words of the second line: more spans than MAX_LANES (16).
  expect(labels).toBeGreaterThan(16);
  const picker = page.getByRole("dialog", { name: "Choose a label" });
  const phrase = "alone on this";
  // The phrase is on every line: select the second line's with its marker (the marker's own span from the
  // test above overlaps them too, on the marker).
  const secondLine = `${marker(1)} stands ${phrase}`;
  for (let i = 0; i < labels; i++) {
    await dragSelect(page, secondLine);
    await expect(picker).toBeVisible();
    await picker.locator(".fw-label-option").nth(i).click();
    await expect(picker).toBeHidden();
  }
  await expect(page.getByTestId("save-state")).toHaveText("All changes saved");
  await page.reload();
  const text = page.getByTestId("article-text");
  await expect(text).toHaveAttribute("data-complete", "");
  const line = text.locator(".fw-line").nth(1);
  await expect(line).toHaveAttribute("data-lanes", "16");
  // Lines without the pile-up keep their own lane count.
  await expect(text.locator(".fw-line").nth(2)).toHaveAttribute("data-lanes", "1");
  const piece = line.locator(".fw-hl").filter({ hasText: phrase });
  await expect(piece).toHaveAttribute(
    "title",
    new RegExp(`\\(\\+${labels - 16} more overlapping: click to list them\\)$`),
  );
  await piece.click();
  const popover = page.getByTestId("span-popover");
  await expect(popover).toBeVisible();
  await expect(popover.locator(".fw-span-card")).toHaveCount(labels);
});
