// Active time on the study page: an annotator's real interaction in the annotator is measured (idle gaps
// over two minutes not counted), reported when the page is left, and shown in the progress table.
import { type Browser, expect, test } from "@playwright/test";
import { ADMIN, RITA, ensureReviewers, signIn, signInAsAdmin } from "./helpers";

async function contextFor(browser: Browser, who: { email: string; password: string }) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, who);
  return { context, page };
}

test("an annotator's interaction in the annotator shows as active time in the study progress", async ({ browser }) => {
  const setup = await browser.newContext();
  const setupPage = await setup.newPage();
  await signInAsAdmin(setupPage);
  await ensureReviewers(setupPage);
  await setup.close();

  const rita = await contextFor(browser, RITA);
  await rita.page.goto("/");
  await rita.page.waitForURL(/\/projects\//);
  const projectId = rita.page.url().split("/projects/")[1]!.split(/[?#]/)[0]!;
  const admin = await contextFor(browser, ADMIN);
  const activeOfRita = async () => {
    await admin.page.goto(`/admin/projects/${projectId}/study`);
    const row = admin.page.getByTestId("progress-row").filter({ hasText: RITA.email });
    return (await row.getByTestId("active-total").textContent())?.trim() ?? "";
  };
  const before = await activeOfRita();

  const href = await rita.page.getByTestId("queue-row").last().getByRole("link").getAttribute("href");
  await rita.page.goto(href!);
  await expect(rita.page.locator('[data-testid="article-text"][data-complete]')).toBeVisible();
  // About four seconds of work: a scroll wheel and a modifier key every 800 ms (neither opens anything).
  await rita.page.getByTestId("article-text").hover();
  for (let i = 0; i < 6; i++) {
    await rita.page.mouse.wheel(0, i % 2 ? 40 : -40);
    await rita.page.keyboard.press("Shift");
    await rita.page.waitForTimeout(800);
  }
  // Leaving the page sends the report (pagehide).
  await rita.page.goto("/account");

  const seconds = (hms: string) => hms.split(":").reduce((s, part) => s * 60 + Number(part), 0);
  await expect
    .poll(async () => seconds(await activeOfRita()) - seconds(before), { timeout: 15_000 })
    .toBeGreaterThanOrEqual(3);
  const after = seconds(await activeOfRita()) - seconds(before);
  expect(after).toBeLessThanOrEqual(10);
  await expect(
    admin.page.getByTestId("progress-row").filter({ hasText: RITA.email }).getByTestId("active-median"),
  ).not.toHaveText("—");
  await rita.context.close();
  await admin.context.close();
});
