/**
 * Benchmark for the agreement dashboard's use case (lib/server/agreement/compute-project-agreement.ts).
 *
 *   npx tsx --conditions=react-server bench/agreement-dashboard.bench.ts [articles] [chars] [reviewers] [spans]
 *
 * Defaults: 2,000 articles x 5,000 code points x 4 reviewers x 40 spans per reviewer and article
 * (320,000 spans), 9 framing labels, every reviewer "done" on every article, plus one ordinal
 * question answered by every reviewer on every article (8,000 answers). A migrated temporary SQLite
 * file is filled directly with better-sqlite3 (seeded PRNG; per article 30 reference spans that each
 * reviewer copies with probability 0.8 and jittered edges, topped up with random spans). Then, through
 * the real use case as an admin:
 *   cold     first call in the process (load from SQLite + every coefficient + names);
 *   warm     the same revision again (cache hit: one revision read + names), median of 5;
 *   changed  after one reviewer adds a span through the real use case (createAnnotation, which bumps
 *            the project's and the article's revision in the same transaction): the page's call
 *            (waits up to 1.5 s, else shows the previous figures marked stale and refreshes itself),
 *            and the time until the fresh figures are cached (only the changed article is reloaded
 *            and recomputed; the corpus figures are pooled again from every article's partial).
 * Target (issue "Agreement you can publish"): the dashboard for that corpus in under 2 s.
 * Figures are printed as prose and as `BENCH_METRIC {json}` lines for bench/run.ts.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { mulberry32 } from "../lib/domain/random";

const args = process.argv.slice(2).map(Number);
const ARTICLES = args[0] || 2000;
const CHARS = args[1] || 5000;
const REVIEWERS = args[2] || 4;
const SPANS = args[3] || 40;
const LABELS = 9;

function metric(m: {
  name: string;
  value: number;
  unit: string;
  target?: number;
  better?: "lower" | "higher";
  note?: string;
}): void {
  console.log(`BENCH_METRIC ${JSON.stringify(m)}`);
}

/** Fills a migrated SQLite file with the corpus; returns the project id. */
export function generate(file: string): string {
  const rand = mulberry32(20250602);
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const makeText = () => {
    const parts: string[] = [];
    let len = 0;
    while (len < CHARS) {
      let w = "";
      for (let i = int(1, 10); i > 0; i--) w += String.fromCharCode(97 + int(0, 25));
      const r = rand();
      w += r < 0.08 ? ". " : r < 0.14 ? ", " : " ";
      parts.push(w);
      len += w.length;
    }
    return parts.join("").slice(0, CHARS);
  };
  const sql = new Database(file);
  sql.pragma("journal_mode = WAL");
  sql.pragma("synchronous = OFF");
  const now = new Date("2025-03-01T12:00:00.000Z").toISOString().replace("Z", "+00:00");
  const projectId = "bench-project";
  sql.transaction(() => {
    sql
      .prepare(
        `INSERT INTO Project (id, name, guidelines, locked, blind, revealed, reviewersMayCompare, createdAt, updatedAt) VALUES (?, 'Bench', '', 0, 1, 0, 1, ?, ?)`,
      )
      .run(projectId, now, now);
    sql
      .prepare(`INSERT INTO LabelGroup (id, projectId, name, "order") VALUES ('bench-group', ?, 'Framing', 0)`)
      .run(projectId);
    const label = sql.prepare(
      `INSERT INTO Label (id, projectId, groupId, name, definition, guideline, colour, "order", createdAt, updatedAt) VALUES (?, ?, 'bench-group', ?, '', '', '#1f77b4', ?, ?, ?)`,
    );
    for (let l = 0; l < LABELS; l++) label.run(`bench-label-${l}`, projectId, `Label ${l}`, l, now, now);
    const user = sql.prepare(
      `INSERT INTO user (id, name, email, emailVerified, role, createdAt, updatedAt) VALUES (?, ?, ?, 0, 'reviewer', ?, ?)`,
    );
    const member = sql.prepare(
      `INSERT INTO "ProjectMember" ("projectId", "userId", "role", "createdAt") VALUES (?, ?, 'annotator', ?)`,
    );
    for (let r = 0; r < REVIEWERS; r++) {
      user.run(`bench-user-${r}`, `Reviewer ${r}`, `r${r}@bench.test`, now, now);
      member.run(projectId, `bench-user-${r}`, now);
    }
    // The change below goes through the annotator's use case; the reviewers above are at the per-project span
    // limit (lib/schemas/limits.ts), so a fifth member, with no spans yet, makes it.
    user.run("bench-editor", "Editor", "editor@bench.test", now, now);
    member.run(projectId, "bench-editor", now);
    sql
      .prepare(
        `INSERT INTO Question (id, projectId, prompt, kind, options, "order", createdAt) VALUES ('bench-q', ?, 'Slant', 'ordinal', '["critical","neutral","supportive"]', 0, ?)`,
      )
      .run(projectId, now);
    const article = sql.prepare(
      `INSERT INTO Article (id, projectId, title, source, text, textHash, length, position, createdAt, updatedAt) VALUES (?, ?, ?, 'Bench', ?, ?, ?, ?, ?, ?)`,
    );
    const annotation = sql.prepare(
      `INSERT INTO Annotation (id, articleId, userId, labelId, start, "end", quote, note, version, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?, ?, ?, '', 1, ?, ?)`,
    );
    const status = sql.prepare(
      `INSERT INTO ArticleStatus (articleId, userId, status, updatedAt) VALUES (?, ?, 'done', ?)`,
    );
    const answer = sql.prepare(
      `INSERT INTO Answer (id, questionId, articleId, userId, value, updatedAt) VALUES (?, 'bench-q', ?, ?, ?, ?)`,
    );
    let n = 0;
    for (let a = 0; a < ARTICLES; a++) {
      const text = makeText();
      const articleId = `bench-article-${String(a).padStart(6, "0")}`;
      article.run(articleId, projectId, `Article ${a}`, text, `hash-${a}`, text.length, a, now, now);
      const reference = Array.from({ length: 30 }, () => {
        const len = int(5, 200);
        const start = int(0, CHARS - len);
        return { label: int(0, LABELS - 1), start, end: start + len };
      });
      const slant = int(0, 2);
      for (let r = 0; r < REVIEWERS; r++) {
        const userId = `bench-user-${r}`;
        status.run(articleId, userId, now);
        answer.run(
          `bench-answer-${a}-${r}`,
          articleId,
          userId,
          ["critical", "neutral", "supportive"][rand() < 0.7 ? slant : int(0, 2)]!,
          now,
        );
        const seen = new Set<string>();
        const add = (labelIndex: number, start: number, end: number) => {
          const key = `${labelIndex}:${start}:${end}`;
          if (seen.has(key)) return false; // the unique (article, user, label, start, end) index
          seen.add(key);
          annotation.run(
            `bench-span-${n++}`,
            articleId,
            userId,
            `bench-label-${labelIndex}`,
            start,
            end,
            text.slice(start, end),
            now,
            now,
          );
          return true;
        };
        let made = 0;
        for (const ref of reference) {
          if (made >= SPANS || rand() >= 0.8) continue;
          const start = Math.max(0, Math.min(CHARS - 1, ref.start + int(-6, 6)));
          const end = Math.max(start + 1, Math.min(CHARS, ref.end + int(-6, 6)));
          if (add(rand() < 0.1 ? int(0, LABELS - 1) : ref.label, start, end)) made++;
        }
        while (made < SPANS) {
          const len = int(5, 200);
          const start = int(0, CHARS - len);
          if (add(int(0, LABELS - 1), start, start + len)) made++;
        }
      }
    }
  })();
  sql.close();
  return projectId;
}

