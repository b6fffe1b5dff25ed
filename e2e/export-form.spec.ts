import { readFileSync } from "node:fs";
import { type Page, expect as baseExpect, test } from "@playwright/test";
import { parseCsv } from "../lib/domain/dataset/csv";
import { ADMIN, RITA, signIn } from "./helpers";

const expect = baseExpect.configure({ timeout: 15_000 });

// Builds on the journey spec: Rita and Rob have spans in the sample project.
async function downloadRows(page: Page): Promise<number> {
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByTestId("export-form").getByRole("button", { name: "Download" }).click(),
  ]);
  const csv = readFileSync((await download.path())!, "utf8");
  return parseCsv(csv).rows.filter((r) => r.some((c) => c !== "")).length - 1;
}

const countOf = async (page: Page) => {
  const status = page.getByTestId("export-count");
  await expect(status).toHaveText(/will have [\d,]+ rows?/);
  return Number(((await status.textContent()) ?? "").match(/will have ([\d,]+) row/)?.[1]?.replace(/,/g, ""));
};

test("the export form counts what it will export, picks articles and reviewers from lists, marks bad filters inline", async ({
  page,
}) => {
  await signIn(page, ADMIN);
  await page.goto("/admin/export", { waitUntil: "networkidle" });
  const form = page.getByTestId("export-form");
  await form.getByLabel("Format").selectOption("spans-csv");

  // The whole project: the count shown is the number of rows the download has.
  const all = await countOf(page);
  expect(all).toBeGreaterThan(0);
  expect(await downloadRows(page)).toBe(all);

  // One reviewer, chosen by name from the list.
  await page.getByTestId("export-reviewers").selectOption({ label: `${RITA.name} (${RITA.email})` });
  const ritas = await countOf(page);
  expect(ritas).toBeLessThanOrEqual(all);
  expect(await downloadRows(page)).toBe(ritas);

  // One article, chosen by title: fewer rows again (or as many), and the download agrees.
  const articles = page.getByTestId("export-articles");
  const firstTitle = ((await articles.locator("option").first().textContent()) ?? "").trim();
  await articles.selectOption({ label: firstTitle });
  const one = await countOf(page);
  expect(one).toBeLessThanOrEqual(ritas);
  expect(await downloadRows(page)).toBe(one);

  // "from" after "to": marked on "to", nothing downloaded, the page and its values stay.
  await form.getByLabel("Created from").fill("2030-01-02");
  await form.getByLabel("to (inclusive)").fill("2030-01-01");
  await expect(page.getByTestId("export-error-to")).toHaveText("must be after from");
  let downloads = 0;
  page.on("download", () => downloads++);
  await form.getByRole("button", { name: "Download" }).click();
  await expect(page.getByTestId("export-error")).toContainText("Fix the marked field");
  await expect(page).toHaveURL(/\/admin\/export$/);
  await expect(form.getByLabel("Created from")).toHaveValue("2030-01-02");
  expect(downloads).toBe(0);
  await form.getByLabel("Created from").fill("");
  await form.getByLabel("to (inclusive)").fill("");
  await expect(page.getByTestId("export-error-to")).toHaveCount(0);

  // An id the server does not know (a list gone stale: the article was deleted meanwhile) is named on its field.
  await articles.evaluate((el: HTMLSelectElement) => {
    const o = new Option("Deleted meanwhile", "no-such-article", true, true);
    el.querySelector("optgroup")?.append(o);
    el.dispatchEvent(new Event("change", { bubbles: true }));
  });
  await expect(page.getByTestId("export-error-articleIds")).toHaveText(
    "no such article in this project: no-such-article",
  );
  await form.getByRole("button", { name: "Download" }).click();
  await expect(page).toHaveURL(/\/admin\/export$/);
  expect(downloads).toBe(0);
});
