import { type Page, expect as baseExpect, test } from "@playwright/test";
import { ensureArticle, ensureReviewers, RITA, ROB, signIn, signInAsAdmin, signOut } from "./helpers";

// Gold on the compare view: draw a span by selecting text (snapped to words, label from the
// annotator's picker), move its edges with shift+arrow and by dragging, with the quote previewed and
// a warning for a cut word; the edited span keeps its provenance and says it was edited.
test.describe.configure({ mode: "serial" });
const expect = baseExpect.configure({ timeout: 20_000 });
test.setTimeout(180_000);

const TITLE = "Gold drawing on the comparison";
const TEXT = "Officials said the talks would resume soon.\n\nCritics said the ceasefire was fragile and short-lived.";

/** Text-cell geometry of a phrase in the compare view: viewport points of its first and last character. */
async function phraseBox(page: Page, phrase: string) {
  return page.getByTestId("compare-lanes").evaluate((root, phrase) => {
    const cells = Array.from(root.querySelectorAll<HTMLElement>(".cmp-flow .cmp-cell[data-u]"));
    let all = "";
    const nodes: { node: Text; at: number }[] = [];
    for (const c of cells) {
      const n = c.firstChild as Text | null;
      if (!n) continue;
      nodes.push({ node: n, at: all.length });
      all += n.data;
    }
    const i = all.indexOf(phrase);
    if (i < 0) throw new Error(`phrase not in text: ${phrase}`);
    const locate = (pos: number) => {
      const hit = nodes.filter((x) => x.at <= pos).at(-1)!;
      return { node: hit.node, offset: pos - hit.at };
    };
    const a = locate(i);
    const b = locate(i + phrase.length - 1);
    a.node.parentElement!.scrollIntoView({ block: "center" });
    const rect = (p: { node: Text; offset: number }) => {
      const r = document.createRange();
      r.setStart(p.node, p.offset);
      r.setEnd(p.node, p.offset + 1);
      return r.getBoundingClientRect();
    };
    const s = rect(a);
    const e = rect(b);
    return { x1: s.left + 1, y1: s.top + s.height / 2, x2: e.right - 1, y2: e.top + e.height / 2 };
  }, phrase);
}

async function dragSelectCompare(page: Page, phrase: string) {
  const box = await phraseBox(page, phrase);
  await page.mouse.move(box.x1, box.y1);
  await page.mouse.down();
  await page.mouse.move((box.x1 + box.x2) / 2, box.y2, { steps: 4 });
  await page.mouse.move(box.x2, box.y2, { steps: 4 });
  await page.mouse.up();
}

