/**
 * Fixed-overlap assignment at study scale (issue 11's benchmark): 100,000 articles, 500 annotators, k = 3.
 *   pure     balanceAssignment (lib/domain/assignment) alone, median of 5 after a warm-up;
 *   database assignOverlap (lib/server/assignment/assign-overlap.ts) as an admin on a fresh migrated
 *            SQLite file filled with better-sqlite3: read the round, annotators and articles, balance,
 *            write 300,000 assignments and the revision bumps, in one transaction; one run.
 * Target: under 2 s. Sizes: ASSIGN_ARTICLES, ASSIGN_ANNOTATORS, ASSIGN_K.
 *
 *   npm run bench -- assignment
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { balanceAssignment } from "../lib/domain/assignment";
import { report } from "./lib/report";
import { seedStudy } from "./lib/study-fixture";

const ARTICLES = Number(process.env.ASSIGN_ARTICLES ?? 100_000);
const ANNOTATORS = Number(process.env.ASSIGN_ANNOTATORS ?? 500);
const K = Number(process.env.ASSIGN_K ?? 3);
const size = `${ARTICLES.toLocaleString("en")} articles × ${ANNOTATORS} annotators, k = ${K}`;

function pure(): void {
  const articles = Array.from({ length: ARTICLES }, (_, i) => `a${i}`);
  const annotators = Array.from({ length: ANNOTATORS }, (_, i) => `u${i}`);
  const run = () => balanceAssignment({ articles, annotators, k: K, seed: 1 });
  const first = run();
  const loads = new Map<string, number>();
  for (const p of first.pairs) loads.set(p.annotator, (loads.get(p.annotator) ?? 0) + 1);
  const spread = Math.max(...loads.values()) - Math.min(...loads.values());
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    run();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  console.log(
    `pure balancing, ${size}: ${first.pairs.length} pairs, load spread ${spread}; runs ${times.map((t) => t.toFixed(0)).join(", ")} ms`,
  );
  report({
    name: `balancing, ${size} (median of 5)`,
    value: times[2]!,
    unit: "ms",
    target: 2000,
    better: "lower",
    note: `load spread ${spread}`,
  });
}

/**
 * A study extended mid-way: half of the design above started (every other pair), then 10 % more articles
 * and 10 % more annotators. The newcomers cannot join the started places, so the greedy fill leaves
 * loads apart and the rebalancing chains even them out.
 */
function extension(): void {
  const articles = Array.from({ length: ARTICLES }, (_, i) => `a${i}`);
  const annotators = Array.from({ length: ANNOTATORS }, (_, i) => `u${i}`);
  const fixed = balanceAssignment({ articles, annotators, k: K, seed: 1 }).pairs.filter((_, i) => i % 2 === 0);
  const more = {
    articles: [...articles, ...Array.from({ length: Math.ceil(ARTICLES / 10) }, (_, i) => `b${i}`)],
    annotators: [...annotators, ...Array.from({ length: Math.ceil(ANNOTATORS / 10) }, (_, i) => `v${i}`)],
  };
  const run = () => balanceAssignment({ ...more, k: K, seed: 1, fixed });
  const result = run();
  const loads = new Map(more.annotators.map((a) => [a, 0]));
  for (const p of result.pairs) loads.set(p.annotator, loads.get(p.annotator)! + 1);
  const spread = Math.max(...loads.values()) - Math.min(...loads.values());
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    run();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const label = `extension of half-started ${size} by 10 % articles and annotators`;
  console.log(`${label}: load spread ${spread}; runs ${times.map((t) => t.toFixed(0)).join(", ")} ms`);
  report({
    name: `${label} (median of 5)`,
    value: times[2]!,
    unit: "ms",
    target: 2000,
    better: "lower",
    note: `load spread ${spread}`,
  });
}

async function database(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), "framewise-assign-"));
  try {
    const file = path.join(dir, "bench.db");
    const { deploy } = await import("../scripts/db");
    deploy(`file:${file}`, true);
    const t0 = performance.now();
    const fixture = seedStudy(file, { articles: ARTICLES, annotators: ANNOTATORS });
    console.log(`fixture written in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    process.env.DATABASE_URL = `file:${file}`;
    const { assignOverlap } = await import("../lib/server/assignment/assign-overlap");
    const { db } = await import("../lib/server/db");
    const admin = { id: "bench-admin", role: "admin" as const, name: "Admin", email: "admin@bench.test" };
    const t1 = performance.now();
    const result = await assignOverlap(admin, { projectId: fixture.projectId, k: K, seed: 1 });
    const wall = performance.now() - t1;
    const stored = await db.assignment.count({ where: { projectId: fixture.projectId } });
    console.log(
      `assignOverlap on SQLite, ${size}: ${result.assigned} assigned, ${stored} stored, ${(wall / 1000).toFixed(2)} s`,
    );
    report({
      name: `assignOverlap on SQLite (read, balance, write), ${size}`,
      value: wall,
      unit: "ms",
      target: 2000,
      better: "lower",
      note: `${stored} rows stored`,
    });
    await db.$disconnect();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

pure();
extension();
if (process.env.ASSIGN_SKIP_DB !== "1") await database();
