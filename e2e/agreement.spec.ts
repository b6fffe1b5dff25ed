import { type Page, expect, test } from "@playwright/test";
import { ADMIN, dragSelect, ensureReviewers, signIn, signInAsAdmin, signOut } from "./helpers";

// Own reviewers, so the figures checked here do not depend on what other journeys annotated.
const AVA = { name: "Ava Agree", email: "ava.agree@framewise.test", password: "ava-password-1234" };
const BEN = { name: "Ben Agree", email: "ben.agree@framewise.test", password: "ben-password-1234" };
const AGREED = {
  title: "US halts intelligence-sharing with Kyiv, FT reports",
  phrase: "halted intelligence-sharing with Kyiv",
};
const DISPUTED = {
  title: "Trump administration orders partial halt to intelligence shared with Ukraine",
  ava: "partial halt",
  ben: "national security adviser Mike Waltz",
};
const QUESTION = "Overall slant toward the US administration";
const CHOICE = "Who the report holds responsible";

test.describe.configure({ mode: "serial" });
test.setTimeout(180_000);

async function annotate(page: Page, title: string, phrase: string) {
  await page.goto("/");
  await page.getByRole("link", { name: title }).click();
  await expect(page.getByTestId("article-text")).toBeVisible();
  const before = await page.getByTestId("span-list-item").count();
  await dragSelect(page, phrase);
  await expect(page.getByRole("dialog", { name: "Choose a label" })).toBeVisible();
  await page.keyboard.press("1");
  await expect(page.getByTestId("span-list-item")).toHaveCount(before + 1);
  await expect(page.getByTestId("span-list-item").last()).not.toHaveAttribute("data-pending", "");
}

async function answer(page: Page, choice: string, prompt = QUESTION) {
  const question = page.getByTestId("question").filter({ hasText: prompt });
  await question.getByLabel(choice).check();
  await expect(question.getByRole("status")).toHaveText("Saved");
}

