/**
 * The queue page's data (lib/server/articles/list-queue.ts) for an annotator with 5,000 assigned articles
 * (issue 11's benchmark), in process on a fresh migrated SQLite file filled with better-sqlite3:
 * QUEUE_ARTICLES (20,000) articles, 4 annotators in overlap mode with k = 1 (5,000 each); the measured
 * annotator has 1,000 articles done and 500 in progress with 3 spans each. Median of 9 after a warm-up.
 * Target: under 300 ms server time.
 *
 *   npm run bench -- queue
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { report } from "./lib/report";
import { seedStudy } from "./lib/study-fixture";

const ARTICLES = Number(process.env.QUEUE_ARTICLES ?? 20_000);
const ANNOTATORS = 4;

function addWork(file: string, fixture: ReturnType<typeof seedStudy>): void {
  const sql = new Database(file);
  const now = new Date("2026-11-02T12:00:00.000Z").toISOString().replace("Z", "+00:00");
  sql.transaction(() => {
    sql
      .prepare(`INSERT INTO "LabelGroup" ("id","projectId","name","order") VALUES ('bench-group', ?, 'Framing', 0)`)
      .run(fixture.projectId);
    sql
      .prepare(
        `INSERT INTO "Label" ("id","projectId","groupId","name","definition","guideline","colour","order","createdAt","updatedAt") VALUES ('bench-label', ?, 'bench-group', 'Frame', '', '', '#1f77b4', 0, ?, ?)`,
      )
      .run(fixture.projectId, now, now);
    const assign = sql.prepare(
      `INSERT INTO "Assignment" ("id","projectId","roundId","articleId","userId","slot","status","createdAt") VALUES (?,?,?,?,?,0,'assigned',?)`,
    );
    for (const [i, articleId] of fixture.articleIds.entries())
      assign.run(
        `bench-as-${i}`,
        fixture.projectId,
        fixture.roundId,
        articleId,
        fixture.annotatorIds[i % ANNOTATORS],
        now,
      );
    const status = sql.prepare(
      `INSERT INTO "ArticleStatus" ("articleId","userId","status","updatedAt") VALUES (?,?,?,?)`,
    );
    const span = sql.prepare(
      `INSERT INTO "Annotation" ("id","articleId","userId","labelId","start","end","quote","note","version","createdAt","updatedAt") VALUES (?,?,?,'bench-label',?,?,?,'',1,?,?)`,
    );
    const me = fixture.annotatorIds[0]!;
    const mine = fixture.articleIds.filter((_, i) => i % ANNOTATORS === 0);
    for (const [j, articleId] of mine.slice(0, 1500).entries()) {
      status.run(articleId, me, j < 1000 ? "done" : "in_progress", now);
      if (j >= 1000)
        for (let s = 0; s < 3; s++)
          span.run(`bench-span-${j}-${s}`, articleId, me, s * 10, s * 10 + 7, "Article".slice(0, 7), now, now);
    }
  })();
  sql.close();
}

const dir = mkdtempSync(path.join(tmpdir(), "framewise-queue-"));
try {
  const file = path.join(dir, "bench.db");
  const { deploy } = await import("../scripts/db");
  deploy(`file:${file}`, true);
  const fixture = seedStudy(file, { articles: ARTICLES, annotators: ANNOTATORS, mode: "overlap" });
  addWork(file, fixture);
  process.env.DATABASE_URL = `file:${file}`;
  const { listQueue } = await import("../lib/server/articles/list-queue");
  const { db } = await import("../lib/server/db");
  const actor = {
    id: fixture.annotatorIds[0]!,
    role: "reviewer" as const,
    name: "Annotator 0",
    email: "a0@bench.test",
  };
  const first = await listQueue(actor, fixture.projectId);
  const times: number[] = [];
  for (let i = 0; i < 9; i++) {
    const t0 = performance.now();
    await listQueue(actor, fixture.projectId);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const median = times[4]!;
  const bytes = Buffer.byteLength(JSON.stringify(first));
  console.log(
    `listQueue, annotator with ${first.progress.total} assigned of ${ARTICLES} articles: ${first.items.length} items, ${(bytes / 1024).toFixed(0)} KiB; runs ${times.map((t) => t.toFixed(0)).join(", ")} ms`,
  );
  report({
    name: `queue page data, ${first.progress.total} assigned articles (median of 9)`,
    value: median,
    unit: "ms",
    target: 300,
    better: "lower",
    note: `${first.items.length} items, ${(bytes / 1024).toFixed(0)} KiB`,
  });
  await db.$disconnect();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
