// The reliability report of a project: the use case on the real database, and `cli report` as a real process.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { bootstrapItemAgreement } from "@/lib/domain/agreement/bootstrap/items";
import { escapeHtml } from "@/lib/domain/agreement/report/html";
import { ZCreateQuestion } from "@/lib/schemas/question";
import type { Actor } from "@/lib/server/actor";
import { computeProjectAgreement } from "@/lib/server/agreement/compute-project-agreement";
import { reliabilityReport } from "@/lib/server/agreement/reliability-report";
import { createAnnotation } from "@/lib/server/annotations/create-annotation";
import { AppError } from "@/lib/server/errors";
import { answerQuestion } from "@/lib/server/questions/answer-question";
import { createQuestion } from "@/lib/server/questions/create-question";
import { makeArticle, makeProject, makeUser, viaSchema } from "../factories";

const root = path.resolve(import.meta.dirname, "../..");
const TEXTS = [
  "The minister said the talks would resume after a pause. Critics called it a stunt to win votes at home.",
  "Sources claim the deal was signed in secret. The ceasefire held for a week before shelling resumed.",
  "Officials insisted the alliance remains solid, while analysts warned of a looming split.",
];

let ann: Actor, ben: Actor, admin: Actor;
let projectId: string;
const articleIds: string[] = [];
const projectName = `Report <b>&</b> ${Date.now()}`;

async function mark(who: Actor, articleId: string, text: string, labelId: string, quote: string) {
  const cps = Array.from(text);
  const q = Array.from(quote);
  let start = -1;
  for (let i = 0; i + q.length <= cps.length && start < 0; i++) if (q.every((c, j) => cps[i + j] === c)) start = i;
  return createAnnotation(who, { articleId, labelId, start, end: start + q.length, quote });
}

beforeAll(async () => {
  [ann, ben, admin] = await Promise.all([
    makeUser("reviewer", "Ann <i>"),
    makeUser("reviewer", "Ben"),
    makeUser("admin", "Ada"),
  ]);
  const made = await makeProject(projectName);
  projectId = made.project.id;
  const [l0, l1] = [made.labels[0]!.id, made.labels[3]!.id];
  for (const [i, t] of TEXTS.entries()) {
    const a = await makeArticle(projectId, t, `Article ${i + 1}`);
    articleIds.push(a.id);
    // Article 1: the same span; article 2: other boundaries and another label; article 3: elsewhere.
    await mark(ann, a.id, t, l0, i === 2 ? "alliance remains solid" : t.slice(0, 20));
    await mark(ben, a.id, t, i === 1 ? l1 : l0, t.slice(0, i === 0 ? 20 : 25));
  }
});

