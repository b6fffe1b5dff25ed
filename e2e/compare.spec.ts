import { type Page, expect as baseExpect, test } from "@playwright/test";
import { ADMIN, ensureArticle, ensureReviewers, signIn, signInAsAdmin, signOut } from "./helpers";

// The compare view at size: a 50,000-character article paged, keyboard adjudication, the bar
// popover, the confirmations, the single-reviewer case, and the freeze once reviewers may compare.
test.describe.configure({ mode: "serial" });
const expect = baseExpect.configure({ timeout: 20_000 });
test.setTimeout(240_000);

const CARA = { name: "Cara Compare", email: "cara.compare@framewise.test", password: "cara-password-1234" };
const DAN = { name: "Dan Compare", email: "dan.compare@framewise.test", password: "dan-password-12345" };
const LONG = "Long comparison of a fifty-thousand-character article";
const SOLO = "Solo comparison with a single reviewer";
const SENTENCE = "Officials said the talks would resume after a pause in the ceasefire, sources claim. ";
// Paragraphs of four sentences, numbered so every paragraph's text is unique: about 51,000 characters.
const LONG_TEXT = Array.from({ length: 145 }, (_, i) => `Paragraph ${i + 1}. ${SENTENCE.repeat(4).trim()}`).join(
  "\n\n",
);
const SOLO_TEXT = "A short article that only one reviewer read and labelled twice.";

/** Spans through the JSON API (the same use case as the annotator), as the signed-in reviewer. */
async function mark(
  page: Page,
  articleId: string,
  text: string,
  spans: { labelId: string; phrase: string; nth?: number }[],
) {
  for (const s of spans) {
    let at = -1;
    for (let k = 0; k <= (s.nth ?? 0); k++) at = text.indexOf(s.phrase, at + 1);
    const r = await page.request.post(`/api/articles/${articleId}/annotations`, {
      data: { labelId: s.labelId, start: at, end: at + s.phrase.length, quote: s.phrase },
    });
    expect(r.status(), await r.text()).toBe(201);
  }
}

