import { type Page, expect as baseExpect, test } from "@playwright/test";
import { RITA, adminAddsArticle, openArticle, signIn } from "./helpers";

test.describe.configure({ mode: "serial" });
const expect = baseExpect.configure({ timeout: 15_000 });
test.setTimeout(180_000);

// Builds on the journey spec (admin and reviewers exist; the sample project is the first project).
const TITLE = "Right-to-left keyboard briefing";
// An Arabic paragraph (dir="auto" makes it right to left) with an emoji (one code point, two UTF-16 units)
// and a damma (U+064F, a combining mark) in "سيُراجع".
const AR = "قال 😀 المسؤولون إن تعليق تبادل المعلومات سيُراجع خلال أيام.";
// Mixed-direction lines: a Hebrew quote inside English, an English run inside Hebrew.
const EN_HE = "The minister told Haaretz: “הממשלה תבחן את ההסכם” today.";
const HE_EN = "שר החוץ אמר כי NATO summit talks יימשכו עד יום ראשון.";
const TEXT = [AR, EN_HE, HE_EN].join("\n");

/** Code-point offset of `part` in the stored text (the unit spans are stored in). */
const cpOf = (part: string) => Array.from(TEXT.slice(0, TEXT.indexOf(part))).length;

const selected = (page: Page) => page.evaluate(() => document.getSelection()?.toString() ?? "");
const cursorX = async (page: Page) => (await page.getByTestId("text-cursor").boundingBox())?.x ?? Number.NaN;

/** Enter on the keyboard selection opens the label picker; the hotkey labels it and closes the picker. */
async function labelSelection(page: Page, hotkey: string) {
  const picker = page.getByRole("dialog", { name: "Choose a label" });
  await page.keyboard.press("Enter");
  await expect(picker).toBeVisible();
  await page.keyboard.press(hotkey);
  await expect(picker).toBeHidden();
}

/** Presses `key` and returns the cursor's x after the press (the cursor is redrawn synchronously). */
async function press(page: Page, key: string) {
  await page.keyboard.press(key);
  return cursorX(page);
}

/**
 * The characters of a line in the order the eye meets them on screen (row by row, left to right), as
 * indices into its text. The same text is laid out once more as a plain line beside it (same classes,
 * dir="auto", no highlight elements) and ordered the same way, so highlights that disturbed the bidi
 * algorithm (an isolate, an override, a reordering of runs) would show as a different order.
 */
async function visualOrders(page: Page, lineIndex: number): Promise<{ highlighted: number[]; plain: number[] }> {
  return page.getByTestId("article-text").evaluate((root, lineIndex) => {
    const order = (line: Element) => {
      const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
      const boxes: { i: number; x: number; y: number }[] = [];
      let at = 0;
      for (let n = walker.nextNode() as Text | null; n; n = walker.nextNode() as Text | null) {
        for (let k = 0; k < n.data.length; k++) {
          const code = n.data.charCodeAt(k);
          if (code >= 0xdc00 && code <= 0xdfff) continue;
          const width = code >= 0xd800 && code <= 0xdbff ? 2 : 1;
          const ch = n.data.slice(k, k + width);
          if (ch.trim() !== "") {
            const r = document.createRange();
            r.setStart(n, k);
            r.setEnd(n, k + width);
            const box = r.getBoundingClientRect();
            boxes.push({ i: at + k, x: box.left + box.width / 2, y: box.top + box.height / 2 });
          }
        }
        at += n.data.length;
      }
      // Rows: a new one where the vertical centre jumps by more than half a line (scripts differ in height).
      const half = Number.parseFloat(getComputedStyle(line).fontSize) / 2;
      const rows: (typeof boxes)[] = [];
      for (const b of [...boxes].sort((p, q) => p.y - q.y)) {
        const row = rows.at(-1);
        if (row && b.y - (row[0] as (typeof boxes)[number]).y <= half) row.push(b);
        else rows.push([b]);
      }
      return rows.flatMap((row) => row.sort((p, q) => p.x - q.x).map((b) => b.i));
    };
    const line = root.getElementsByClassName("fw-line")[lineIndex] as HTMLElement;
    const plain = document.createElement("div");
    plain.className = line.className;
    plain.dir = "auto";
    plain.textContent = line.textContent;
    line.after(plain);
    try {
      return { highlighted: order(line), plain: order(plain) };
    } finally {
      plain.remove();
    }
  }, lineIndex);
}