describe("reliability report", () => {
  it("is refused to a reviewer and for an unknown project", async () => {
    await expect(reliabilityReport(ann, projectId, { bootstrap: null })).rejects.toBeInstanceOf(AppError);
    await expect(reliabilityReport(admin, "no-such-project", { bootstrap: null })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });

  it("reports the dashboard's figures with intervals, names escaped", async () => {
    const bootstrap = { resamples: 100, seed: 2, level: 0.9, alphaMin: 0.667 };
    const { html, fileName } = await reliabilityReport(admin, projectId, { bootstrap });
    expect(fileName).toMatch(/^reliability-Report-b-b-\d+\.html$/);
    const figures = await computeProjectAgreement(admin, projectId);
    const u = figures.corpus.unitizingAlpha.value!;
    expect(html).toContain(`<td class="num">${u.toFixed(3)}</td>`);
    expect(html).toContain(escapeHtml(projectName));
    expect(html).not.toContain("<b>");
    expect(html).toContain(escapeHtml("Ann <i>"));
    expect(html).toContain("90% percentile bootstrap over articles, 100 resamples, seed 2");
    expect(html).toContain("3 rated by two or more reviewers");
    // Every project starts with one round ("Main"): its table carries the dashboard's per-round figure.
    expect(figures.rounds.map((r) => r.name)).toEqual(["Main"]);
    expect(html).toMatch(/<h3>Main<\/h3><p class="sub">3 articles, 3 compared, 2 reviewers, codebook version \d+/);
    const roundU = figures.rounds[0]!.corpus.unitizingAlpha.value!;
    expect(html.split("<h2>Per round</h2>")[1]).toContain(`<td class="num">${roundU.toFixed(3)}</td>`);
    // The same seed gives the same report.
    expect((await reliabilityReport(admin, projectId, { bootstrap })).html).toBe(html);
  });

  it("is written by `cli report` as one self-contained file", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "report-"));
    const out = path.join(dir, "report.html");
    const run = (args: string[]) =>
      spawnSync(process.execPath, ["--conditions=react-server", "scripts/cli.mjs", ...args], {
        cwd: root,
        env: { ...process.env, DATABASE_URL: process.env.DATABASE_URL },
        encoding: "utf8",
        timeout: 120_000,
      });
    const ok = run(["report", "--project", projectId, "--out", out, "--bootstrap", "50"]);
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stderr).toContain(`wrote ${out}`);
    const html = readFileSync(out, "utf8");
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html).toContain("50 resamples");
    expect(html).not.toMatch(/<script|src=|href=/i);
    const missing = run(["report", "--project", "no-such-project", "--out", path.join(dir, "x.html")]);
    expect(missing.status).toBe(2);
    expect(missing.stderr.toLowerCase()).toContain("no such project");
    const usage = run(["report", "--project", projectId]);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain("--out FILE is required");
  });
});

describe("reliability report: question coefficients", () => {
  it("carry bootstrap intervals from resampling the question's items (articles), as the CLI does for items", async () => {
    const question = await viaSchema(
      ZCreateQuestion,
      { projectId, prompt: "Slant of the piece?", kind: "choice", options: ["critical", "neutral", "supportive"] },
      (input) => createQuestion(admin, input),
    );
    const answers: [Actor, number, string][] = [
      [ann, 0, "critical"],
      [ben, 0, "critical"],
      [ann, 1, "neutral"],
      [ben, 1, "supportive"],
      [ann, 2, "supportive"],
      [ben, 2, "supportive"],
    ];
    for (const [who, a, value] of answers)
      await answerQuestion(who, { questionId: question.id, articleId: articleIds[a]!, value });
    const bootstrap = { resamples: 200, seed: 7, level: 0.9, alphaMin: 0.667 };
    const { html } = await reliabilityReport(admin, projectId, { bootstrap });
    const section = html.split("<h2>Questions</h2>")[1]!.split("</section>")[0]!;
    expect(section).toContain("Slant of the piece?");
    // In the order the report reads them (article id, then reviewer id), so the seeded draws are the same.
    const records = answers
      .map(([who, a, value]) => ({ item: articleIds[a]!, rater: who.id, value }))
      .sort((x, y) => (x.item === y.item ? (x.rater < y.rater ? -1 : 1) : x.item < y.item ? -1 : 1));
    const expected = bootstrapItemAgreement(records, bootstrap, { level: "nominal" });
    const alphaAt = expected.report.coefficients.findIndex(
      (c) => c.name === "krippendorffAlpha" && c.level === "nominal",
    );
    const ci = expected.intervals[alphaAt]!.ci!;
    expect(ci).not.toBeNull();
    const f = (x: number) => x.toFixed(3);
    expect(section).toContain(`[${f(ci.low)}, ${f(ci.high)}]`);
    // Without a bootstrap the question figures have no interval column values.
    const plain = (await reliabilityReport(admin, projectId, { bootstrap: null })).html;
    expect(plain.split("<h2>Questions</h2>")[1]!.split("</section>")[0]).not.toContain(`[${f(ci.low)}, ${f(ci.high)}]`);
  });
});