test("a 50,000-character comparison is paged; keyboard accept and reject; popover; confirmations; single reviewer; freeze", async ({
  page,
}) => {
  await signInAsAdmin(page);
  await ensureReviewers(page, [CARA, DAN]);
  await page.goto("/admin");
  await page.getByRole("link", { name: /US–Ukraine intelligence sharing/ }).click();
  const projectUrl = page.url();
  const longId = await ensureArticle(page, projectUrl, LONG, LONG_TEXT);
  const soloId = await ensureArticle(page, projectUrl, SOLO, SOLO_TEXT);
  await page.goto(`/admin/articles/${longId}/compare`);
  const labels = await page
    .getByTestId("compare-filters")
    .locator('input[name="label"]')
    .evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
  const [L1, L2] = labels as [string, string];
  await signOut(page);

  // Both reviewers agree on two spans of the first paragraph and one in the last; they differ on one.
  const shared = [
    { labelId: L1, phrase: "Paragraph 1. Officials said" },
    { labelId: L2, phrase: "resume after a pause" },
    { labelId: L1, phrase: "Paragraph 145. Officials said" },
  ];
  await signIn(page, CARA);
  await mark(page, longId, LONG_TEXT, [...shared, { labelId: L1, phrase: "sources claim", nth: 0 }]);
  await mark(page, soloId, SOLO_TEXT, [
    { labelId: L1, phrase: "short article" },
    { labelId: L2, phrase: "labelled twice" },
  ]);
  await signOut(page);
  await signIn(page, DAN);
  await mark(page, longId, LONG_TEXT, [...shared, { labelId: L2, phrase: "sources claim", nth: 0 }]);
  await signOut(page);

  await signIn(page, ADMIN);
  await page.goto(`/admin/articles/${longId}/compare`);
  // Paged: the first page holds whole paragraphs, not the whole article.
  await expect(page.getByTestId("compare-page").first()).toContainText(/Page 1 of (1[0-9]|2[0-9])/);
  const rowCount = await page.getByTestId("compare-row").count();
  expect(rowCount).toBeGreaterThan(3);
  expect(rowCount).toBeLessThan(20);
  // Only tracks with something in a row are drawn: the first row has both reviewers, most rows none.
  const lanes = page.getByTestId("compare-lanes");
  await expect(lanes.getByTestId("compare-row").first().getByTestId("track")).toHaveCount(2);
  expect(await lanes.getByTestId("track").count()).toBeLessThan(rowCount * 2);
  const panel = page.getByTestId("candidate-panel");
  const candidates = panel.getByTestId("candidate");
  await expect(candidates).toHaveCount(4); // "Paragraph 145" is on the last page
  await expect(panel.getByTestId("open-count")).toContainText("4 open of 4 on this page · 5 open of 5 in the article");

  // The popover: click a bar for its details.
  const bar = lanes.getByTestId("lane-span").first();
  await bar.click();
  await expect(page.getByTestId("bar-popover")).toContainText(/marked by (Cara|Dan) Compare/);
  await expect(page.getByTestId("bar-popover")).toContainText("code points [0, 27)");
  await page.keyboard.press("Escape");
  await expect(page.getByTestId("bar-popover")).toHaveCount(0);
  // A bar is a button: Enter on the focused bar shows its details again.
  await expect(bar).toBeFocused();
  await expect(lanes.getByRole("button", { name: /^(Cara|Dan) Compare: / }).first()).toBeVisible();
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("bar-popover")).toContainText("code points [0, 27)");
  await page.keyboard.press("Escape");
  await expect(page.getByTestId("bar-popover")).toHaveCount(0);

  // Keyboard: j to the first open candidate, a accepts, e edits its gold span; j, r rejects the next; e explains.
  await page.locator("h1").click();
  await page.keyboard.press("j");
  await expect(candidates.nth(0)).toHaveAttribute("aria-current", "true");
  await page.keyboard.press("a");
  await expect(candidates.nth(0)).toHaveAttribute("data-decision", "accepted");
  await expect(page.getByTestId("gold-item")).toHaveCount(1);
  await page.keyboard.press("e");
  await expect(page.getByTestId("gold-item").first().getByTestId("edit-gold")).toHaveAttribute("open", "");
  await page.locator("h1").click(); // leave the edit form: keys typed in a field are the field's
  await page.keyboard.press("j");
  await expect(candidates.nth(1)).toHaveAttribute("aria-current", "true");
  await page.keyboard.press("r");
  await expect(candidates.nth(1)).toHaveAttribute("data-decision", "rejected");
  await page.keyboard.press("e");
  await expect(panel.getByTestId("candidate-keys")).toContainText("Accept it first");
  await page.keyboard.press("k");
  await expect(candidates.nth(0)).not.toHaveAttribute("aria-current", "true"); // k skips decided candidates
  await expect(panel.getByTestId("open-count")).toContainText("2 open of 4 on this page · 3 open of 5 in the article");

  // Mark adjudicated with open candidates asks first, saying how many; declining changes nothing.
  let asked = "";
  page.once("dialog", (d) => {
    asked = d.message();
    void d.dismiss();
  });
  await page.getByTestId("set-adjudicated").getByRole("button", { name: "Mark adjudicated" }).click();
  await expect.poll(() => asked).toContain("3 candidates are still open");
  await page.reload();
  await expect(page.getByTestId("adjudication-status")).toContainText("Not adjudicated");

  // Paging: next page, then the last one, which lists the candidate in the last paragraph.
  await page.getByTestId("compare-next").first().click();
  await expect(page).toHaveURL(/page=2/);
  await expect(page.getByTestId("compare-page").first()).toContainText("Page 2 of");
  await page.goto(`/admin/articles/${longId}/compare?page=1000`);
  await expect(candidates).toHaveCount(1);
  await expect(candidates.first()).toContainText("Paragraph 145. Officials said");
  await expect(page.getByTestId("compare-next")).toHaveCount(0);

  // Confirmed this time: adjudicated.
  page.once("dialog", (d) => void d.accept());
  await page.getByTestId("set-adjudicated").getByRole("button", { name: "Mark adjudicated" }).click();
  await expect(page.getByTestId("adjudication-status")).toContainText("Adjudicated by Ada Admin");

  // A single reviewer: nothing to compare, and "accept all >= 1 of 1" asks first.
  await page.goto(`/admin/articles/${soloId}/compare`);
  await expect(page.getByTestId("single-reviewer")).toContainText("nothing can be compared");
  const majority = page.getByTestId("accept-majority");
  await expect(majority).toContainText("of 1 reviewer");
  asked = "";
  page.once("dialog", (d) => {
    asked = d.message();
    void d.dismiss();
  });
  await majority.getByRole("button", { name: "Accept all" }).click();
  await expect.poll(() => asked).toContain("Only one reviewer");
  await page.reload();
  await expect(page.getByTestId("gold-empty")).toBeVisible();
  page.once("dialog", (d) => void d.accept());
  await majority.getByRole("button", { name: "Accept all" }).click();
  await expect(page.getByTestId("gold-item")).toHaveCount(2);
  await signOut(page);

  // The long article is adjudicated and reviewers may compare: Cara's spans there are frozen.
  await signIn(page, CARA);
  await page.goto(`/articles/${longId}`);
  await expect(page.getByTestId("frozen-notice")).toContainText("frozen");
  await expect(page.getByTestId("compare-link")).toBeVisible();
  // The reviewer's comparison names its article in the tab title, as the article page does.
  const articleTitle = await page.getByTestId("article-title").textContent();
  await page.getByTestId("compare-link").click();
  await expect(page).toHaveTitle(`Compare: ${articleTitle} · Framewise`);
  const refused = await page.request.post(`/api/articles/${longId}/annotations`, {
    data: { labelId: L1, start: 0, end: 9, quote: "Paragraph" },
  });
  expect(refused.status()).toBe(423);
});
