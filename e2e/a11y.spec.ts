import AxeBuilder from "@axe-core/playwright";
import { type Page, expect as baseExpect, test } from "@playwright/test";
import { ADMIN, RITA, signIn, signOut } from "./helpers";

// Builds on the journey spec: Rita has labelled a span in the sample project's first article.
const expect = baseExpect.configure({ timeout: 15_000 });
test.setTimeout(180_000);

/** axe-core's WCAG 2.x A/AA rules; serious and critical findings fail the test, listed by rule and node. */
async function expectNoSeriousViolations(page: Page, what: string) {
  const { violations } = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"])
    .analyze();
  const bad = violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes
          .map((n) => n.target.join(" "))
          .slice(0, 5)
          .join("\n  ")}`,
    );
  expect(bad, `${what}: axe-core violations`).toEqual([]);
}

/**
 * Tabs through the page (at most `max` stops, or until focus comes round again) and lists every stop whose
 * focus cannot be seen: no outline (or a transparent or zero-width one) and no box shadow. Chromium's own
 * focus ring counts (outline-style "auto").
 */
async function expectVisibleFocus(page: Page, what: string, max = 120) {
  await page.evaluate(() => {
    (document.activeElement as HTMLElement | null)?.blur();
    window.getSelection()?.removeAllRanges();
  });
  const invisible: string[] = [];
  const seen = new Set<string>();
  let stops = 0;
  for (; stops < max; stops++) {
    await page.keyboard.press("Tab");
    const stop = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return null;
      const path: string[] = [];
      for (let n: Element | null = el; n && n !== document.body; n = n.parentElement)
        path.unshift(`${n.tagName.toLowerCase()}:${Array.from(n.parentElement?.children ?? []).indexOf(n)}`);
      const cs = getComputedStyle(el);
      const transparent = /rgba\(\d+, \d+, \d+, 0\)|transparent/.test(cs.outlineColor);
      const outlined = cs.outlineStyle !== "none" && Number.parseFloat(cs.outlineWidth) > 0 && !transparent;
      const shadowed = cs.boxShadow !== "none";
      const name = el.getAttribute("aria-label") ?? el.textContent?.trim().slice(0, 40) ?? "";
      return { key: path.join("/"), visible: outlined || shadowed, label: `<${el.tagName.toLowerCase()}> ${name}` };
    });
    if (!stop || seen.has(stop.key)) break;
    seen.add(stop.key);
    if (!stop.visible) invisible.push(stop.label);
  }
  expect(stops, `${what}: tab stops`).toBeGreaterThan(0);
  expect(invisible, `${what}: focused without a visible indicator`).toEqual([]);
}

test("the reviewer's queue and article page have no serious accessibility violations", async ({ page }) => {
  await signIn(page, RITA);
  await page.goto("/");
  await page.waitForURL(/\/projects\//);
  await expectNoSeriousViolations(page, "queue");
  await page.locator("main a[href^='/articles/']").first().click();
  await expect(page.getByTestId("article-text")).toHaveAttribute("data-complete", "");
  await expectNoSeriousViolations(page, "article page");
  // The open label picker and the span popover are part of the page too.
  await page.locator(".fw-hl").first().click();
  await expect(page.getByTestId("span-popover")).toBeVisible();
  await expectNoSeriousViolations(page, "article page with the span popover");
  await page.keyboard.press("Escape");
  // And the label picker, opened from the keyboard.
  await page.getByTestId("article-text").focus();
  await page.keyboard.press("Shift+ArrowRight");
  await page.keyboard.press("Enter");
  await expect(page.getByRole("dialog", { name: "Choose a label" })).toBeVisible();
  await expectNoSeriousViolations(page, "article page with the label picker");
  await page.keyboard.press("Escape");
  await signOut(page);
});

test("every control of the queue, the article page and the label picker shows where the focus is", async ({ page }) => {
  await signIn(page, RITA);
  await page.goto("/");
  await page.waitForURL(/\/projects\//);
  await expectVisibleFocus(page, "queue");
  await page.locator("main a[href^='/articles/']").first().click();
  await expect(page.getByTestId("article-text")).toHaveAttribute("data-complete", "");
  await expectVisibleFocus(page, "article page");
  // Inside the picker, Tab moves between its controls (the picker keeps the focus while it is open).
  await page.getByTestId("article-text").focus();
  await page.keyboard.press("Shift+ArrowRight");
  await page.keyboard.press("Enter");
  const picker = page.getByRole("dialog", { name: "Choose a label" });
  await expect(picker).toBeVisible();
  const invisible: string[] = [];
  const options = await picker.locator(".fw-label-option").count();
  for (let i = 0; i < options; i++) {
    const stop = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement;
      const cs = getComputedStyle(el);
      const outlined =
        cs.outlineStyle !== "none" &&
        Number.parseFloat(cs.outlineWidth) > 0 &&
        !/, 0\)|transparent/.test(cs.outlineColor);
      return { visible: outlined || cs.boxShadow !== "none", label: el.textContent ?? el.tagName };
    });
    if (!stop.visible) invisible.push(stop.label);
    await page.keyboard.press("ArrowDown");
  }
  expect(invisible, "label picker: options focused without a visible indicator").toEqual([]);
  await page.keyboard.press("Escape");
  await signOut(page);
});

test("the admin pages, the compare view and the agreement dashboard have no serious accessibility violations", async ({
  page,
}) => {
  await signIn(page, ADMIN);
  for (const [path, what] of [
    ["/admin", "admin home"],
    ["/admin/users", "reviewers"],
    ["/admin/export", "export"],
  ] as const) {
    await page.goto(path);
    await expectNoSeriousViolations(page, what);
  }
  await page.goto("/admin");
  await page.locator("table.grid a").first().click();
  await page.waitForURL(/\/admin\/projects\/[^/]+$/);
  const projectPath = new URL(page.url()).pathname;
  await expectNoSeriousViolations(page, "project admin");
  const compare = page.locator("a[href*='/compare']").first();
  await page.goto(`${projectPath}/agreement`);
  await expectNoSeriousViolations(page, "agreement dashboard");
  await page.goto(projectPath);
  await compare.click();
  await page.waitForURL(/\/compare/);
  await expectNoSeriousViolations(page, "compare view");
  const comparePath = new URL(page.url()).pathname;
  const editPath = comparePath.replace(/\/compare$/, "/edit");
  for (const [path, what] of [
    [`${projectPath}/study`, "study"],
    [editPath, "article editor"],
    ["/admin/agreement/methods", "agreement methods"],
    ["/account", "account"],
  ] as const) {
    await page.goto(path);
    await expectNoSeriousViolations(page, what);
  }
});

test("every control of the admin pages, the compare view and the dashboard shows where the focus is", async ({
  page,
}) => {
  await signIn(page, ADMIN);
  await page.goto("/admin");
  await page.locator("table.grid a").first().click();
  await page.waitForURL(/\/admin\/projects\/[^/]+$/);
  const projectPath = new URL(page.url()).pathname;
  const comparePath = (await page.locator("a[href*='/compare']").first().getAttribute("href")) ?? "";
  for (const [path, what] of [
    ["/admin", "admin home"],
    ["/admin/users", "reviewers"],
    ["/admin/export", "export"],
    [projectPath, "project admin"],
    [`${projectPath}/study`, "study"],
    [`${projectPath}/agreement`, "agreement dashboard"],
    [comparePath, "compare view"],
  ] as const) {
    await page.goto(path, { waitUntil: "networkidle" });
    await expectVisibleFocus(page, what, 250);
  }
});
