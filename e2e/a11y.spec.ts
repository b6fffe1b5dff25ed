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
});
