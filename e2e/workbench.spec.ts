import { type Page, expect as baseExpect, test } from "@playwright/test";
import { ADMIN, RITA, dragSelect, signIn, signOut, submitSignIn } from "./helpers";

test.describe.configure({ mode: "serial" });
const expect = baseExpect.configure({ timeout: 15_000 });
test.setTimeout(180_000);

// Builds on the journey spec (admin and reviewers exist; the sample project is the first project).
const TITLE = "Bidirectional briefing on intelligence sharing";
const LTR = "Officials said the pause in intelligence sharing would be reviewed within days.";
const RTL = "قال المسؤولون إن تعليق تبادل المعلومات الاستخباراتية سيُراجع خلال أيام.";
const PLAIN = "A closing line that nobody labels.";
const PHRASE = "intelligence sharing";

async function openSampleProjectAdmin(page: Page) {
  await page.goto("/admin");
  await page.locator("table.grid a").first().click();
  await page.waitForURL(/\/admin\/projects\//);
}

test("every page has its own tab title", async ({ page }) => {
  await page.goto("/sign-in");
  await expect(page).toHaveTitle("Sign in · Framewise");
  await signIn(page, ADMIN);
  await page.goto("/admin");
  await expect(page).toHaveTitle("Admin · Framewise");
  await page.goto("/admin/users");
  await expect(page).toHaveTitle("Reviewers · Admin · Framewise");
  await page.goto("/admin/export");
  await expect(page).toHaveTitle("Export · Admin · Framewise");
  await openSampleProjectAdmin(page);
  await expect(page).toHaveTitle("Project · Admin · Framewise");
});

test("the admin adds a mixed-direction article; the colour picker warns about faint underlines", async ({ page }) => {
  await signIn(page, ADMIN);
  await openSampleProjectAdmin(page);
  await page.getByText("Add an article", { exact: true }).click();
  const form = page.getByTestId("add-article-form");
  await form.getByLabel(/^Title/).fill(TITLE);
  await form.getByLabel("Text").fill([LTR, RTL, PLAIN].join("\n"));
  await form.getByRole("button", { name: "Add article" }).click();
  await expect(form.getByRole("status")).toContainText("Article added.");

  // A pale yellow underline on white is below WCAG's 3:1 for non-text content; a dark blue is not.
  const adder = page.locator("details", { has: page.locator("summary", { hasText: "Add a label" }) }).first();
  await adder.locator("summary", { hasText: "Add a label" }).click();
  const colour = adder.getByLabel("Colour");
  const warning = adder.getByTestId("colour-contrast-warning");
  await expect(warning).toBeHidden();
  await colour.fill("#ffe119");
  await expect(warning).toBeVisible();
  await expect(warning).toContainText("below 3:1");
  await colour.fill("#1f5fbf");
  await expect(warning).toBeHidden();
  await signOut(page);
});

test("right-to-left paragraphs lay out right to left; ten overlapping spans get ten lanes on their line only", async ({
  page,
}) => {
  await signIn(page, RITA);
  await page.goto("/");
  await page.getByRole("link", { name: TITLE }).click();
  await expect(page).toHaveTitle(`${TITLE} · Framewise`);
  const text = page.getByTestId("article-text");
  await expect(text).toHaveAttribute("data-complete", "");

  const lines = text.locator(".fw-line");
  await expect(lines).toHaveCount(3);
  const direction = (i: number) => lines.nth(i).evaluate((el) => getComputedStyle(el).direction);
  expect(await direction(0)).toBe("ltr");
  expect(await direction(1)).toBe("rtl");
  expect(await direction(2)).toBe("ltr");
  // Offsets are unchanged: the DOM text is the stored text, in logical order.
  expect(await text.evaluate((el) => el.textContent)).toBe([LTR, RTL, PLAIN].join("\n"));

  const plainHeight = await lines.nth(2).evaluate((el) => el.getBoundingClientRect().height);
  // Ten different labels on the same phrase: 1-9, then q.
  for (const key of ["1", "2", "3", "4", "5", "6", "7", "8", "9", "q"]) {
    await dragSelect(page, PHRASE);
    await expect(page.getByRole("dialog", { name: "Choose a label" })).toBeVisible();
    await page.keyboard.press(key);
    await expect(page.getByRole("dialog", { name: "Choose a label" })).toBeHidden();
  }
  await expect(page.getByTestId("span-list-item")).toHaveCount(10);
  await expect(page.getByTestId("save-state")).toHaveText("All changes saved");

  await page.reload();
  await expect(text).toHaveAttribute("data-complete", "");
  await expect(lines.nth(0)).toHaveAttribute("data-lanes", "10");
  await expect(lines.nth(2)).toHaveAttribute("data-lanes", "0");
  // Each span keeps its own bar: the innermost piece draws ten background layers.
  const layers = await lines
    .nth(0)
    .locator(".fw-hl")
    .first()
    .evaluate((el) => getComputedStyle(el).backgroundImage.split("linear-gradient").length - 1);
  expect(layers).toBe(10);
  // Only the line that needs the lanes grows: the unlabelled line keeps its height.
  expect(await lines.nth(2).evaluate((el) => el.getBoundingClientRect().height)).toBeCloseTo(plainHeight, 0);
  const lanedLineHeight = await lines.nth(0).evaluate((el) => parseFloat(getComputedStyle(el).lineHeight));
  const plainLineHeight = await lines.nth(2).evaluate((el) => parseFloat(getComputedStyle(el).lineHeight));
  expect(lanedLineHeight - plainLineHeight).toBeGreaterThanOrEqual(9 * 4);
});

test("deleting a span already deleted in another tab says so and does not bring it back", async ({ context }) => {
  const a = await context.newPage();
  await signIn(a, RITA);
  await a.goto("/");
  await a.getByRole("link", { name: TITLE }).click();
  await expect(a.getByTestId("article-text")).toHaveAttribute("data-complete", "");
  const b = await context.newPage();
  await b.goto(a.url());
  await expect(b.getByTestId("article-text")).toHaveAttribute("data-complete", "");
  const before = await a.getByTestId("span-list-item").count();
  expect(before).toBeGreaterThan(0);

  // Same span (the first one in the list), deleted in tab B first, then in tab A.
  for (const tab of [b, a]) {
    await tab.getByTestId("span-list-item").first().getByRole("button", { name: "Edit" }).click();
    await tab.getByTestId("span-popover").getByTestId("span-delete").first().click();
    await expect(tab.getByTestId("span-list-item")).toHaveCount(before - 1);
  }
  await expect(a.getByTestId("annotator-error")).toContainText("already been deleted");
  await expect(a.getByTestId("save-state")).toHaveText("All changes saved");
  await expect(a.getByTestId("span-list-item")).toHaveCount(before - 1);
  await a.reload();
  await expect(a.getByTestId("span-list-item")).toHaveCount(before - 1);
});

test("a refused span shows its message in view, however far down the reviewer has scrolled", async ({ page }) => {
  await signIn(page, RITA);
  await page.goto("/");
  await page.getByRole("link", { name: TITLE }).click();
  await expect(page.getByTestId("article-text")).toHaveAttribute("data-complete", "");
  await page.setViewportSize({ width: 820, height: 500 });
  // The same label again on exactly the same text is refused: take a label still on the phrase (the delete
  // test above removed one of the ten, which one depends on the random span ids) and its hotkey from the guide.
  const name = (await page.getByTestId("span-list-item").first().locator("b").textContent())?.trim() ?? "";
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const entry = page.getByTestId("label-guide").locator("dt", { hasText: new RegExp(`^\\s*${escaped}\\s*\\S\\s*$`) });
  const hotkey = ((await entry.locator("kbd").textContent()) ?? "").trim();
  expect(hotkey).not.toBe("");
  await dragSelect(page, PHRASE);
  await expect(page.getByRole("dialog", { name: "Choose a label" })).toBeVisible();
  await page.keyboard.press(hotkey);
  const error = page.getByTestId("annotator-error");
  await expect(error).toBeVisible();
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await expect(error).toBeInViewport();
});

test("the span list filters by label and searches quotes and notes", async ({ page }) => {
  await signIn(page, RITA);
  await page.goto("/");
  await page.getByRole("link", { name: TITLE }).click();
  await expect(page.getByTestId("article-text")).toHaveAttribute("data-complete", "");
  const items = page.getByTestId("span-list-item");
  await expect(items).toHaveCount(9);
  const total = await items.count();
  // Every span of this article has its own label: filtering by one leaves one.
  const label = (await items.first().locator("b").textContent()) ?? "";
  await page.getByTestId("span-filter-label").selectOption({ label });
  await expect(items).toHaveCount(1);
  await expect(page.getByTestId("span-count")).toHaveText(`(1 of ${total})`);
  await page.getByTestId("span-filter-label").selectOption("");
  await page.getByTestId("span-filter-search").fill("no such words anywhere");
  await expect(items).toHaveCount(0);
  await expect(page.getByTestId("span-list")).toContainText("No span matches the filter.");
  await page.getByTestId("span-filter-search").fill("INTELLIGENCE");
  await expect(items).toHaveCount(total);
});

test("at 820 px the label guide opens in a drawer without scrolling past the article", async ({ page }) => {
  await page.setViewportSize({ width: 820, height: 700 });
  await signIn(page, RITA);
  await page.goto("/");
  await page.getByRole("link", { name: TITLE }).click();
  await expect(page.getByTestId("article-text")).toHaveAttribute("data-complete", "");
  const guide = page.getByTestId("label-guide");
  await expect(guide).not.toBeInViewport();
  await page.getByTestId("side-toggle").click();
  await expect(guide).toBeInViewport();
  await expect(guide).toContainText("Transactional diplomacy");
  await page.getByTestId("side-toggle").click();
  await expect(guide).not.toBeInViewport();
});

test("admin forms keep what was typed after a refusal; oversized text is caught before it is sent", async ({
  page,
}) => {
  await signIn(page, ADMIN);
  await openSampleProjectAdmin(page);

  // A label whose hotkey is taken: the hotkey is marked, every value stays.
  const adder = page.locator("details", { has: page.locator("summary", { hasText: "Add a label" }) }).first();
  await adder.locator("summary", { hasText: "Add a label" }).click();
  await adder.getByLabel("Name").fill("Whataboutism");
  await adder.getByLabel("Definition (one line)").fill("Deflecting by pointing at someone else.");
  await adder.getByLabel(/^Hotkey/).fill("1");
  await adder.getByRole("button", { name: "Add label" }).click();
  await expect(adder.getByTestId("error-hotkey")).not.toBeEmpty();
  await expect(adder.getByLabel("Name")).toHaveValue("Whataboutism");
  await expect(adder.getByLabel("Definition (one line)")).toHaveValue("Deflecting by pointing at someone else.");
  await expect(adder.getByLabel(/^Hotkey/)).toHaveValue("1");

  // An article whose title is too long: the title is marked, the pasted text stays.
  await page.getByText("Add an article", { exact: true }).click();
  const form = page.getByTestId("add-article-form");
  await form.getByLabel(/^Title/).fill("T".repeat(301));
  await form.getByLabel("Source").fill("Wire service");
  await form.getByLabel("Text").fill("A body that must survive the refusal.");
  await form.getByRole("button", { name: "Add article" }).click();
  await expect(form.getByTestId("error-title")).toContainText("at most 300");
  await expect(form.getByLabel("Text")).toHaveValue("A body that must survive the refusal.");
  await expect(form.getByLabel("Source")).toHaveValue("Wire service");

  // Text over the limit never leaves the browser: same message as the server's, the text is still there.
  const requests: string[] = [];
  page.on("request", (r) => {
    if (r.method() === "POST") requests.push(r.url());
  });
  const huge = "word ".repeat(100_001);
  await form.getByLabel("Text").fill(huge);
  await form.getByRole("button", { name: "Add article" }).click();
  await expect(form.getByTestId("error-text")).toHaveText("text must be at most 500000 characters");
  expect(requests).toEqual([]);
  expect((await form.getByLabel("Text").inputValue()).length).toBe(huge.length);
});

test("an untitled article takes its first line as title; the admin edits, reorders and deletes it", async ({
  page,
}) => {
  await signIn(page, ADMIN);
  await openSampleProjectAdmin(page);
  const projectPath = new URL(page.url()).pathname;
  await page.getByText("Add an article", { exact: true }).click();
  const form = page.getByTestId("add-article-form");
  await form.getByLabel(/^Title/).fill("");
  await form.getByLabel("Text").fill("\n\n  Ceasefire talks stall in Riyadh  \nSecond paragraph.");
  await form.getByRole("button", { name: "Add article" }).click();
  await expect(form.getByRole("status")).toContainText("Article added.");
  const rows = page.getByTestId("admin-articles").locator("tbody tr");
  const row = rows.filter({ hasText: "Ceasefire talks stall in Riyadh" });
  await expect(row).toHaveCount(1);

  // Reorder: the new article is last; one step up puts it above the one before it.
  const titles = async () => rows.locator("td:first-child").allTextContents();
  const before = await titles();
  expect(before.at(-1)).toBe("Ceasefire talks stall in Riyadh");
  await row.getByRole("button", { name: /Move .* up/ }).click();
  await expect.poll(titles).toEqual([...before.slice(0, -2), before.at(-1), before.at(-2)]);

  // Edit its metadata and, since nobody has annotated it, its text.
  await row.getByRole("link", { name: /^Edit / }).click();
  const editor = page.getByTestId("edit-article-form");
  await editor.getByLabel("Title").fill("Ceasefire talks stall");
  await editor.getByLabel("Author").fill("Desk");
  await editor.getByLabel(/^Text/).fill("Ceasefire talks stall.\nA corrected paragraph.");
  await editor.getByRole("button", { name: "Save article" }).click();
  await expect(editor.getByRole("status")).toHaveText("Saved.");
  // A refusal keeps the edits: a URL that is not http(s).
  await editor.getByLabel("URL").fill("javascript:alert(1)");
  await editor.getByLabel("Title").fill("Unsaved title");
  await editor.getByRole("button", { name: "Save article" }).click();
  await expect(editor.getByTestId("error-url")).not.toBeEmpty();
  await expect(editor.getByLabel("Title")).toHaveValue("Unsaved title");

  // Delete asks first; dismissing keeps the article, accepting deletes it.
  await page.goto(projectPath);
  const edited = rows.filter({ hasText: "Ceasefire talks stall" });
  page.once("dialog", (d) => void d.dismiss());
  await edited.getByTestId("delete-article").click();
  await expect(edited).toHaveCount(1);
  page.once("dialog", (d) => void d.accept());
  await edited.getByTestId("delete-article").click();
  await expect(edited).toHaveCount(0);
});

test("sign-in returns to the page that asked for it and keeps the email after a wrong password", async ({ page }) => {
  await signIn(page, ADMIN);
  await openSampleProjectAdmin(page);
  const wanted = new URL(page.url()).pathname;
  await signOut(page);
  await page.goto(`${wanted}?tab=articles`);
  await expect(page).toHaveURL(/\/sign-in\?next=/);
  await page.waitForLoadState("networkidle");
  await submitSignIn(page, { email: ADMIN.email, password: "not the password at all" }, { expectRefused: true });
  await expect(page.getByLabel("Email")).toHaveValue(ADMIN.email);
  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  const budget = page.getByRole("alert").filter({ hasText: /from your network/ });
  await expect(page.getByTestId("who").or(budget)).toBeVisible();
  // The address budget (shared by every spec) may be spent now: then sign in again on the same page.
  if (await budget.isVisible()) await submitSignIn(page, ADMIN);
  await expect(page).toHaveURL(`${wanted}?tab=articles`);
  // Another site as "next" is ignored: the home page instead.
  await signOut(page);
  await page.goto("/sign-in?next=//evil.test/phish", { waitUntil: "networkidle" });
  await submitSignIn(page, ADMIN);
  await expect(page.getByTestId("who")).toBeVisible();
  expect(new URL(page.url()).host).toBe(new URL(wanted, page.url()).host);
});
