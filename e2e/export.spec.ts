import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { parseCsv } from "../lib/domain/dataset/csv";
import { ADMIN, RITA, ROB, signIn } from "./helpers";

// Builds on the journey spec: Rita has labelled "intelligence sharing" in the first article.
test("admin downloads the spans CSV from the UI; its rows match what was annotated", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.goto("/admin");
  await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Export" }).click();
  const form = page.getByTestId("export-form");
  await form.getByLabel("Format").selectOption("spans-csv");
  // Excel-safe is the form's default; raw is one click away.
  await expect(form.getByRole("radio", { name: /^Excel-safe/ })).toBeChecked();
  await expect(form.getByRole("radio", { name: "Raw: exact, for code" })).not.toBeChecked();
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    form.getByRole("button", { name: "Download" }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/\.csv$/);
  expect(new URL(download.url()).searchParams.get("excel")).toBe("1");
  const csv = readFileSync((await download.path())!, "utf8");
  const { header, rows } = (() => {
    const parsed = parseCsv(csv).rows;
    return {
      header: parsed[0]!,
      rows: parsed.slice(1).map((r) => Object.fromEntries(parsed[0]!.map((h, i) => [h, r[i] ?? ""]))),
    };
  })();
  for (const col of ["article_id", "reviewer_name", "label", "start", "end", "quote", "note", "layer"])
    expect(header).toContain(col);

  // Rita's span from the journey, as she left it after edit and undo (other specs may add more spans).
  const ritas = rows.filter((r) => r.reviewer_name === RITA.name && r.note === "aid framed as a deal for minerals");
  expect(ritas).toHaveLength(1);
  const span = ritas[0]!;
  expect(span.label).toBe("Economic interest");
  expect(span.quote).toBe("intelligence sharing");
  expect(span.note).toBe("aid framed as a deal for minerals");
  expect(span.layer).toBe("annotation");

  // The offsets are code points into the stored text: slice it from the JSONL export and compare.
  const jsonl = await page.request.get(`/api/export/jsonl`);
  expect(jsonl.status()).toBe(200);
  const records = (await jsonl.text())
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  const article = records.find((r) => r.type === "article" && (r as { id?: string }).id === span.article_id) as
    | { text?: string }
    | undefined;
  expect(article?.text, "article record in JSONL").toBeTruthy();
  expect(Array.from(article!.text!).slice(Number(span.start), Number(span.end)).join("")).toBe(span.quote);

  await form.getByRole("radio", { name: "Raw: exact, for code" }).check();
  const [raw] = await Promise.all([
    page.waitForEvent("download"),
    form.getByRole("button", { name: "Download" }).click(),
  ]);
  expect(new URL(raw.url()).searchParams.get("excel")).toBe("0");
});

test("a reviewer's export holds only their own spans; the lossless export is admin-only", async ({ page }) => {
  await signIn(page, ROB);
  const own = await page.request.get("/api/export/spans-csv");
  expect(own.status()).toBe(200);
  const [header, ...rows] = parseCsv(await own.text()).rows;
  const nameAt = header!.indexOf("reviewer_name");
  // Only Rob's own rows (other specs may have given him some), never Rita's.
  for (const r of rows) expect(r[nameAt]).toBe(ROB.name);
  expect(rows.flat().join(" ")).not.toContain("aid framed as a deal");
  // Asking for another reviewer's spans is refused, not silently narrowed.
  const ritaId = (await page.request.get("/api/export/spans-csv?reviewerIds=someone-else")).status();
  expect(ritaId).toBe(403);
  expect((await page.request.get("/api/export/jsonl")).status()).toBe(403);
  expect((await page.request.get("/api/export/gold-csv")).status()).toBe(403);
});