test("the admin adds an article with right-to-left and mixed-direction paragraphs", async ({ page }) => {
  await adminAddsArticle(page, TITLE, TEXT);
});

test("in a right-to-left paragraph the arrows move the cursor the way they point; stored offsets are code points", async ({
  page,
}) => {
  await signIn(page, RITA);
  await openArticle(page, TITLE);
  const text = page.getByTestId("article-text");
  const lines = text.locator(".fw-line");
  await expect(lines).toHaveCount(3);
  expect(await lines.nth(0).evaluate((el) => getComputedStyle(el).direction)).toBe("rtl");
  const line0 = await lines.nth(0).boundingBox();
  if (!line0) throw new Error("no box for the first line");

  // The cursor starts at code point 0, which in a right-to-left paragraph is its right edge.
  await text.focus();
  await expect(page.getByTestId("text-cursor")).toBeVisible();
  let x = await cursorX(page);
  expect(x).toBeGreaterThan(line0.x + line0.width / 2);

  // ArrowLeft moves left on screen (forward in the text), one character at a time: past "قال ".
  for (let i = 0; i < 4; i++) {
    const next = await press(page, "ArrowLeft");
    expect(next, `ArrowLeft step ${i + 1}`).toBeLessThan(x);
    x = next;
  }
  // ArrowRight moves right again; ArrowLeft returns to the same place.
  const right = await press(page, "ArrowRight");
  expect(right).toBeGreaterThan(x);
  expect(await press(page, "ArrowLeft")).toBeCloseTo(x, 0);

  // Shift+ArrowLeft takes in the emoji (one step, one code point); Ctrl+Shift+ArrowLeft the next word;
  // Shift+ArrowRight gives back its last letter, Shift+ArrowLeft takes it again.
  await page.keyboard.press("Shift+ArrowLeft");
  expect(await selected(page)).toBe("😀");
  await page.keyboard.press("Control+Shift+ArrowLeft");
  expect(await selected(page)).toBe("😀 المسؤولون");
  await page.keyboard.press("Shift+ArrowRight");
  expect(await selected(page)).toBe("😀 المسؤولو");
  await page.keyboard.press("Shift+ArrowLeft");
  expect(await selected(page)).toBe("😀 المسؤولون");
  // The selection grew leftwards on screen: the cursor is left of where it started.
  expect(await cursorX(page)).toBeLessThan(x);

  const picker = page.getByRole("dialog", { name: "Choose a label" });
  await page.keyboard.press("Enter");
  await expect(picker).toBeVisible();
  await expect(page.getByTestId("picker-quote")).toHaveText("“😀 المسؤولون”");
  await page.keyboard.press("1");
  await expect(picker).toBeHidden();
  await expect(page.getByTestId("save-state")).toHaveText("All changes saved");

  // End goes to the paragraph's logical end, its left edge; Ctrl+ArrowRight then steps back word by word
  // (rightwards on screen) to the start of "سيُراجع", and Ctrl+Shift+ArrowLeft selects the word, its
  // combining mark included.
  await page.keyboard.press("End");
  x = await cursorX(page);
  expect(x).toBeLessThan(line0.x + line0.width / 2);
  for (let i = 0; i < 3; i++) {
    const next = await press(page, "Control+ArrowRight");
    expect(next, `Ctrl+ArrowRight step ${i + 1}`).toBeGreaterThan(x);
    x = next;
  }
  await page.keyboard.press("Control+Shift+ArrowLeft");
  expect(await selected(page)).toBe("سيُراجع");
  await labelSelection(page, "2");
  await expect(page.getByTestId("save-state")).toHaveText("All changes saved");

  // After a reload, the highlights come from the stored spans: each starts at the code point of its text
  // and covers exactly it (UTF-16 offsets would shift the first span's end, and everything after the emoji).
  await page.reload();
  await expect(text).toHaveAttribute("data-complete", "");
  const hl = lines.nth(0).locator(".fw-hl");
  await expect(hl).toHaveCount(2);
  await expect(hl.nth(0)).toHaveAttribute("data-cp", String(cpOf("😀 المسؤولون")));
  await expect(hl.nth(0)).toHaveText("😀 المسؤولون");
  await expect(hl.nth(1)).toHaveAttribute("data-cp", String(cpOf("سيُراجع")));
  await expect(hl.nth(1)).toHaveText("سيُراجع");
  // One less than its UTF-16 index: the emoji before it is one code point but two UTF-16 units.
  expect(cpOf("سيُراجع")).toBe(TEXT.indexOf("سيُراجع") - 1);
  const quotes = page.getByTestId("span-list-item").locator("q");
  await expect(quotes).toHaveText(["😀 المسؤولون", "سيُراجع"]);
});

