import { type Page, expect as baseExpect, test } from "@playwright/test";
import { MAX_UPLOAD_FILE_BYTES, uploadTooBigMessage } from "../lib/schemas/limits";
import {
  ADMIN,
  RITA,
  dragSelect,
  fillNewArticle,
  openSampleProjectAdmin,
  signIn,
  signOut,
  submitSignIn,
} from "./helpers";

test.describe.configure({ mode: "serial" });
const expect = baseExpect.configure({ timeout: 15_000 });
test.setTimeout(180_000);

// Builds on the journey spec (admin and reviewers exist; the sample project is the first project).
const TITLE = "Bidirectional briefing on intelligence sharing";
const LTR = "Officials said the pause in intelligence sharing would be reviewed within days.";
const RTL = "قال المسؤولون إن تعليق تبادل المعلومات الاستخباراتية سيُراجع خلال أيام.";
const PLAIN = "A closing line that nobody labels.";
const PHRASE = "intelligence sharing";

test("every page has its own tab title", async ({ page }) => {
  await page.goto("/sign-in");
  await expect(page).toHaveTitle("Sign in · Framewise");
  await signIn(page, ADMIN);
  await openSampleProjectAdmin(page);
  const projectPath = new URL(page.url()).pathname;
  const editPath =
    (await page
      .getByTestId("admin-articles")
      .getByRole("link", { name: /^Edit / })
      .first()
      .getAttribute("href")) ?? "";
  const articlePath = editPath.replace(/^\/admin/, "").replace(/\/edit$/, "");
  const articleTitle =
    (await page.getByTestId("admin-articles").locator("tbody tr td:first-child").first().textContent())?.trim() ?? "";
  const titles: Record<string, string> = {
    "/admin": "Admin · Framewise",
    "/admin/users": "Reviewers · Admin · Framewise",
    "/admin/export": "Export · Admin · Framewise",
    "/admin/agreement/methods": "How agreement is measured · Admin · Framewise",
    [projectPath]: "Project · Admin · Framewise",
    [`${projectPath}/agreement`]: "Agreement · Admin · Framewise",
    [`${projectPath}/study`]: "Study · Admin · Framewise",
    [editPath]: "Edit article · Admin · Framewise",
    [`/admin${articlePath}/compare`]: `Adjudicate: ${articleTitle} · Admin · Framewise`,
    "/account": "Your account · Framewise",
    [projectPath.replace(/^\/admin/, "")]: "Your queue · Framewise",
    [articlePath]: `${articleTitle} · Framewise`,
  };
  for (const [path, title] of Object.entries(titles)) {
    await page.goto(path);
    await expect(page, path).toHaveTitle(title);
  }
  // No two pages share a title (the setup page's is checked by the journey spec).
  expect(new Set(Object.values(titles)).size).toBe(Object.keys(titles).length);
});

