import { type Page, expect as baseExpect, test } from "@playwright/test";
import { ADMIN, RITA, ROB, dragSelect, ensureReviewers, signIn, signInAsAdmin, signOut } from "./helpers";

test.describe.configure({ mode: "serial" });

// Generous waits: the machines running this share two cores between several builds.
const expect = baseExpect.configure({ timeout: 15_000 });
test.setTimeout(180_000);

const TITLE = "US resumes intelligence sharing with Ukraine ahead of minerals deal";
const AGREED = "transactional nature";
const DISPUTED = "mineral resources agreement";

/** Opens the article from the reviewer's queue and labels two phrases with the given hotkeys. */
async function annotate(page: Page, keys: [string, string]): Promise<string> {
  await page.goto("/");
  await page.getByRole("link", { name: TITLE }).click();
  await expect(page.getByTestId("article-text")).toHaveAttribute("data-complete", "");
  const before = await page.getByTestId("span-list-item").count();
  for (const [phrase, key] of [
    [AGREED, keys[0]],
    [DISPUTED, keys[1]],
  ] as const) {
    await dragSelect(page, phrase);
    await expect(page.getByRole("dialog", { name: "Choose a label" })).toBeVisible();
    await page.keyboard.press(key);
    await expect(page.getByRole("dialog", { name: "Choose a label" })).toBeHidden();
  }
  await expect(page.getByTestId("span-list-item")).toHaveCount(before + 2);
  await expect(page.getByTestId("span-list-item").last()).not.toHaveAttribute("data-pending", "");
  return new URL(page.url()).pathname.split("/").at(-1)!;
}