test("mixed-direction lines stay readable: highlights across a change of direction keep the bidi layout", async ({
  page,
}) => {
  await signIn(page, RITA);
  await openArticle(page, TITLE);
  const text = page.getByTestId("article-text");
  const lines = text.locator(".fw-line");
  expect(await lines.nth(1).evaluate((el) => getComputedStyle(el).direction)).toBe("ltr");
  expect(await lines.nth(2).evaluate((el) => getComputedStyle(el).direction)).toBe("rtl");

  // Line 2 (English with a Hebrew quote): from the start of "Haaretz" to the end of "תבחן", by keyboard.
  await text.focus();
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Home");
  for (let i = 0; i < 3; i++) await page.keyboard.press("Control+ArrowRight");
  await page.keyboard.press("ArrowRight");
  for (let i = 0; i < 3; i++) await page.keyboard.press("Control+Shift+ArrowRight");
  expect(await selected(page)).toBe("Haaretz: “הממשלה תבחן");
  await labelSelection(page, "3");

  // Line 3 (Hebrew with an English run): from "כי" through "NATO summit", crossing into the English run.
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Home");
  for (let i = 0; i < 3; i++) await page.keyboard.press("Control+ArrowLeft");
  await page.keyboard.press("ArrowLeft");
  for (let i = 0; i < 3; i++) await page.keyboard.press("Control+Shift+ArrowLeft");
  expect(await selected(page)).toBe("כי NATO summit");
  await labelSelection(page, "4");
  await expect(page.getByTestId("save-state")).toHaveText("All changes saved");

  await page.reload();
  await expect(text).toHaveAttribute("data-complete", "");
  await expect(lines.nth(1).locator(".fw-hl")).toHaveText(["Haaretz: “הממשלה תבחן"]);
  await expect(lines.nth(1).locator(".fw-hl")).toHaveAttribute("data-cp", String(cpOf("Haaretz")));
  await expect(lines.nth(2).locator(".fw-hl")).toHaveText(["כי NATO summit"]);
  await expect(lines.nth(2).locator(".fw-hl")).toHaveAttribute("data-cp", String(cpOf("כי NATO")));

  for (const [i, line] of [EN_HE, HE_EN].entries()) {
    const { highlighted, plain } = await visualOrders(page, i + 1);
    // Every visible character is laid out where it would be without highlights.
    expect(highlighted, `line ${i + 2}`).toEqual(plain);
    // And the runs read in their own direction: the Hebrew quote right to left, the English run left to right.
    const pos = (part: string) => highlighted.indexOf(line.indexOf(part));
    if (i === 0) {
      expect(pos("הממשלה")).toBeGreaterThan(pos("ההסכם"));
      expect(pos("Haaretz")).toBeLessThan(pos("ההסכם"));
    } else {
      expect(pos("NATO")).toBeLessThan(pos("summit"));
      expect(pos("שר")).toBeGreaterThan(pos("summit"));
    }
  }
});