test("draw a gold span by selection, adjust its edges by keyboard and by dragging", async ({ page }) => {
  await signInAsAdmin(page);
  await ensureReviewers(page, [RITA, ROB]);
  await page.goto("/admin");
  await page.getByRole("link", { name: /US–Ukraine intelligence sharing/ }).click();
  const projectUrl = page.url();
  const articleId = await ensureArticle(page, projectUrl, TITLE, TEXT);
  const href = `/admin/articles/${articleId}/compare`;
  await page.goto(href);
  const labelIds = await page
    .getByTestId("compare-filters")
    .locator('input[name="label"]')
    .evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
  await signOut(page);

  // Both reviewers mark "Officials said", so a gold span drawn there has them as provenance.
  for (const who of [RITA, ROB]) {
    await signIn(page, who);
    const r = await page.request.post(`/api/articles/${articleId}/annotations`, {
      data: { labelId: labelIds[0], start: 0, end: 14, quote: "Officials said" },
    });
    expect([201, 409]).toContain(r.status());
    await signOut(page);
  }
  await signIn(page, { email: "ada@framewise.test", password: "correct horse battery" });
  await page.goto(href, { waitUntil: "networkidle" });

  // Select "ritics said the ceasefi": snapping widens it to whole words before the picker opens.
  await dragSelectCompare(page, "ritics said the ceasefi");
  const picker = page.getByTestId("label-picker");
  await expect(picker).toBeVisible();
  await expect(picker.getByTestId("picker-quote")).toHaveText("“Critics said the ceasefire”");
  await picker.locator(".fw-label-option").first().click();
  await expect(page.getByTestId("draw-status")).toContainText("Added to gold");
  const item = page.getByTestId("gold-item").filter({ hasText: "Critics said the ceasefire" });
  await expect(item).toHaveCount(1);
  await expect(item.getByTestId("gold-provenance")).toContainText("drawn by the adjudicator");
  await expect(item.getByTestId("gold-edited")).toHaveCount(0);

  // Without snapping, a selection that cuts a word warns before the label is chosen.
  await picker.waitFor({ state: "detached" });
  await dragSelectCompare(page, "alks would");
  await expect(picker).toBeVisible();
  await picker.getByTestId("snap-toggle").uncheck();
  await expect(picker.getByTestId("picker-quote")).toHaveText("“alks would”");
  await expect(page.getByTestId("draw-warning")).toContainText("The start cuts a word");
  await picker.getByTestId("snap-toggle").check();
  await expect(picker.getByTestId("picker-quote")).toHaveText("“talks would”");
  await expect(page.getByTestId("draw-warning")).toHaveCount(0);
  await page.keyboard.press("Escape");
  await expect(picker).toHaveCount(0);

  // Adjust: shift+arrow on the focused end edge moves it a word at a time (snapping on).
  await item.getByTestId("adjust-gold").click();
  const panel = page.getByTestId("gold-adjust");
  await expect(panel.getByTestId("adjust-quote")).toHaveText("“Critics said the ceasefire”");
  const endEdge = page.getByTestId("gold-edge-end");
  await endEdge.focus();
  await page.keyboard.press("Shift+ArrowRight");
  await expect(panel.getByTestId("adjust-quote")).toHaveText("“Critics said the ceasefire was”");
  await page.keyboard.press("Shift+ArrowLeft");
  await page.keyboard.press("Shift+ArrowLeft");
  await expect(panel.getByTestId("adjust-quote")).toHaveText("“Critics said the”");
  await expect(panel.getByTestId("adjust-warning")).toHaveCount(0);

  // Snapping off: a code point at a time, and an edge inside a word warns; snapping on again snaps it.
  await panel.getByLabel("Snap to words").uncheck();
  await endEdge.focus();
  await page.keyboard.press("Shift+ArrowRight");
  await page.keyboard.press("Shift+ArrowRight");
  await page.keyboard.press("Shift+ArrowRight");
  await expect(panel.getByTestId("adjust-quote")).toHaveText("“Critics said the ce”");
  await expect(panel.getByTestId("adjust-warning")).toContainText("The end cuts a word");
  await panel.getByLabel("Snap to words").check();
  await expect(panel.getByTestId("adjust-quote")).toHaveText("“Critics said the ceasefire”");
  await expect(panel.getByTestId("adjust-warning")).toHaveCount(0);

  // Drag the start edge onto "said": with snapping on it lands on the word's start.
  const target = await phraseBox(page, "aid the ceasefire"); // scrolls it into view first
  const start = await page.getByTestId("gold-edge-start").boundingBox();
  await page.mouse.move(start!.x + start!.width / 2, start!.y + start!.height / 2);
  await page.mouse.down();
  await page.mouse.move(target.x1, target.y1, { steps: 6 });
  await page.mouse.up();
  await expect(panel.getByTestId("adjust-quote")).toHaveText("“said the ceasefire”");

  await panel.getByTestId("adjust-save").click();
  await expect(page.getByTestId("draw-status")).toContainText("Gold span moved");
  const moved = page.getByTestId("gold-item").filter({ hasText: "said the ceasefire" });
  await expect(moved).toContainText("[53, 71)");
  await expect(moved.getByTestId("gold-edited")).toHaveText("edited by adjudicator");
  await expect(page.getByTestId("gold-item").filter({ hasText: "Critics said the ceasefire" })).toHaveCount(0);
});
