// The command line as a user runs it: a real process (`npm run cli`: `node --conditions=react-server scripts/cli.mjs`)
// against this file's real database. Exit codes and outputs are the contract documented in docs/dataset.md.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parseCsv } from "@/lib/domain/dataset/csv";
import { createAnnotation } from "@/lib/server/annotations/create-annotation";
import { db } from "@/lib/server/db";
import { cpSlice, makeArticle, makeProject, makeUser } from "../factories";

const root = path.resolve(import.meta.dirname, "../..");
const dir = mkdtempSync(path.join(tmpdir(), "fw-cli-"));

function cli(args: string[]) {
  const r = spawnSync(process.execPath, ["--conditions=react-server", "scripts/cli.mjs", ...args], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: process.env.DATABASE_URL },
    encoding: "utf8",
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const TEXT = "Kyiv 🇺🇦 said the pause was a “betrayal”.\nWashington called it leverage.";
let projectId: string, articleId: string;

beforeAll(async () => {
  const reviewer = await makeUser("reviewer", "Cli Reviewer");
  const { project, labels } = await makeProject("CLI project");
  projectId = project.id;
  articleId = (await makeArticle(projectId, TEXT, "CLI article")).id;
  const start = Array.from(TEXT).indexOf("“");
  await createAnnotation(reviewer, {
    articleId,
    labelId: labels[9]!.id,
    start,
    end: start + 10,
    quote: cpSlice(TEXT, start, start + 10),
  });
});

describe("command line", () => {
  it("exports spans CSV whose offsets slice the stored text (code points, after an emoji flag)", () => {
    const out = path.join(dir, "spans.csv");
    const r = cli(["export", "--format", "spans-csv", "--project", projectId, "--out", out]);
    expect(r.stderr).not.toMatch(/error/i);
    expect(r.code).toBe(0);
    const [header, ...rows] = parseCsv(readFileSync(out, "utf8")).rows;
    expect(rows).toHaveLength(1);
    const row = Object.fromEntries(header!.map((h, i) => [h, rows[0]![i]]));
    expect(row.quote).toBe("“betrayal”");
    expect(cpSlice(TEXT, Number(row.start), Number(row.end))).toBe(row.quote);
    expect(row.reviewer_name).toBe("Cli Reviewer");
  });

  it("re-imports its own JSONL as a faithful copy with fresh ids", async () => {
    const out = path.join(dir, "all.jsonl");
    expect(cli(["export", "--format", "jsonl", "--project", projectId, "--out", out]).code).toBe(0);
    const lines = readFileSync(out, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { type: string; text?: string });
    expect(lines.find((l) => l.type === "article")?.text).toBe(TEXT);
    const again = cli(["import", out]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/created 1 project, .* 1 article, 1 annotation/);
    const copies = await db.project.findMany({
      where: { name: "CLI project" },
      include: { articles: { include: { annotations: true } } },
    });
    expect(copies).toHaveLength(2);
    const [a, b] = copies.map((p) => p.articles[0]!);
    expect(b!.id).not.toBe(a!.id);
    expect(b!.text).toBe(a!.text);
    expect(b!.textHash).toBe(a!.textHash);
    const strip = (x: { start: number; end: number; quote: string; note: string | null }) => ({
      start: x.start,
      end: x.end,
      quote: x.quote,
      note: x.note,
    });
    expect(b!.annotations.map(strip)).toEqual(a!.annotations.map(strip));
  });

  it("usage errors exit 2 with the reason; bad input exits 3 and imports nothing", async () => {
    const unknown = cli(["export", "--format", "xlsx"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/format/);
    expect(cli(["frobnicate"]).code).toBe(2);

    const bad = path.join(dir, "articles.csv");
    writeFileSync(bad, "title,text\nGood one,Some text here\n,Missing title row\n");
    const before = await db.article.count();
    const r = cli(["import", bad, "--project", projectId]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/articles\.csv line 3: title: is required/);
    expect(await db.article.count()).toBe(before);
  });

  it("re-imports a gold CSV export (found by its header); a bad one exits 3 with line and field", async () => {
    const admin = await makeUser("admin", "Cli Adjudicator");
    const annotation = await db.annotation.findFirstOrThrow({ where: { articleId } });
    await db.goldSpan.create({
      data: {
        articleId,
        labelId: annotation.labelId,
        start: annotation.start,
        end: annotation.end,
        quote: annotation.quote,
        sourceAnnotationIds: JSON.stringify([annotation.id]),
        sourceUserIds: JSON.stringify([annotation.userId]),
        decidedById: admin.id,
      },
    });
    const out = path.join(dir, "gold.csv");
    expect(cli(["export", "--format", "gold-csv", "--project", projectId, "--out", out]).code).toBe(0);
    await db.goldSpan.deleteMany({ where: { articleId } });
    const r = cli(["import", out]);
    expect(r.stderr).not.toMatch(/error/i);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("gold.csv: 1 gold span(s) created, 0 already in gold");
    expect(await db.goldSpan.findMany({ where: { articleId } })).toMatchObject([
      { start: annotation.start, end: annotation.end, sourceUserIds: JSON.stringify([annotation.userId]) },
    ]);

    const bad = path.join(dir, "bad-gold.csv");
    writeFileSync(bad, readFileSync(out, "utf8").replace(`,${annotation.start},${annotation.end},`, ",9,3,"));
    await db.goldSpan.deleteMany({ where: { articleId } });
    const refused = cli(["import", bad]);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(/bad-gold\.csv line 2: (start|end): /);
    expect(await db.goldSpan.count({ where: { articleId } })).toBe(0);
  });
});