/** The restarted process: the dashboard's first call, timed, with the stored partials. */
async function restarted(spec: { file: string; projectId: string; out: string }): Promise<void> {
  process.env.DATABASE_URL = `file:${spec.file}`;
  const { computeProjectAgreement } = await import("../lib/server/agreement/compute-project-agreement");
  const { db } = await import("../lib/server/db");
  const admin = { id: "bench-admin", role: "admin" as const, name: "bench", email: "bench@localhost" };
  await db.project.count(); // open the connection outside the timings
  const rss0 = process.memoryUsage().rss;
  const cpu0 = process.cpuUsage();
  const t = performance.now();
  const cold = await computeProjectAgreement(admin, spec.projectId);
  const coldMs = performance.now() - t;
  const cpu = process.cpuUsage(cpu0);
  console.log(
    `cold     ${coldMs.toFixed(0)} ms wall, ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms process CPU (figures ${cold.computeMs.toFixed(0)} ms: load ${cold.timings.load.toFixed(0)}, spans ${cold.timings.spans.toFixed(0)}, questions ${cold.timings.items.toFixed(0)}; a fresh process, partials stored), RSS ${(rss0 / 1048576).toFixed(0)} -> ${(process.memoryUsage().rss / 1048576).toFixed(0)} MB`,
  );
  metric({
    name: `agreement dashboard cold, ${ARTICLES * REVIEWERS * SPANS} spans`,
    value: Math.round(coldMs),
    unit: "ms",
    target: 1000,
    better: "lower",
    note: "first call in a restarted process: stored partials pooled + questions + names",
  });
  writeFileSync(spec.out, JSON.stringify(cold));
  await db.$disconnect();
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), "framewise-agreement-bench-"));
  try {
    const template = path.join(dir, "template.db");
    const { deploy } = await import("../scripts/db");
    deploy(`file:${template}`, true);
    const file = path.join(dir, "bench.db");
    copyFileSync(template, file);
    let t = performance.now();
    const projectId = generate(file);
    console.log(
      `data: ${ARTICLES} articles x ${CHARS} code points x ${REVIEWERS} reviewers x ${SPANS} spans = ${ARTICLES * REVIEWERS * SPANS} spans, ${ARTICLES * REVIEWERS} answers (seeded in ${((performance.now() - t) / 1000).toFixed(1)} s)`,
    );

    process.env.DATABASE_URL = `file:${file}`;
    const { computeProjectAgreement } = await import("../lib/server/agreement/compute-project-agreement");
    const { createAnnotation } = await import("../lib/server/annotations/create-annotation");
    const { db } = await import("../lib/server/db");
    const admin = { id: "bench-admin", role: "admin" as const, name: "bench", email: "bench@localhost" };
    await db.project.count(); // open the connection outside the timings

    const rss0 = process.memoryUsage().rss;
    const cpu0 = process.cpuUsage();
    t = performance.now();
    const first = await computeProjectAgreement(admin, projectId);
    const firstMs = performance.now() - t;
    const cpu = process.cpuUsage(cpu0);
    const firstCpuMs = (cpu.user + cpu.system) / 1000;
    const rssFirst = process.memoryUsage().rss;

    // A restart: a fresh process (cold JIT, nothing in memory) over the same database, whose stored
    // per-article partials are those of the current revisions.
    const restart = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url)], {
      env: { ...process.env, BENCH_RESTART: JSON.stringify({ file, projectId, out: path.join(dir, "cold.json") }) },
      stdio: ["ignore", "inherit", "inherit"],
    });
    if (restart.status !== 0) throw new Error(`the restarted process failed (${restart.status})`);
    const cold = JSON.parse(readFileSync(path.join(dir, "cold.json"), "utf8")) as typeof first;
    for (const key of ["corpus", "perLabel", "perPair", "documents", "questions", "primaryFrame"] as const)
      if (JSON.stringify(cold[key]) !== JSON.stringify(first[key]))
        throw new Error(`the restarted process's ${key} differ from the first computation's`);

    const warm: number[] = [];
    for (let i = 0; i < 5; i++) {
      t = performance.now();
      const r = await computeProjectAgreement(admin, projectId);
      warm.push(performance.now() - t);
      if (!r.cached) throw new Error("expected a cache hit");
    }
    warm.sort((a, b) => a - b);
    const warmMs = warm[2]!;

    // What the dashboard page does after a change: wait up to 1.5 s for the new revision, else show
    // the previous figures marked stale; then the time until the fresh figures are cached.
    const reviewer = { id: "bench-editor", role: "reviewer" as const, name: "Editor", email: "editor@bench.test" };
    const changedArticle = await db.article.findFirstOrThrow({
      where: { projectId },
      orderBy: { position: "asc" },
      select: { id: true, text: true },
    });
    await createAnnotation(reviewer, {
      articleId: changedArticle.id,
      labelId: "bench-label-0",
      start: 1,
      end: 4,
      quote: changedArticle.text.slice(1, 4),
    });
    const cpu1 = process.cpuUsage();
    t = performance.now();
    const page = await computeProjectAgreement(admin, projectId, { maxWaitMs: 1500 });
    const pageMs = performance.now() - t;
    const changed = await computeProjectAgreement(admin, projectId);
    const changedMs = performance.now() - t;
    const cpuChanged = process.cpuUsage(cpu1);
    const changedCpuMs = (cpuChanged.user + cpuChanged.system) / 1000;
    if (page.cached && !page.stale) throw new Error("expected a recompute after the revision changed");
    if (changed.revision !== cold.revision + 1 || changed.stale) throw new Error("expected the fresh revision");
    if (changed.corpus.spans !== cold.corpus.spans + 1) throw new Error("expected the new span in the figures");
    const c = cold.corpus;
    const f = (x: number | null) => (x === null ? "undefined" : x.toFixed(4));
    console.log(
      [
        `first    ${firstMs.toFixed(0)} ms wall, ${firstCpuMs.toFixed(0)} ms process CPU (figures ${first.computeMs.toFixed(0)} ms: load ${first.timings.load.toFixed(0)}, spans ${first.timings.spans.toFixed(0)}, questions ${first.timings.items.toFixed(0)}; builds and stores every partial), RSS ${(rss0 / 1048576).toFixed(0)} -> ${(rssFirst / 1048576).toFixed(0)} MB`,
        `warm     ${warmMs.toFixed(1)} ms median of 5 (${warm.map((x) => x.toFixed(1)).join(", ")})`,
        `changed  page answered in ${pageMs.toFixed(0)} ms (${page.stale ? `previous revision, marked stale` : "fresh figures"}); fresh figures after ${changedMs.toFixed(0)} ms, ${changedCpuMs.toFixed(0)} ms process CPU (load ${changed.timings.load.toFixed(0)}, spans ${changed.timings.spans.toFixed(0)}, questions ${changed.timings.items.toFixed(0)})`,
        `corpus: ${c.documentsCompared} articles compared, ${c.raters} raters, ${c.spans} spans; u-alpha ${f(c.unitizingAlpha.value)}, token alpha ${f(c.token.alpha.value)}, overlap F1 ${f(c.overlapF1.micro.f1)}; ${cold.documents.length} articles ranked; question alpha ${f(cold.questions[0]?.report.coefficients.find((x) => x.name === "krippendorffAlpha" && x.level === "ordinal")?.value ?? null)}`,
      ].join("\n"),
    );
    const size = `${ARTICLES * REVIEWERS * SPANS} spans`;
    metric({
      name: `agreement dashboard first computation, ${size}`,
      value: Math.round(firstMs),
      unit: "ms",
      target: 2000,
      better: "lower",
      note: "nothing stored: load from SQLite + all coefficients + storing the partials",
    });
    metric({
      name: `agreement dashboard warm, ${size}`,
      value: Number(warmMs.toFixed(1)),
      unit: "ms",
      target: 2000,
      better: "lower",
      note: "cache hit keyed by Project.annotationRevision",
    });
    metric({
      name: `agreement dashboard page after a change, ${size}`,
      value: Math.round(pageMs),
      unit: "ms",
      target: 2000,
      better: "lower",
      note: page.stale ? "previous figures marked stale, page refreshes itself" : "fresh figures",
    });
    metric({
      name: `agreement recompute after a change, ${size}`,
      value: Math.round(changedMs),
      unit: "ms",
      note: "until fresh figures are cached",
    });
    await db.$disconnect();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (process.env.BENCH_RESTART) await restarted(JSON.parse(process.env.BENCH_RESTART));
  else await main();
}
