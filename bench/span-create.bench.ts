/**
 * Span creation round trip (issue "Annotation workbench"): SPAN_REVIEWERS (20) signed-in reviewers
 * create spans concurrently through the JSON API (POST /api/articles/:id/annotations, the same use
 * case as the server action) of the built app (`next start`) on a fresh SQLite file, in two runs of
 * SPAN_SECONDS (15) seconds, each after a 3 s warm-up:
 *   - paced: every reviewer creates a span on average every SPAN_THINK_MS (1000) ms (exponential
 *     pauses), i.e. 20 spans/s offered, far above what people labelling text produce;
 *   - saturated: every reviewer sends its next create as soon as the last one is answered, so the
 *     round trip is mostly queueing (about 20 x the server's time per request).
 * Reports p50/p95/p99 of the round trip measured by the load generator on loopback; target p95 < 50 ms.
 * Also the app server's CPU per request, which other load on the machine does not inflate.
 *
 *   npm run bench -- span-create
 */
import { loadavg } from "node:os";
import { closeAgents, ensureBuilt, makeFixture, signInAll, startApp } from "../scripts/harness/app";
import { freshDb } from "../scripts/harness/databases";
import { freePort } from "../scripts/pg-cluster";
import { runWorkload, summarise } from "../scripts/harness/workload";
import { report } from "./lib/report";

const REVIEWERS = Number(process.env.SPAN_REVIEWERS ?? 20);
const SECONDS = Number(process.env.SPAN_SECONDS ?? 15);
const THINK = Number(process.env.SPAN_THINK_MS ?? 1000);

ensureBuilt();
const db = await freshDb("sqlite");
const app = await startApp(Number(process.env.BENCH_PORT ?? (await freePort())), db.url);
try {
  const fixture = makeFixture(db.url, { reviewers: REVIEWERS, articles: 4, articleChars: 5000 });
  const cookies = await signInAll(app.url, fixture);
  for (const [mode, thinkMs] of [
    ["paced", THINK],
    ["saturated", 0],
  ] as const) {
    const cpu0 = app.cpuSeconds();
    const w = await runWorkload({
      base: app.url,
      fixture,
      cookies,
      seconds: SECONDS,
      warmup: 3,
      mix: { create: 1, edit: 0, delete: 0 },
      thinkMs,
      seed: thinkMs + 1,
    });
    const cpu = app.cpuSeconds() - cpu0;
    const s = summarise(w.ops.create.latencies, w.seconds);
    const c = w.ops.create;
    const answered = c.ok + c.conflict + c.clientError + c.serverError;
    console.log(
      `${mode} (${thinkMs ? `mean pause ${thinkMs} ms` : "back to back"}), ${REVIEWERS} concurrent reviewers, SQLite: ${s.count} creates in ${w.seconds.toFixed(1)} s = ${s.perSecond.toFixed(0)}/s; ` +
        `p50 ${s.p50.toFixed(1)} ms, p95 ${s.p95.toFixed(1)} ms, p99 ${s.p99.toFixed(1)} ms, max ${s.max.toFixed(1)} ms\n` +
        `  answers: ${c.ok} created, ${c.conflict} duplicates refused, ${c.clientError} other 4xx, ${c.serverError} 5xx, ${c.networkError} network errors\n` +
        `  app server CPU ${((cpu * 1000) / answered).toFixed(1)} ms per request; load average ${loadavg()
          .map((x) => x.toFixed(1))
          .join(" ")}`,
    );
    if (w.samples.length) console.log(`  sample non-2xx answers:\n  ${w.samples.slice(0, 5).join("\n  ")}`);
    report({
      name: `${mode}: create span p95`,
      value: s.p95,
      unit: "ms",
      target: 50,
      better: "lower",
      note: `p50 ${s.p50.toFixed(1)}, p99 ${s.p99.toFixed(1)}, ${s.perSecond.toFixed(0)}/s`,
    });
    report({ name: `${mode}: create span p50 / p99`, value: s.p50, unit: "ms", note: `p99 ${s.p99.toFixed(1)} ms` });
    report({ name: `${mode}: app CPU per create`, value: (cpu * 1000) / answered, unit: "ms" });
    report({ name: `${mode}: 5xx`, value: c.serverError, unit: "count", target: 0.5, better: "lower" });
  }
} finally {
  await app.kill();
  closeAgents();
  db.dispose();
}
