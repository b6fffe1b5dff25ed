/**
 * Benchmark for the dataset exports and the JSONL import (lib/server/dataset).
 *
 *   npx tsx --conditions=react-server bench/dataset.bench.ts [sizes]      e.g. 10000,100000,1000000 (default)
 *   node --expose-gc --conditions=react-server --import tsx bench/dataset.bench.ts ...   (GC between phases)
 *
 * Each size runs in its own child process (clean memory figures): a temporary SQLite file, migrated once
 * and copied, is filled directly with better-sqlite3 (prepared inserts in one transaction): one project,
 * 10 labels, 8 reviewers, one article per 500 spans (~3,000 code points of words with emoji and Arabic),
 * 500 spans per article (62-63 per reviewer) with quotes sliced by code point. Then, through the real use cases:
 *   1. exportSpansCsv to a file: time, rows/s, peak RSS (sampled every 20 ms);
 *   2. exportJsonl to a file: time;
 *   3. importJsonl of that file into an empty database (streamed from disk): time, peak RSS.
 * Targets (issue "The labelled dataset"): 1M spans CSV < 10 s with peak RSS < 300 MB; JSONL import of 1M < 30 s.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from "node:fs";
import { once } from "node:events";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { mulberry32 } from "../lib/domain/random";

const root = path.resolve(import.meta.dirname, "..");

const WORDS = [
  "the",
  "minister",
  "said",
  "talks",
  "would",
  "resume",
  "after",
  "a",
  "pause",
  "👍🏽",
  "تبادل",
  "المعلومات",
  "情報",
  "élan",
  "ceasefire",
  "—",
  "sources",
  "claim",
  '"quoted"',
  "reports,",
  "said.",
];
const SPANS_PER_ARTICLE = 500;
const REVIEWERS = 8;
const LABELS = 10;

function makeText(rand: () => number): string {
  const out: string[] = [];
  let length = 0;
  while (length < 3000) {
    const w = WORDS[Math.floor(rand() * WORDS.length)]!;
    out.push(w);
    length += Array.from(w).length + 1;
    if (rand() < 0.03) out.push("\n");
  }
  return out.join(" ").replace(/ \n /g, "\n");
}

/** Fills a migrated SQLite file with `spans` annotations; returns the project id. */
function generate(file: string, spans: number): string {
  const rand = mulberry32(20250601);
  const sql = new Database(file);
  sql.pragma("journal_mode = WAL");
  sql.pragma("synchronous = OFF");
  const now = new Date("2025-03-01T12:00:00.000Z").toISOString().replace("Z", "+00:00");
  const projectId = "bench-project";
  const tx = sql.transaction(() => {
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
    for (let r = 0; r < REVIEWERS; r++) user.run(`bench-user-${r}`, `Reviewer ${r}`, `r${r}@bench.test`, now, now);
    const article = sql.prepare(
      `INSERT INTO Article (id, projectId, title, source, text, textHash, length, position, createdAt, updatedAt) VALUES (?, ?, ?, 'Bench', ?, ?, ?, ?, ?, ?)`,
    );
    const annotation = sql.prepare(
      `INSERT INTO Annotation (id, articleId, userId, labelId, start, "end", quote, note, version, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?, ?, ?, '', 1, ?, ?)`,
    );
    const status = sql.prepare(
      `INSERT INTO ArticleStatus (articleId, userId, status, updatedAt) VALUES (?, ?, 'done', ?)`,
    );
    let made = 0;
    for (let a = 0; made < spans; a++) {
      const text = makeText(rand);
      const cps = Array.from(text);
      const articleId = `bench-article-${String(a).padStart(6, "0")}`;
      article.run(articleId, projectId, `Article ${a}`, text, `hash-${a}`, cps.length, a, now, now);
      for (let r = 0; r < REVIEWERS; r++) status.run(articleId, `bench-user-${r}`, now);
      for (let j = 0; j < SPANS_PER_ARTICLE && made < spans; j++, made++) {
        const r = j % REVIEWERS;
        const k = Math.floor(j / REVIEWERS);
        let start = (k * 43 + r * 7) % (cps.length - 60);
        while (/\s/.test(cps[start]!)) start++;
        let end = start + 4 + ((k * 7 + r) % 40);
        while (/\s/.test(cps[end - 1]!)) end--;
        annotation.run(
          `bench-span-${String(made).padStart(8, "0")}`,
          articleId,
          `bench-user-${r}`,
          `bench-label-${(k + r) % LABELS}`,
          start,
          end,
          cps.slice(start, end).join(""),
          now,
          now,
        );
      }
    }
  });
  tx();
  sql.close();
  return projectId;
}

type Sampler = { stop(): number };
function sampleRss(): Sampler {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage().rss);
    },
  };
}

/** User + system CPU seconds of this process since `since` (all threads, so it can exceed wall time). */
const cpuSeconds = (since: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1e6;
};
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;
const gc = () => (globalThis as { gc?: () => void }).gc?.();