test("the admin adds a mixed-direction article; the colour picker warns about faint underlines", async ({ page }) => {
  await signIn(page, ADMIN);
  await openSampleProjectAdmin(page);
  const form = await fillNewArticle(page, TITLE, [LTR, RTL, PLAIN].join("\n"));
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

/** Goes to `href` with the page's scripts held back until `release` (the server's HTML shows meanwhile). */
async function gotoHeldBack(page: Page, href: string) {
  let release = () => {};
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  await page.route(/\/_next\/static\/chunks\/.*\.js$/, async (route) => {
    await gate;
    await route.continue();
  });
  await page.goto(href, { waitUntil: "commit" });
  await expect(page.getByTestId("article-text")).toContainText(PHRASE);
  await expect(page.getByTestId("workbench-hint")).toContainText("Loading the workbench");
  // Once released, the gate stays open for the page's later loads.
  return { release: () => release() };
}

/**
 * Opens TITLE as RITA with the page's scripts held back until `release`: the server's HTML (text and
 * highlights) is all there is for now, as in the moments before a real page is interactive.
 */
async function openHeldBack(page: Page) {
  await signIn(page, RITA);
  await page.goto("/");
  const href = (await page.getByRole("link", { name: TITLE }).getAttribute("href")) ?? "";
  const { release } = await gotoHeldBack(page, href);
  const text = page.getByTestId("article-text");
  // A selection as a reviewer's drag leaves it (in one text node of the plain text).
  const select = (phrase: string) =>
    text.evaluate((root, phrase) => {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode() as Text | null; n; n = walker.nextNode() as Text | null) {
        const i = n.data.indexOf(phrase);
        if (i >= 0) return void document.getSelection()?.setBaseAndExtent(n, i, n, i + phrase.length);
      }
      throw new Error("phrase not in one text node");
    }, phrase);
  return { select, release };
}

test("text selected while the page is still loading opens the picker once it is ready", async ({ page }) => {
  const { select, release } = await openHeldBack(page);
  await select(PHRASE);
  await expect(page.getByRole("dialog", { name: "Choose a label" })).toHaveCount(0);
  release();
  await expect(page.getByRole("dialog", { name: "Choose a label" })).toBeVisible();
  await expect(page.getByTestId("picker-quote")).toHaveText(`“${PHRASE}”`);
  await expect(page.getByTestId("workbench-hint")).toContainText("Select text to label it");
  await page.keyboard.press("Escape");
});

test("a label key pressed on text selected while the page is loading labels it once the page is ready", async ({
  page,
}) => {
  const { select, release } = await openHeldBack(page);
  const quote = "reviewed within days";
  await select(quote);
  // Another key first, then Esc (it forgets what came before), then the label's key.
  await page.keyboard.press("2");
  await page.keyboard.press("Escape");
  await select(quote);
  await page.keyboard.press("1");
  release();
  const items = page.getByTestId("span-list-item");
  const made = items.filter({ hasText: quote });
  await expect(made).toHaveCount(1);
  await expect(made).toContainText("Transactional diplomacy");
  await expect(page.getByRole("dialog", { name: "Choose a label" })).toHaveCount(0);
  await expect(page.getByTestId("save-state")).toHaveText("All changes saved");
  // The later specs count this article's spans: take it away again.
  await made.getByRole("button", { name: "Edit" }).click();
  await page.getByTestId("span-popover").getByTestId("span-delete").first().click();
  await expect(made).toHaveCount(0);
  await expect(page.getByTestId("save-state")).toHaveText("All changes saved");
});

test("undo and the list of keys, asked for while the page is loading, happen once it is ready", async ({ page }) => {
  await signIn(page, RITA);
  await page.goto("/");
  await page.getByRole("link", { name: TITLE }).click();
  const text = page.getByTestId("article-text");
  await expect(text).toHaveAttribute("data-complete", "");
  const href = new URL(page.url()).pathname;
  // A span made in this tab: its undo history outlives a reload.
  const quote = "would be reviewed";
  await dragSelect(page, quote);
  // The key is a label's only once the selection's picker is open (on a loaded machine, a frame or more).
  await expect(page.getByRole("dialog", { name: "Choose a label" })).toBeVisible();
  await page.keyboard.press("1");
  const made = page.getByTestId("span-list-item").filter({ hasText: quote });
  await expect(made).toHaveCount(1);
  await expect(page.getByTestId("save-state")).toHaveText("All changes saved");

  const { release } = await gotoHeldBack(page, href);
  // "?", then Esc (it forgets the "?" before it, not an undo), ctrl+z, and "?" again.
  await page.keyboard.press("?");
  await page.keyboard.press("Escape");
  await page.keyboard.press("Control+z");
  await page.keyboard.press("?");
  await expect(page.getByTestId("help-overlay")).toHaveCount(0);
  release();
  await expect(page.getByTestId("help-overlay")).toBeVisible();
  await expect(page.getByTestId("workbench-hint")).toContainText("Select text to label it");
  // The undo took the span back, on the server too.
  await expect(made).toHaveCount(0);
  await expect(page.getByTestId("save-state")).toHaveText("All changes saved");
  await page.keyboard.press("Escape");
  await expect(page.getByTestId("help-overlay")).toHaveCount(0);
  await page.reload();
  await expect(text).toHaveAttribute("data-complete", "");
  await expect(page.getByTestId("span-list-item").filter({ hasText: quote })).toHaveCount(0);
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

test("a span that cannot reach the server is rolled back, with the message in view", async ({ page }) => {
  await signIn(page, RITA);
  await page.goto("/");
  await page.getByRole("link", { name: TITLE }).click();
  await expect(page.getByTestId("article-text")).toHaveAttribute("data-complete", "");
  const items = page.getByTestId("span-list-item");
  await expect(items).not.toHaveCount(0);
  const before = await items.count();
  // The server is gone: every server action (the annotator's writes) fails at the network level.
  await page.route("**/articles/**", (route) =>
    route.request().method() === "POST" && route.request().headers()["next-action"]
      ? route.abort("connectionrefused")
      : route.continue(),
  );
  await page.setViewportSize({ width: 820, height: 500 });
  const picker = page.getByRole("dialog", { name: "Choose a label" });
  await dragSelect(page, "nobody labels");
  await expect(picker).toBeVisible();
  // Esc drops the picker and its mouse selection: dragging over the same words opens it again.
  await page.keyboard.press("Escape");
  await expect(picker).toBeHidden();
  expect(await page.evaluate(() => document.getSelection()?.toString() ?? "")).toBe("");
  await dragSelect(page, "nobody labels");
  await expect(picker).toBeVisible();
  await page.keyboard.press("1");
  const error = page.getByTestId("annotator-error");
  await expect(error).toContainText("Could not reach the server; the change was not saved.");
  await expect(error).toBeInViewport();
  await expect(items).toHaveCount(before);
  await page.unroute("**/articles/**");
  await page.reload();
  await expect(page.getByTestId("article-text")).toHaveAttribute("data-complete", "");
  await expect(items).toHaveCount(before);
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
  const form = await fillNewArticle(page, "", "\n\n  Ceasefire talks stall in Riyadh  \nSecond paragraph.");
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

test("an article being annotated keeps its text and cannot be deleted; its metadata still changes", async ({
  page,
  browser,
}) => {
  const title = "Talks resumed briefing";
  await signIn(page, ADMIN);
  await openSampleProjectAdmin(page);
  const projectPath = new URL(page.url()).pathname;
  const form = await fillNewArticle(
    page,
    title,
    "Talks resumed on Monday after a week of silence.\nA second paragraph.",
  );
  await form.getByRole("button", { name: "Add article" }).click();
  await expect(form.getByRole("status")).toContainText("Article added.");
  const row = page.getByTestId("admin-articles").locator("tbody tr").filter({ hasText: title });
  await expect(row.getByTestId("delete-article")).toBeVisible();
  // The admin has the editor open, with the text still editable, in a second tab.
  const editTab = await page.context().newPage();
  await editTab.goto((await row.getByRole("link", { name: /^Edit / }).getAttribute("href")) ?? "", {
    waitUntil: "networkidle",
  });
  const editor = editTab.getByTestId("edit-article-form");
  await expect(editor.getByLabel(/^Text/)).toBeVisible();

  // Meanwhile Rita labels a word of it.
  const rita = await browser.newContext();
  const ritaPage = await rita.newPage();
  await signIn(ritaPage, RITA);
  await ritaPage.goto("/");
  await ritaPage.getByRole("link", { name: title }).click();
  await dragSelect(ritaPage, "resumed");
  await expect(ritaPage.getByRole("dialog", { name: "Choose a label" })).toBeVisible();
  await ritaPage.keyboard.press("1");
  await expect(ritaPage.getByTestId("save-state")).toHaveText("All changes saved");
  await rita.close();

  // The editor's text change is refused on the text field; what was typed stays.
  await editor.getByLabel("Title").fill("Talks resumed, edited");
  await editor.getByLabel(/^Text/).fill("A different text that would move Rita's span.");
  await editor.getByRole("button", { name: "Save article" }).click();
  await expect(editor.getByTestId("error-text")).toContainText("can no longer change");
  await expect(editor.getByLabel(/^Text/)).toHaveValue("A different text that would move Rita's span.");
  await expect(editor.getByLabel("Title")).toHaveValue("Talks resumed, edited");

  // The delete button the project page still shows is refused too, in the row; the article stays.
  page.once("dialog", (d) => void d.accept());
  await row.getByTestId("delete-article").click();
  await expect(row.getByRole("alert")).toContainText("only an article without annotations can be deleted");
  await page.reload();
  await expect(row).toHaveCount(1);
  await expect(row.getByTestId("delete-article")).toHaveCount(0);

  // Reopened, the editor offers the metadata only; source, URL, author and date save.
  await editTab.reload({ waitUntil: "networkidle" });
  await expect(editor.getByTestId("text-locked")).toBeVisible();
  await expect(editor.getByLabel(/^Text/)).toHaveCount(0);
  await editor.getByLabel("Title").fill("Talks resumed on Monday");
  await editor.getByLabel("Source").fill("Evening Wire");
  await editor.getByLabel("URL").fill("https://example.org/talks");
  await editor.getByLabel("Author").fill("Foreign desk");
  await editor.getByLabel(/^Published/).fill("2026-11-30");
  await editor.getByRole("button", { name: "Save article" }).click();
  await expect(editor.getByRole("status")).toHaveText("Saved.");
  await editTab.reload();
  await expect(editor.getByLabel("Title")).toHaveValue("Talks resumed on Monday");
  await expect(editor.getByLabel("Source")).toHaveValue("Evening Wire");
  await expect(editor.getByLabel("URL")).toHaveValue("https://example.org/talks");
  await expect(editor.getByLabel("Author")).toHaveValue("Foreign desk");
  await expect(editor.getByLabel(/^Published/)).toHaveValue("2026-11-30");
  await editTab.close();
  await page.goto(projectPath);
  await expect(page.getByTestId("admin-articles")).toContainText("Talks resumed on Monday");
});

test("an upload over the file limit is refused in the browser with the server's message", async ({ page }) => {
  await signIn(page, ADMIN);
  await openSampleProjectAdmin(page);
  await page.getByText("Add an article", { exact: true }).click();
  const form = page.getByTestId("add-article-form");
  await form.getByLabel(/^Title/).fill("Too big to upload");
  const posts: string[] = [];
  page.on("request", (r) => {
    if (r.method() === "POST") posts.push(r.url());
  });
  await form.locator("input[name=file]").setInputFiles({
    name: "huge.txt",
    mimeType: "text/plain",
    buffer: Buffer.alloc(MAX_UPLOAD_FILE_BYTES + 1, "a"),
  });
  await form.getByRole("button", { name: "Add article" }).click();
  await expect(form.getByTestId("error-file")).toHaveText(uploadTooBigMessage());
  expect(posts).toEqual([]);
  await expect(form.getByLabel(/^Title/)).toHaveValue("Too big to upload");
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
  await submitSignIn(page, ADMIN);
  await expect(page).toHaveURL(`${wanted}?tab=articles`);
  // Another site as "next" is ignored: the home page instead.
  await signOut(page);
  await page.goto("/sign-in?next=//evil.test/phish", { waitUntil: "networkidle" });
  await submitSignIn(page, ADMIN);
  await expect(page.getByTestId("who")).toBeVisible();
  expect(new URL(page.url()).host).toBe(new URL(wanted, page.url()).host);
});