test("two reviewers disagree on one article; the admin's agreement dashboard shows it worst first, with pair F1 and question agreement", async ({
  page,
}) => {
  await signInAsAdmin(page);
  await ensureReviewers(page, [AVA, BEN]);

  // The admin adds an ordinal article-level question.
  await page.goto("/admin");
  await page
    .getByRole("link", { name: /intelligence sharing/ })
    .first()
    .click();
  await page.waitForLoadState("networkidle");
  const projectUrl = page.url();
  await page.getByText("Add a question").click();
  const qForm = page.getByTestId("new-question-form");
  await qForm.getByLabel("Question").fill(QUESTION);
  await qForm.getByLabel("Kind").selectOption("ordinal");
  await qForm.getByRole("button", { name: "Add question" }).click();
  await expect(qForm.getByTestId("error-options")).toHaveText("give at least two options");
  await qForm.getByLabel(/Options, one per line/).fill("critical\nneutral\nsupportive");
  await qForm.getByRole("button", { name: "Add question" }).click();
  await expect(page.getByTestId("questions")).toContainText(QUESTION);
  // And a categorical one, whose answers get MACE competence estimates on the dashboard.
  if (!(await qForm.isVisible())) await page.getByText("Add a question").click();
  await qForm.getByLabel("Question").fill(CHOICE);
  await qForm.getByLabel("Kind").selectOption("choice");
  await qForm.getByLabel(/Options, one per line/).fill("Washington\nKyiv");
  await qForm.getByRole("button", { name: "Add question" }).click();
  await expect(page.getByTestId("questions")).toContainText(CHOICE);
  await signOut(page);

  // Ava: the agreed span, her own span on the disputed article, and an answer.
  await signIn(page, AVA);
  await annotate(page, AGREED.title, AGREED.phrase);
  await answer(page, "Washington", CHOICE);
  await annotate(page, DISPUTED.title, DISPUTED.ava);
  await answer(page, "critical");
  await answer(page, "Washington", CHOICE);
  await page.reload();
  await expect(page.getByTestId("question").filter({ hasText: QUESTION }).getByLabel("critical")).toBeChecked();
  await signOut(page);

  // Ben: the same span on the first article, a different one on the second; he does not see Ava's answer.
  await signIn(page, BEN);
  await annotate(page, AGREED.title, AGREED.phrase);
  await answer(page, "Washington", CHOICE);
  await annotate(page, DISPUTED.title, DISPUTED.ben);
  await answer(page, "Kyiv", CHOICE);
  const bensQuestion = page.getByTestId("question").filter({ hasText: QUESTION });
  for (const choice of ["critical", "neutral", "supportive"])
    await expect(bensQuestion.getByLabel(choice)).not.toBeChecked();
  await answer(page, "critical");
  await signOut(page);

  // The admin opens the dashboard from the project page.
  await signIn(page, ADMIN);
  await page.goto(projectUrl);
  await page.getByTestId("agreement-link").click();
  await expect(page.getByTestId("agreement-dashboard")).toBeVisible();

  // Worst first: the disputed article (no overlap) above the agreed one (identical spans).
  const rows = page.getByTestId("worst-article");
  const titles = await rows.locator("td:nth-child(2)").allInnerTexts();
  const disputed = titles.indexOf(DISPUTED.title);
  const agreed = titles.indexOf(AGREED.title);
  expect(disputed).toBeGreaterThanOrEqual(0);
  expect(agreed).toBeGreaterThan(disputed);
  await expect(rows.nth(disputed).locator("td:nth-child(5)")).toHaveText("1.000"); // disagreement
  await expect(rows.nth(agreed).locator("td:nth-child(5)")).toHaveText("0.000");
  await expect(rows.nth(disputed).getByRole("link")).toHaveAttribute("href", /\/admin\/articles\/[^/]+\/compare$/);

  // Ava x Ben: one of two spans each matches, on the articles they share: F1 = 0.5 (overlap and exact alike).
  await expect(page.getByTestId(`pair-${AVA.name}-${BEN.name}`)).toHaveText("0.50");

  // The dashboard explains itself: counts that say what was compared, a reading per coefficient with
  // the bands as context, a methods page, and the figures as CSV and JSON downloads.
  await expect(page.getByTestId("agreement-counts")).toContainText(
    /^[\d,]+ spans? on [\d,]+ compared articles? of [\d,]+ spans? in the project, by [\d,]+ reviewers?\./,
  );
  await expect(page.getByTestId("reading-exact-f1-micro")).toContainText(/match \d+% of the time/);
  await expect(page.getByTestId("reading-token-alpha")).toContainText(/chance|Cannot be computed|perfectly/);
  for (const label of await page.getByTestId("chart-label").all()) {
    const lines = await label.locator("tspan").allTextContents();
    for (const l of lines) expect(Array.from(l).length).toBeLessThanOrEqual(28);
    const full = (await label.getAttribute("data-full"))!;
    if (lines.join(" ") !== full) {
      expect(lines.at(-1)!.endsWith("…")).toBe(true);
      await label.focus();
      await expect(label.locator(".fw-chart-full")).toBeVisible();
      await expect(label.locator(".fw-chart-full text")).toHaveText(full);
    }
  }
  const json = await page.request.get((await page.getByTestId("download-json").getAttribute("href"))!);
  expect(json.status()).toBe(200);
  const figures = (await json.json()) as { kind: string; coefficients: { name: string }[]; pairs: unknown[] };
  expect(figures.kind).toBe("span");
  expect(figures.coefficients.map((c) => c.name)).toContain("unitizingAlpha");
  const csv = await page.request.get((await page.getByTestId("download-csv").getAttribute("href"))!);
  expect((await csv.text()).split("\r\n")[0]).toBe(
    "scope,scope_id,scope_name,coefficient,description,level,value,units,unit_kind,raters,undefined_reason",
  );
  // The same route serves the reliability report.
  const report = await page.request.get((await page.getByTestId("agreement-report").getAttribute("href"))!);
  expect(report.headers()["content-type"]).toContain("text/html");
  expect(await report.text()).toContain("<h2>Coefficients</h2>");
  await page.getByRole("link", { name: "how these are measured" }).click();
  await expect(page.getByTestId("bands")).toContainText("Krippendorff (2004");
  await expect(page.getByTestId("method")).toHaveCount(9);
  await page.goBack();
  await page.getByRole("link", { name: "exact", exact: true }).click();
  await expect(page.getByTestId("heatmap")).toHaveAttribute("data-metric", "exact");
  await expect(page.getByTestId(`pair-${BEN.name}-${AVA.name}`)).toHaveText("0.50");

  // The question: two answers, both "critical" on one article: percent agreement 1.
  const q = page.getByTestId("question-row").filter({ hasText: QUESTION });
  await expect(q.locator("td:nth-child(3)")).toHaveText("2");
  await expect(q.locator("td:nth-child(6)")).toHaveText("1.000");
  // MACE for the categorical question only: one row per reviewer, lowest competence first, a probability.
  const mace = page.getByTestId("question-mace").getByTestId("mace-row");
  await expect(mace).toHaveCount(2);
  await expect(page.getByTestId("question-mace")).not.toContainText(QUESTION);
  const maceRows = await mace.evaluateAll((rows) =>
    rows.map((r) => Array.from(r.querySelectorAll("td"), (td) => td.textContent ?? "")),
  );
  expect(maceRows.map((r) => r[0])).toEqual([CHOICE, CHOICE]);
  expect(maceRows.map((r) => r[1]).sort()).toEqual([AVA.name, BEN.name]);
  const competence = maceRows.map((r) => Number(r[2]));
  for (const c of competence) expect(c >= 0 && c <= 1).toBe(true);
  expect(competence[0]).toBeLessThanOrEqual(competence[1]!);
  expect(maceRows.map((r) => r[3])).toEqual(["2", "2"]);

  // Figures follow a change without a recompute step: Ben's span on the disputed article moves onto Ava's.
  await signOut(page);
  await signIn(page, BEN);
  await page.goto("/");
  await page.getByRole("link", { name: DISPUTED.title }).click();
  await page.locator(".fw-hl").first().click();
  await page.getByTestId("span-popover").getByTestId("span-delete").click();
  await expect(page.getByTestId("span-list-item")).toHaveCount(0);
  await dragSelect(page, DISPUTED.ava);
  await expect(page.getByRole("dialog", { name: "Choose a label" })).toBeVisible();
  await page.keyboard.press("1");
  await expect(page.getByTestId("span-list-item")).toHaveCount(1);
  await expect(page.getByTestId("span-list-item").first()).not.toHaveAttribute("data-pending", "");
  await signOut(page);
  await signIn(page, ADMIN);
  await page.goto(`${projectUrl}/agreement`);
  await expect(page.getByTestId(`pair-${AVA.name}-${BEN.name}`)).toHaveText("1.00");
});