async function writeAll(chunks: AsyncIterable<string>, file: string, sep: string): Promise<number> {
  const out = createWriteStream(file, { encoding: "utf8" });
  let lines = 0;
  for await (const chunk of chunks) {
    for (let i = chunk.indexOf(sep); i !== -1; i = chunk.indexOf(sep, i + 1)) lines++;
    if (!out.write(chunk)) await once(out, "drain");
  }
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
  return lines;
}

async function one(spans: number, template: string, dir: string): Promise<void> {
  const source = path.join(dir, `source-${spans}.db`);
  const target = path.join(dir, `target-${spans}.db`);
  copyFileSync(template, source);
  copyFileSync(template, target);
  let t = performance.now();
  const projectId = generate(source, spans);
  const genSeconds = (performance.now() - t) / 1000;

  process.env.DATABASE_URL = `file:${source}`;
  const { createDb } = await import("../lib/server/db");
  const { exportSpansCsv } = await import("../lib/server/dataset/export-spans-csv");
  const { exportJsonl } = await import("../lib/server/dataset/export-jsonl");
  const { importJsonl } = await import("../lib/server/dataset/import-jsonl");
  const g = globalThis as { framewiseDb?: ReturnType<typeof createDb> };
  const admin = { id: "bench-admin", role: "admin" as const, name: "bench", email: "bench@localhost" };

  gc();
  const baseline = process.memoryUsage().rss;
  let rss = sampleRss();
  let cpu = process.cpuUsage();
  t = performance.now();
  const csvFile = path.join(dir, `spans-${spans}.csv`);
  const rows = (await writeAll(exportSpansCsv(admin, { projectId }), csvFile, "\r\n")) - 1;
  const csvSeconds = (performance.now() - t) / 1000;
  const csvPeak = rss.stop();
  const csvCpu = cpuSeconds(cpu);

  gc();
  cpu = process.cpuUsage();
  t = performance.now();
  const jsonlFile = path.join(dir, `dataset-${spans}.jsonl`);
  await writeAll(exportJsonl(admin, { projectId }), jsonlFile, "\n");
  const jsonlSeconds = (performance.now() - t) / 1000;
  const jsonlCpu = cpuSeconds(cpu);

  await g.framewiseDb?.$disconnect();
  g.framewiseDb = createDb(`file:${target}`);
  gc();
  rss = sampleRss();
  cpu = process.cpuUsage();
  t = performance.now();
  const result = await importJsonl(admin, createReadStream(jsonlFile, { encoding: "utf8", highWaterMark: 1 << 20 }));
  const importSeconds = (performance.now() - t) / 1000;
  const importPeak = rss.stop();
  const importCpu = cpuSeconds(cpu);
  await g.framewiseDb?.$disconnect();

  const n = (x: number) => x.toLocaleString("en");
  console.log(
    [
      `spans ${n(spans)} (${n(Math.ceil(spans / SPANS_PER_ARTICLE))} articles): generated in ${genSeconds.toFixed(1)} s`,
      `  spans CSV   ${n(rows)} rows, ${mb(statSync(csvFile).size)} in ${csvSeconds.toFixed(2)} s (CPU ${csvCpu.toFixed(2)} s) = ${n(Math.round(rows / csvSeconds))} rows/s; RSS baseline ${mb(baseline)}, peak ${mb(csvPeak)}`,
      `  JSONL out   ${mb(statSync(jsonlFile).size)} in ${jsonlSeconds.toFixed(2)} s (CPU ${jsonlCpu.toFixed(2)} s)`,
      `  JSONL in    ${n(result.created.annotation ?? 0)} spans in ${importSeconds.toFixed(2)} s (CPU ${importCpu.toFixed(2)} s) = ${n(Math.round((result.created.annotation ?? 0) / importSeconds))} spans/s; peak RSS ${mb(importPeak)}`,
    ].join("\n"),
  );
  if (rows !== spans || result.created.annotation !== spans) throw new Error("row count mismatch");
}

const args = process.argv.slice(2);
if (args[0] === "--one") {
  await one(Number(args[1]), args[2]!, args[3]!);
} else {
  const sizes = (args[0] ?? "10000,100000,1000000").split(",").map(Number);
  const dir = mkdtempSync(path.join(tmpdir(), "framewise-bench-"));
  try {
    const template = path.join(dir, "template.db");
    const { deploy } = await import("../scripts/db");
    deploy(`file:${template}`, true);
    for (const size of sizes) {
      const r = spawnSync(
        process.execPath,
        [...process.execArgv, process.argv[1]!, "--one", String(size), template, dir],
        { stdio: "inherit", cwd: root },
      );
      if (r.status !== 0) process.exitCode = 1;
      for (const f of [`source-${size}.db`, `target-${size}.db`, `spans-${size}.csv`, `dataset-${size}.jsonl`])
        for (const s of ["", "-wal", "-shm"]) rmSync(path.join(dir, f + s), { force: true });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
