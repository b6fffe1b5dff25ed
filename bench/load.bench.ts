/**
 * Load test (issue "Teams at scale"): LOAD_REVIEWERS (100) concurrent reviewers create, edit (with
 * the version they last saw: optimistic concurrency) and delete their spans through the JSON API of
 * the built app (`next start`) for LOAD_SECONDS (60) seconds, first on SQLite, then on PostgreSQL
 * (LOAD_DBS=sqlite,postgresql). Every answered write goes into a ledger; afterwards the database
 * must hold exactly the acknowledged writes: count and content of every span, no duplicates,
 * nothing deleted back, no lost update (10% of edits are two simultaneous edits of one span with
 * the same version: exactly one must win, the other gets 409). Also counted: 5xx answers and
 * "database is locked" in the server log (both must be 0).
 *
 *   npm run bench -- load          LOAD_SECONDS=10 npm run bench -- load
 *
 * The first LOAD_WARMUP (3) seconds write into the ledger but are not timed.
 * Load generator and server share the machine's cores on loopback, so latencies include queueing
 * behind the generator itself. One article per 5 reviewers, 5,000 code points each.
 */
import { loadavg } from "node:os";
import { closeAgents, ensureBuilt, makeFixture, signInAll, startApp } from "../scripts/harness/app";
import { freePort } from "../scripts/pg-cluster";
import { readSpans, verify } from "../scripts/harness/verify";
import { runWorkload, summarise } from "../scripts/harness/workload";
import { type Dialect, freshDb } from "../scripts/harness/databases";
import { report } from "./lib/report";

const SECONDS = Number(process.env.LOAD_SECONDS ?? 60);
const REVIEWERS = Number(process.env.LOAD_REVIEWERS ?? 100);
const WARMUP = Number(process.env.LOAD_WARMUP ?? 3);
const DBS = (process.env.LOAD_DBS ?? "sqlite,postgresql").split(",") as Dialect[];
const f1 = (x: number) => x.toFixed(1).padStart(8);

ensureBuilt();
let failed = false;
for (const dialect of DBS) {
  const db = await freshDb(dialect);
  const port = Number(process.env.BENCH_PORT ?? (await freePort()));
  const app = await startApp(port, db.url);
  try {
    const fixture = makeFixture(db.url, {
      reviewers: REVIEWERS,
      articles: Math.max(1, Math.ceil(REVIEWERS / 5)),
      articleChars: 5000,
    });
    const cookies = await signInAll(app.url, fixture);
    console.log(`\n${dialect}: ${REVIEWERS} reviewers signed in; running ${SECONDS} s of create/edit/delete ...`);
    const cpu0 = app.cpuSeconds();
    const w = await runWorkload({ base: app.url, fixture, cookies, seconds: SECONDS, warmup: WARMUP });
    const cpu = app.cpuSeconds() - cpu0;
    await app.stop();
    const rows = await readSpans(db.url, fixture.projectId);
    const v = verify(rows, w, new Map(fixture.articles.map((a) => [a.id, Array.from(a.text)])));
    const locked = (app.log().match(/database is locked|SQLITE_BUSY/g) ?? []).length;
    const all = [...w.ops.create.latencies, ...w.ops.edit.latencies, ...w.ops.delete.latencies];
    const total = summarise(all, w.seconds);
    console.log(
      `${"op".padEnd(8)} ${"count".padStart(8)} ${"req/s".padStart(8)} ${"p50 ms".padStart(8)} ${"p95 ms".padStart(8)} ${"p99 ms".padStart(8)} ${"max ms".padStart(8)}  ok/409/4xx/5xx/net`,
    );
    for (const [name, s] of [...Object.entries(w.ops), ["all", null]] as const) {
      const sum = s ? summarise(s.latencies, w.seconds) : total;
      const counts = s ? `${s.ok}/${s.conflict}/${s.clientError}/${s.serverError}/${s.networkError}` : "";
      console.log(
        `${name.padEnd(8)} ${String(sum.count).padStart(8)} ${f1(sum.perSecond)} ${f1(sum.p50)} ${f1(sum.p95)} ${f1(sum.p99)} ${f1(sum.max)}  ${counts}`,
      );
      report({
        name: `${dialect} ${name} p95`,
        value: sum.p95,
        unit: "ms",
        note: `p50 ${sum.p50.toFixed(1)}, p99 ${sum.p99.toFixed(1)}, ${sum.perSecond.toFixed(0)} req/s`,
      });
    }
    const fiveXX = w.ops.create.serverError + w.ops.edit.serverError + w.ops.delete.serverError;
    console.log(
      `races (two edits, same version): ${w.races.total}, one winner ${w.races.oneWinner}, both won ${w.races.bothWon}, none ${w.races.noneWon}\n` +
        `database: ${v.rows} spans, ${v.expected} expected live; missing ${v.missing.length}, wrong content ${v.wrongContent.length}, deleted-but-present ${v.resurrected.length}, unexpected ${v.unexpected}, duplicates ${v.duplicates}, bad quotes ${v.badQuotes}\n` +
        `5xx answers ${fiveXX}, "database is locked" in server log ${locked}`,
    );
    if (w.samples.length) console.log(`sample non-2xx answers:\n  ${w.samples.slice(0, 5).join("\n  ")}`);
    const serverErrors = app
      .log()
      .split("\n")
      .filter((l) => /error|P20\d\d|timed out/i.test(l));
    if (serverErrors.length) console.log(`server log, first error lines:\n  ${serverErrors.slice(0, 8).join("\n  ")}`);
    const requests = Object.values(w.ops).reduce((n, x) => n + x.ok + x.conflict + x.clientError + x.serverError, 0);
    console.log(
      `app server CPU: ${((cpu * 1000) / requests).toFixed(1)} ms per request (${cpu.toFixed(1)} s for ${requests} requests incl. warm-up); load average ${loadavg()
        .map((x) => x.toFixed(1))
        .join(" ")}`,
    );
    report({
      name: `${dialect} app CPU per request`,
      value: (cpu * 1000) / requests,
      unit: "ms",
      note: "user+system of the next start processes",
    });
    report({
      name: `${dialect} throughput`,
      value: total.perSecond,
      unit: "req/s",
      note: `${total.count} requests in ${w.seconds.toFixed(0)} s, ${REVIEWERS} reviewers`,
    });
    report({
      name: `${dialect} DB = acknowledged writes`,
      value: v.ok ? 1 : 0,
      unit: "bool",
      target: 1,
      better: "higher",
      note: `${v.rows} rows; missing ${v.missing.length}, wrong ${v.wrongContent.length}, unexpected ${v.unexpected}, dup ${v.duplicates}`,
    });
    report({
      name: `${dialect} lost updates (both racers won)`,
      value: w.races.bothWon,
      unit: "count",
      target: 0.5,
      better: "lower",
      note: `${w.races.total} races`,
    });
    report({
      name: `${dialect} 5xx + "database is locked"`,
      value: fiveXX + locked,
      unit: "count",
      target: 0.5,
      better: "lower",
    });
    if (!v.ok || w.races.bothWon > 0 || fiveXX + locked > 0) failed = true;
  } finally {
    await app.kill();
    closeAgents();
    db.dispose();
  }
}
if (failed) process.exitCode = 1;
