/**
 * The compare page under hostile and large data (issues "Hardening" item 1 and "Adjudication that
 * scales"), against the built app (`next start`) on a fresh SQLite file:
 *   - hostile: one reviewer with COMPARE_HOSTILE_SPANS (5,000) spans on a 5,000-code-point article,
 *     each covering (nearly) the whole text with a 2,000-character note; the admin's compare page.
 *     Targets: response < 2 MB, server RSS growth < 200 MB, < 2 s.
 *   - large: a 50,000-code-point article, 4 reviewers x 400 spans; the admin's compare page, median
 *     of 5 after a warm-up. Targets: server time < 300 ms, response < 1 MB; and in Chromium, navigation
 *     start to a hydrated candidate list, median of 5 loads after a warm one: < 1 s.
 * Spans are written straight into the database (the quotas would refuse them through the API).
 * The server's heap is capped (COMPARE_HEAP_MB, 1536) so an unbounded page fails fast instead of
 * taking the shared machine down; a failed request is reported as a missing figure.
 *
 *   npm run bench -- compare
 */
import { chromium } from "@playwright/test";
import { randomUUID } from "node:crypto";
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import Database from "better-sqlite3";
import { closeAgents, ensureBuilt, makeFixture, request, signIn, startApp } from "../scripts/harness/app";
import { BROWSER_LAUNCH } from "../scripts/harness/browser";
import { freshDb } from "../scripts/harness/databases";
import { mulberry32 } from "../lib/domain/random";
import { freePort } from "../scripts/pg-cluster";
import { report } from "./lib/report";

const HOSTILE_SPANS = Number(process.env.COMPARE_HOSTILE_SPANS ?? 5000);
const HEAP_MB = Number(process.env.COMPARE_HEAP_MB ?? 1536);

/** Resident memory of the server's whole process group, in MB (next start may fork workers). */
function groupRssMb(pgid: number): number {
  let kb = 0;
  for (const pid of readdirSync("/proc")) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      if (Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]) !== pgid) continue;
      kb += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
    } catch {
      /* exited meanwhile */
    }
  }
  return kb / 1024;
}

type Sqlite = InstanceType<typeof Database>;

function insertSpans(
  sqlite: Sqlite,
  rows: {
    articleId: string;
    userId: string;
    labelId: string;
    start: number;
    end: number;
    quote: string;
    note: string;
  }[],
): void {
  const now = new Date().toISOString().replace("Z", "+00:00"); // as Prisma stores DateTime in SQLite
  const insert = sqlite.prepare(
    `INSERT INTO "Annotation" ("id","articleId","userId","labelId","start","end","quote","note","version","createdAt","updatedAt") VALUES (?,?,?,?,?,?,?,?,1,?,?)`,
  );
  const status = sqlite.prepare(
    `INSERT OR IGNORE INTO "ArticleStatus" ("articleId","userId","status","updatedAt") VALUES (?,?,'in_progress',?)`,
  );
  sqlite.transaction(() => {
    for (const r of rows) {
      insert.run(randomUUID(), r.articleId, r.userId, r.labelId, r.start, r.end, r.quote, r.note, now, now);
      status.run(r.articleId, r.userId, now);
    }
  })();
}

ensureBuilt();
const db = await freshDb("sqlite");
// Two projects: A (hostile: 1 reviewer + the account made admin), B (4 reviewers, a 50,000-code-point article).
const a = makeFixture(db.url, { reviewers: 2, articles: 1, articleChars: 5000, seed: 11 });
const b = makeFixture(db.url, { reviewers: 4, articles: 1, articleChars: 50_000, seed: 12 });
const sqlite = new Database(db.url.slice("file:".length));
const admin = a.reviewers[1]!;
sqlite.prepare(`UPDATE "User" SET "role" = 'admin' WHERE "id" = ?`).run(admin.id);

const rand = mulberry32(20261201);
{
  const cps = Array.from(a.articles[0]!.text);
  const note = "n".repeat(2000);
  const rows = [];
  // Whole-text spans: start 0..k, end n-k..n, over every label, until HOSTILE_SPANS distinct ones.
  for (let i = 0; rows.length < HOSTILE_SPANS; i++) {
    const labelId = a.labelIds[i % a.labelIds.length]!;
    const k = Math.floor(i / a.labelIds.length);
    const start = k % 40;
    const end = cps.length - Math.floor(k / 40);
    rows.push({
      articleId: a.articles[0]!.id,
      userId: a.reviewers[0]!.id,
      labelId,
      start,
      end,
      quote: cps.slice(start, end).join(""),
      note,
    });
  }
  insertSpans(sqlite, rows);
}
{
  const cps = Array.from(b.articles[0]!.text);
  const rows = [];
  for (const r of b.reviewers) {
    const seen = new Set<string>();
    while (seen.size < 400) {
      const start = Math.floor(rand() * (cps.length - 200));
      const end = start + 3 + Math.floor(rand() * 150);
      const labelId = b.labelIds[Math.floor(rand() * b.labelIds.length)]!;
      const key = `${labelId}:${start}:${end}`;
      if (seen.has(key)) continue;
      seen.add(key);
      rows.push({
        articleId: b.articles[0]!.id,
        userId: r.id,
        labelId,
        start,
        end,
        quote: cps.slice(start, end).join(""),
        note: rand() < 0.3 ? "a short note on why" : "",
      });
    }
  }
  insertSpans(sqlite, rows);
}
sqlite.close();

