import { type Page, expect as baseExpect, test } from "@playwright/test";
import { RITA, adminAddsArticle, dragSelect, openArticle, signIn } from "./helpers";

test.describe.configure({ mode: "serial" });
const expect = baseExpect.configure({ timeout: 15_000 });
test.setTimeout(180_000);

// Builds on the journey spec (admin and reviewers exist; the sample project is the first project).
const TITLE = "Keyboard briefing with an emoji";
// "Emoji " is 6 code points; "😀" is one code point (two UTF-16 units), so "😀 first" is code points 6-13.
const LINE1 = "Emoji 😀 first, then the target phrase here.";
const LINE2 = "A second paragraph for moving down.";

const selected = (page: Page) => page.evaluate(() => document.getSelection()?.toString() ?? "");
/** The label name a picker option shows (its first text, before any "✓ applied"). */
const focusedLabel = (page: Page) =>
  page.evaluate(() => document.activeElement?.querySelector(".fw-label-name")?.firstChild?.textContent ?? "");

test("the admin adds an article with an emoji", async ({ page }) => {
  await adminAddsArticle(page, TITLE, `${LINE1}\n${LINE2}`);
});

test("keyboard selection without caret browsing: cursor, Shift+arrows, Enter, picker arrows, Esc", async ({ page }) => {
  await signIn(page, RITA);
  await openArticle(page, TITLE);
  const text = page.getByTestId("article-text");
  const cursor = page.getByTestId("text-cursor");
  await expect(cursor).toHaveCount(0);
  await text.focus();
  await expect(cursor).toBeVisible();
  const x0 = (await cursor.boundingBox())?.x ?? 0;

  // By character: six steps to just before the emoji; one Shift+step selects the whole emoji.
  for (let i = 0; i < 6; i++) await page.keyboard.press("ArrowRight");
  expect((await cursor.boundingBox())?.x ?? 0).toBeGreaterThan(x0);
  await page.keyboard.press("Shift+ArrowRight");
  expect(await selected(page)).toBe("😀");
  // By word, extending: to the end of "first"; then back one character and forward again.
  await page.keyboard.press("Control+Shift+ArrowRight");
  expect(await selected(page)).toBe("😀 first");
  await page.keyboard.press("Shift+ArrowLeft");
  expect(await selected(page)).toBe("😀 firs");
  await page.keyboard.press("Shift+ArrowRight");
  expect(await selected(page)).toBe("😀 first");
  // Typing-free: no picker until Enter.
  await page.waitForTimeout(400);
  const picker = page.getByRole("dialog", { name: "Choose a label" });
  await expect(picker).toBeHidden();

  await page.keyboard.press("Enter");
  await expect(picker).toBeVisible();
  await expect(page.getByTestId("picker-quote")).toHaveText("“😀 first”");
  const options = picker.locator(".fw-label-option");
  const nameOf = (i: number) =>
    options.nth(i).evaluate((el) => el.querySelector(".fw-label-name")?.firstChild?.textContent ?? "");
  const first = await nameOf(0);
  const second = await nameOf(1);
  expect(await focusedLabel(page)).toBe(first);
  await page.keyboard.press("ArrowDown");
  expect(await focusedLabel(page)).toBe(second);
  await page.keyboard.press("ArrowUp");
  expect(await focusedLabel(page)).toBe(first);
  await page.keyboard.press("Tab");
  expect(await focusedLabel(page)).toBe(second);

  // Esc goes back to the text with the selection kept; Enter reopens the picker there.
  await page.keyboard.press("Escape");
  await expect(picker).toBeHidden();
  await expect(text).toBeFocused();
  expect(await selected(page)).toBe("😀 first");
  await page.keyboard.press("Enter");
  await expect(picker).toBeVisible();
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Enter");
  await expect(picker).toBeHidden();
  const item = page.getByTestId("span-list-item");
  await expect(item).toHaveCount(1);
  await expect(item).toContainText(second);
  await expect(page.getByTestId("save-state")).toHaveText("All changes saved");
  await expect(text).toBeFocused();

  // Stored offsets are code points: after a reload the highlight starts at code point 6 and covers exactly
  // the emoji and the word (UTF-16 offsets would have shifted its end by one).
  await page.reload();
  await expect(text).toHaveAttribute("data-complete", "");
  const hl = text.locator(".fw-hl");
  await expect(hl).toHaveCount(1);
  await expect(hl).toHaveAttribute("data-cp", "6");
  await expect(hl).toHaveText("😀 first");

  // Down moves to the next line; Ctrl+Left from its start goes back to the start of the line-1 word "here".
  await text.focus();
  const y0 = (await cursor.boundingBox())?.y ?? 0;
  await page.keyboard.press("ArrowDown");
  await expect.poll(async () => (await cursor.boundingBox())?.y ?? 0).toBeGreaterThan(y0);
  await page.keyboard.press("Home");
  await page.keyboard.press("Control+Shift+ArrowLeft");
  expect(await selected(page)).toBe("here.\n");
  // Esc clears the selection, leaving the cursor.
  await page.keyboard.press("Escape");
  expect(await selected(page)).toBe("");
  await expect(cursor).toBeVisible();

  // The help lists the keys just used.
  await page.keyboard.press("?");
  const help = page.getByTestId("help-overlay");
  await expect(help).toContainText("Move the cursor by one character");
  await expect(help).toContainText("Extend the selection");
  await expect(help).toContainText("Open the label picker on the selection");
  // A row whose keys repeat ("…" twice) lists each of them.
  await expect(help.getByRole("row").filter({ hasText: "Apply the label with that hotkey" })).toContainText(
    "1 … 9 q … Apply",
  );
  await page.keyboard.press("Escape");
});