test("two reviewers disagree; blind reviewers are refused; the admin compares and accepts the majority into gold", async ({
  page,
}) => {
  await signInAsAdmin(page);
  await ensureReviewers(page);
  await signOut(page);

  // Rita: Transactional diplomacy (1) and Economic interest (3). Rob: the same first span, Diplomacy & negotiation (5) on the second.
  await signIn(page, RITA);
  const articleId = await annotate(page, ["1", "3"]);
  await expect(page.getByTestId("compare-link")).toHaveCount(0); // blind: not even offered
  // Blind: neither the reviewers' page nor the admin page shows her the comparison.
  for (const url of [`/articles/${articleId}/compare`, `/admin/articles/${articleId}/compare`]) {
    const refused = await page.goto(url);
    expect(refused?.status()).toBe(403);
    await expect(page.getByTestId("forbidden")).toBeVisible();
    await expect(page.getByTestId("compare-lanes")).toHaveCount(0);
    expect(await refused?.text()).not.toContain("Rob Reviewer");
  }
  await signOut(page);

  await signIn(page, ROB);
  expect(await annotate(page, ["1", "5"])).toBe(articleId);
  await signOut(page);

  // The admin opens the comparison from the project's article list.
  await signIn(page, ADMIN);
  await page.goto("/admin");
  await page.getByRole("link", { name: /US–Ukraine intelligence sharing/ }).click();
  const row = page.getByTestId("admin-articles").getByRole("row").filter({ hasText: TITLE });
  await expect(row.getByTestId("article-adjudication")).toContainText("Not adjudicated");
  await row.getByRole("link", { name: "Compare" }).click();
  await expect(page).toHaveURL(new RegExp(`/admin/articles/${articleId}/compare`));
  await expect(page.getByTestId("adjudication-status")).toContainText("Not adjudicated");

  // Lanes: a track per reviewer on the rows where they marked something, no gold track before there is gold;
  // at least four reviewer bars (a bar is drawn in pieces, one per stretch of text it covers).
  const lanes = page.getByTestId("compare-lanes");
  await expect(lanes.getByTestId("track").filter({ hasText: "Rita Reviewer" }).first()).toBeVisible();
  await expect(lanes.getByTestId("track").filter({ hasText: "Rob Reviewer" }).first()).toBeVisible();
  await expect(lanes.getByTestId("track-gold")).toHaveCount(0);
  expect(await lanes.getByTestId("track").count()).toBeLessThan(2 * (await lanes.getByTestId("compare-row").count()));
  expect(await lanes.getByTestId("lane-span").count()).toBeGreaterThanOrEqual(4);
  await expect(lanes.getByTestId("lane-gold")).toHaveCount(0);
  await expect(lanes.locator(".cmp-bar.cmp-conflict").first()).toHaveAttribute(
    "title",
    /Rob Reviewer: Diplomacy & negotiation|Rita Reviewer: Economic interest/,
  );
  // Text both marked alike is shaded as agreement; text they labelled differently as disagreement.
  await expect(lanes.locator(".cmp-cell.cmp-agree").filter({ hasText: "transactional" }).first()).toBeVisible();
  await expect(lanes.locator(".cmp-cell.cmp-differ").filter({ hasText: "mineral" }).first()).toBeVisible();
  await expect(lanes.locator(".cmp-cell.cmp-agree").filter({ hasText: "mineral" })).toHaveCount(0);

  // Candidates: the shared span is unanimous, the disputed text a label conflict.
  const candidates = page.getByTestId("candidate");
  await expect(candidates).toHaveCount(3);
  const agreed = candidates.filter({ hasText: AGREED });
  await expect(agreed).toHaveAttribute("data-status", "all");
  await expect(agreed.getByTestId("candidate-agreement")).toHaveText("2 of 2 · all agree");
  await expect(candidates.filter({ hasText: DISPUTED })).toHaveCount(2);
  for (const c of await candidates.filter({ hasText: DISPUTED }).all())
    await expect(c).toHaveAttribute("data-status", "conflict");

  // Filter to Rob's spans only: Rita's track and the candidate only she marked disappear; k of n still counts her.
  await page.getByTestId("compare-filters").getByLabel("Rita Reviewer").uncheck();
  await page.getByTestId("compare-filters").getByRole("button", { name: "Filter" }).click();
  await expect(lanes.getByTestId("track").filter({ hasText: "Rita Reviewer" })).toHaveCount(0);
  await expect(candidates).toHaveCount(2);
  await expect(candidates.filter({ hasText: "Economic interest" })).toHaveCount(0);
  await expect(agreed.getByTestId("candidate-agreement")).toHaveText("2 of 2 · all agree");
  await page.getByRole("link", { name: "Show all" }).click();
  await expect(lanes.getByTestId("track").filter({ hasText: "Rita Reviewer" }).first()).toBeVisible();

  // Accept everything at least 2 of 2 agree on: exactly the shared span becomes gold, with its provenance.
  const majority = page.getByTestId("accept-majority");
  await expect(majority.getByLabel("reviewers agreeing at least")).toHaveValue("2");
  await majority.getByRole("button", { name: "Accept all" }).click();
  await expect(page.getByTestId("gold-item")).toHaveCount(1);
  await expect(page.getByTestId("gold-item")).toContainText(AGREED);
  await expect(page.getByTestId("gold-provenance")).toContainText("from Rita Reviewer, Rob Reviewer (2 spans)");
  await expect(agreed).toHaveAttribute("data-decision", "accepted");
  expect(await lanes.getByTestId("lane-gold").count()).toBeGreaterThanOrEqual(1);
  await expect(lanes.getByTestId("track-gold").first()).toBeVisible();

  // Again: idempotent, still one gold span after a reload.
  await majority.getByRole("button", { name: "Accept all" }).click();
  await page.reload();
  await expect(page.getByTestId("gold-item")).toHaveCount(1);

  // Settle the dispute by hand: accept Rita's label, reject Rob's.
  const disputed = candidates.filter({ hasText: DISPUTED });
  await disputed.filter({ hasText: "Economic interest" }).getByRole("button", { name: "Accept" }).click();
  await expect(page.getByTestId("gold-item")).toHaveCount(2);
  await disputed.filter({ hasText: "Diplomacy & negotiation" }).getByRole("button", { name: "Reject" }).click();
  await expect(disputed.filter({ hasText: "Diplomacy & negotiation" })).toHaveAttribute("data-decision", "rejected");

  // Mark adjudicated: the page and the project list say so.
  await page.getByTestId("set-adjudicated").getByRole("button", { name: "Mark adjudicated" }).click();
  await expect(page.getByTestId("adjudication-status")).toContainText("Adjudicated by Ada Admin");
  await expect(page.getByTestId("accept-majority")).toHaveCount(0);
  await page.goto("/admin");
  await page.getByRole("link", { name: /US–Ukraine intelligence sharing/ }).click();
  await expect(
    page.getByTestId("admin-articles").getByRole("row").filter({ hasText: TITLE }).getByTestId("article-adjudication"),
  ).toContainText("Adjudicated");
  await signOut(page);

  // Adjudicated and reviewers may compare (the default): Rita now sees the comparison, read only.
  await signIn(page, RITA);
  await page.goto(`/articles/${articleId}`);
  await page.getByTestId("compare-link").click();
  await expect(page).toHaveURL(new RegExp(`/articles/${articleId}/compare$`));
  await expect(page.getByTestId("compare-lanes")).toBeVisible();
  await expect(page.getByTestId("gold-item")).toHaveCount(2);
  await expect(page.getByRole("button", { name: "Accept" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Accept all" })).toHaveCount(0);
});