const app = await startApp(Number(process.env.BENCH_PORT ?? (await freePort())), db.url, {
  NODE_OPTIONS: `--max-old-space-size=${HEAP_MB}`,
});
try {
  const cookie = await signIn(app.url, admin.email, a.password, "10.78.0.1");
  const get = async (path: string) => {
    const t0 = performance.now();
    const r = await request(app.url, "GET", path, undefined, { cookie });
    // COMPARE_DUMP=dir keeps the pages, to see what their bytes are made of.
    if (process.env.COMPARE_DUMP) writeFileSync(`${process.env.COMPARE_DUMP}/${path.split("/")[3]}.html`, r.body);
    return { status: r.status, bytes: Buffer.byteLength(r.body), ms: performance.now() - t0 };
  };
  // The large case first (it also warms the route's code), then the hostile one, which may take the server down.
  await get(`/admin/articles/${b.articles[0]!.id}/compare`);
  const runs = [];
  for (let i = 0; i < 5; i++) runs.push(await get(`/admin/articles/${b.articles[0]!.id}/compare`));
  const times = runs.map((r) => r.ms).sort((x, y) => x - y);
  const median = times[2]!;
  console.log(
    `large: 50,000 code points, 4 reviewers x 400 spans: HTTP ${runs[0]!.status}, ${(runs[0]!.bytes / 1e6).toFixed(2)} MB, median ${median.toFixed(0)} ms (${times.map((t) => t.toFixed(0)).join(", ")})`,
  );
  report({
    name: "compare 50k/4x400: server time (median of 5)",
    value: runs.every((r) => r.status === 200) ? median : null,
    unit: "ms",
    target: 300,
    better: "lower",
  });
  report({
    name: "compare 50k/4x400: response size",
    value: runs[0]!.status === 200 ? runs[0]!.bytes / 1e6 : null,
    unit: "MB",
    target: 1,
    better: "lower",
  });

  // In Chromium: from navigation start until React has hydrated the candidate list (its elements carry
  // React's props, so their handlers, j/k/a/r/e included, answer), median of 5 fresh loads after a warm one.
  const browser = await chromium.launch(BROWSER_LAUNCH);
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const [name, value] = cookie
      .split("; ")
      .find((c) => c.includes("session_token"))!
      .split(/=(.*)/s);
    await context.addCookies([{ name: name!, value: value!, url: app.url }]);
    const url = `${app.url}/admin/articles/${b.articles[0]!.id}/compare`;
    const interactive: number[] = [];
    for (let i = 0; i < 6; i++) {
      const page = await context.newPage();
      await page.goto(url, { waitUntil: "commit" });
      // Polled from here every 10 ms: the page's performance clock when a hydrated candidate is first seen.
      let at: number | null = null;
      const deadline = Date.now() + 30_000;
      while (at === null && Date.now() < deadline) {
        at = await page.evaluate(() => {
          const el = document.querySelector('[data-testid="candidate"]');
          return el && Object.keys(el).some((k) => k.startsWith("__reactProps")) ? performance.now() : null;
        });
        if (at === null) await new Promise((r) => setTimeout(r, 10));
      }
      if (at === null) throw new Error("the compare page was not interactive after 30 s");
      if (i > 0) interactive.push(at); // the first load warms the browser's cache of the app's scripts
      await page.close();
    }
    interactive.sort((x, y) => x - y);
    console.log(`large in Chromium: interactive ${interactive.map((t) => t.toFixed(0)).join(", ")} ms`);
    report({
      name: "compare 50k/4x400: Chromium load to interactive (median of 5)",
      value: interactive[2]!,
      unit: "ms",
      target: 1000,
      better: "lower",
    });
  } finally {
    await browser.close();
  }

  const t0 = performance.now();
  const baseline = groupRssMb(app.proc.pid!);
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, groupRssMb(app.proc.pid!))), 20);
  let hostile: Awaited<ReturnType<typeof get>> | null = null;
  try {
    hostile = await get(`/admin/articles/${a.articles[0]!.id}/compare`);
  } catch (e) {
    console.log(`hostile compare page failed after ${(performance.now() - t0).toFixed(0)} ms: ${String(e)}`);
  }
  clearInterval(sampler);
  peak = Math.max(peak, groupRssMb(app.proc.pid!));
  const ok = hostile?.status === 200;
  console.log(
    `hostile: ${HOSTILE_SPANS} whole-text spans with 2,000-character notes on 5,000 code points: ` +
      (hostile
        ? `HTTP ${hostile.status}, ${(hostile.bytes / 1e6).toFixed(2)} MB in ${hostile.ms.toFixed(0)} ms`
        : "no answer") +
      `; server RSS ${baseline.toFixed(0)} -> peak ${peak.toFixed(0)} MB (heap cap ${HEAP_MB} MB)`,
  );
  if (!ok && app.proc.exitCode !== null) console.log(`server exited:\n${app.log().slice(-2000)}`);
  report({
    name: "compare hostile: response size",
    value: ok ? hostile!.bytes / 1e6 : null,
    unit: "MB",
    target: 2,
    better: "lower",
  });
  report({
    name: "compare hostile: server RSS growth",
    value: peak - baseline,
    unit: "MB",
    target: 200,
    better: "lower",
    note: ok ? "" : "request failed",
  });
  report({
    name: "compare hostile: response time",
    value: ok ? hostile!.ms : null,
    unit: "ms",
    target: 2000,
    better: "lower",
  });
} finally {
  await app.kill();
  closeAgents();
  db.dispose();
}