test("undo and redo every change; the history survives a reload; a span changed elsewhere is not undone", async ({
  page,
  context,
}) => {
  await signIn(page, RITA);
  await openArticle(page, TITLE);
  const items = page.getByTestId("span-list-item");
  const target = items.filter({ hasText: "target phrase" });
  const saved = () => expect(page.getByTestId("save-state")).toHaveText("All changes saved");
  const edit = async () => {
    await target.getByTestId("span-edit").click();
    return page.getByTestId("span-popover");
  };
  const close = async () => {
    await page.keyboard.press("Escape");
    await expect(page.getByTestId("span-popover")).toBeHidden();
  };
  await expect(items).toHaveCount(1);

  // Create: undo removes it, redo brings it back.
  await dragSelect(page, "target phrase");
  await expect(page.getByRole("dialog", { name: "Choose a label" })).toBeVisible();
  await page.keyboard.press("1");
  await expect(target).toHaveCount(1);
  await saved();
  const name = ((await target.locator("b").textContent()) ?? "").trim();
  await page.keyboard.press("Control+z");
  await expect(target).toHaveCount(0);
  await saved();
  await page.keyboard.press("Control+Shift+z");
  await expect(target).toHaveCount(1);
  await saved();

  // Relabel: undo, redo with Ctrl+Y, undo again.
  let pop = await edit();
  const select = pop.getByTestId("span-label-select");
  const other = ((await select.locator("option").allTextContents()).find((n) => n.trim() !== name) ?? "").trim();
  await select.selectOption({ label: other });
  await expect(target.locator("b")).toHaveText(other);
  await saved();
  await close();
  await page.keyboard.press("Control+z");
  await expect(target.locator("b")).toHaveText(name);
  await saved();
  await page.keyboard.press("Control+y");
  await expect(target.locator("b")).toHaveText(other);
  await saved();
  await page.keyboard.press("Control+z");
  await expect(target.locator("b")).toHaveText(name);
  await saved();

  // Note edit.
  pop = await edit();
  await pop.getByTestId("span-note").fill("loaded wording");
  await pop.getByTestId("span-note-save").click();
  await expect(target).toContainText("loaded wording");
  await saved();
  await close();
  await page.keyboard.press("Control+z");
  await expect(target).not.toContainText("loaded wording");
  await saved();
  await page.keyboard.press("Control+Shift+z");
  await expect(target).toContainText("loaded wording");
  await saved();

  // Boundary change: one word more at the end, undone.
  pop = await edit();
  await pop.getByRole("button", { name: "End one word later" }).click();
  await expect(target.locator("q")).toHaveText("target phrase here");
  await saved();
  await close();
  await page.keyboard.press("Control+z");
  await expect(target.locator("q")).toHaveText("target phrase");
  await saved();

  // Delete, undone: the span comes back with its note.
  pop = await edit();
  await pop.getByTestId("span-delete").click();
  await expect(target).toHaveCount(0);
  await saved();
  await page.keyboard.press("Control+z");
  await expect(target).toHaveCount(1);
  await expect(target).toContainText("loaded wording");
  await saved();

  // After a reload the history is still there: redo the delete, undo it, then undo the note edit.
  await page.reload();
  await expect(page.getByTestId("article-text")).toHaveAttribute("data-complete", "");
  await expect(target).toHaveCount(1);
  await page.keyboard.press("Control+Shift+z");
  await expect(target).toHaveCount(0);
  await saved();
  await page.keyboard.press("Control+z");
  await expect(target).toHaveCount(1);
  await saved();
  await page.keyboard.press("Control+z");
  await expect(target).not.toContainText("loaded wording");
  await saved();
  await page.keyboard.press("Control+Shift+z");
  await expect(target).toContainText("loaded wording");
  await saved();

  // Another tab changes the note; undoing the note edit here is refused with an explanation, nothing changes.
  const otherTab = await context.newPage();
  await otherTab.goto(page.url());
  await expect(otherTab.getByTestId("article-text")).toHaveAttribute("data-complete", "");
  const there = otherTab.getByTestId("span-list-item").filter({ hasText: "target phrase" });
  await there.getByTestId("span-edit").click();
  await otherTab.getByTestId("span-popover").getByTestId("span-note").fill("changed in the other tab");
  await otherTab.getByTestId("span-popover").getByTestId("span-note-save").click();
  await expect(otherTab.getByTestId("save-state")).toHaveText("All changes saved");
  await expect(there).toContainText("changed in the other tab");
  await otherTab.close();

  await page.keyboard.press("Control+z");
  await expect(page.getByTestId("annotator-error")).toContainText("changed in another tab or window since");
  await expect(page.getByTestId("annotator-error")).toContainText("nothing was undone");
  await expect(target).toContainText("loaded wording");
  await saved();
  await page.reload();
  await expect(target).toContainText("changed in the other tab");
  await expect(items).toHaveCount(2);
});
