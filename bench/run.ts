/**
 * Runs every benchmark (bench/*.bench.ts), each in its own child process, prints a summary table
 * against the issues' targets and writes bench/out/results.json.
 *
 *   npm run bench                     all benchmarks
 *   npm run bench -- load render      only those whose file name contains one of the words
 *
 * A benchmark reports figures by printing `BENCH_METRIC {json}` lines (bench/lib/report.ts); for
 * the two that print prose instead (agreement-spans, dataset) the figures are read from their
 * output below. Benchmarks assert nothing: a figure that misses its target shows MISS. The runner
 * exits non-zero only when a benchmark process fails.
 */
import { spawn } from "node:child_process";
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import path from "node:path";
import type { Metric } from "./lib/report";

const here = import.meta.dirname;
const filters = process.argv.slice(2).filter((a) => !a.startsWith("-"));
const files = readdirSync(here)
  .filter((f) => f.endsWith(".bench.ts"))
  .filter((f) => filters.length === 0 || filters.some((w) => f.includes(w)))
  .sort();
if (files.length === 0) {
  console.error(
    `no benchmark matches ${filters.join(", ")}; available: ${readdirSync(here)
      .filter((f) => f.endsWith(".bench.ts"))
      .join(", ")}`,
  );
  process.exit(2);
}

/** Figures of benchmarks that print prose, with the issues' targets. */
const EXTRACT: Record<string, (out: string) => Metric[]> = {
  "agreement-spans.bench.ts": (out) => {
    const m = /\n\s*total\s+([\d.]+) ms wall/.exec(out);
    const data = /= (\d+) spans/.exec(out);
    return m
      ? [
          {
            name: `all span coefficients, ${data?.[1] ?? "?"} spans (best of 3)`,
            value: Number(m[1]),
            unit: "ms",
            target: 3000,
            better: "lower",
          },
        ]
      : [];
  },
  "dataset.bench.ts": (out) => {
    const metrics: Metric[] = [];
    for (const block of out.split(/\n(?=spans [\d,]+ \()/)) {
      const size = /^spans ([\d,]+)/m.exec(block)?.[1];
      const csv =
        /spans CSV\s+([\d,]+) rows, .* in ([\d.]+) s(?: \(CPU ([\d.]+) s\))? = ([\d,]+) rows\/s; .*peak (\d+) MB/.exec(
          block,
        );
      const imp =
        /JSONL in\s+([\d,]+) spans in ([\d.]+) s(?: \(CPU ([\d.]+) s\))? = ([\d,]+) spans\/s; peak RSS (\d+) MB/.exec(
          block,
        );
      if (!size) continue;
      const million = Number(size.replaceAll(",", "")) >= 1_000_000;
      if (csv) {
        metrics.push({
          name: `spans CSV export, ${size} spans`,
          value: Number(csv[2]),
          unit: "s",
          ...(million ? { target: 10, better: "lower" as const } : {}),
          note: `${csv[4]} rows/s${csv[3] ? `, CPU ${csv[3]} s` : ""}`,
        });
        metrics.push({
          name: `spans CSV export peak RSS, ${size}`,
          value: Number(csv[5]),
          unit: "MB",
          ...(million ? { target: 300, better: "lower" as const } : {}),
        });
      }
      if (imp)
        metrics.push({
          name: `JSONL import, ${size} spans`,
          value: Number(imp[2]),
          unit: "s",
          ...(million ? { target: 30, better: "lower" as const } : {}),
          note: `${imp[4]} spans/s, peak RSS ${imp[5]} MB${imp[3] ? `, CPU ${imp[3]} s` : ""}`,
        });
    }
    return metrics;
  },
};

type Result = { file: string; exitCode: number | null; seconds: number; metrics: Metric[] };

function runOne(file: string): Promise<Result> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    // Same node flags as this process (tsx loader, react-server condition).
    const child = spawn(process.execPath, [...process.execArgv, path.join(here, file)], {
      cwd: path.dirname(here),
      stdio: ["ignore", "pipe", "pipe"],
      env: process.env,
    });
    let out = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d;
      process.stdout.write(d);
    });
    child.stderr.on("data", (d: Buffer) => process.stderr.write(d));
    child.on("close", (code) => {
      const metrics = out
        .split("\n")
        .filter((l) => l.startsWith("BENCH_METRIC "))
        .map((l) => JSON.parse(l.slice("BENCH_METRIC ".length)) as Metric);
      resolve({
        file,
        exitCode: code,
        seconds: (performance.now() - t0) / 1000,
        metrics: [...metrics, ...(EXTRACT[file]?.(out) ?? [])],
      });
    });
  });
}

const verdict = (m: Metric): string => {
  if (m.target === undefined || m.value === null || Number.isNaN(m.value)) return "";
  return (m.better === "higher" ? m.value >= m.target : m.value <= m.target) ? "PASS" : "MISS";
};
const num = (x: number | null): string =>
  x === null || Number.isNaN(x) ? "-" : Math.abs(x) >= 100 ? x.toFixed(0) : x.toFixed(Number.isInteger(x) ? 0 : 1);

const startedAt = new Date().toISOString();
const results: Result[] = [];
for (const file of files) {
  console.log(`\n=== ${file} ===`);
  results.push(await runOne(file));
}

const rows: string[][] = [["benchmark", "figure", "value", "target", "", "note"]];
for (const r of results) {
  const name = r.file.replace(".bench.ts", "");
  if (r.exitCode !== 0)
    rows.push([name, `exited with ${r.exitCode} after ${r.seconds.toFixed(0)} s`, "", "", "FAIL", ""]);
  if (r.metrics.length === 0 && r.exitCode === 0)
    rows.push([name, `ran in ${r.seconds.toFixed(0)} s (no figures reported; see its output)`, "", "", "", ""]);
  for (const m of r.metrics) {
    const target = m.target === undefined ? "" : `${m.better === "higher" ? ">=" : "<"} ${num(m.target)} ${m.unit}`;
    rows.push([name, m.name, `${num(m.value)} ${m.unit}`, target, verdict(m), m.note ?? ""]);
  }
}
const widths = rows[0]!.map((_, i) => Math.min(60, Math.max(...rows.map((r) => r[i]!.length))));
console.log(
  `\n=== summary (load average ${loadavg()
    .map((x) => x.toFixed(1))
    .join(" ")}, ${cpus().length} cores) ===`,
);
for (const r of rows)
  console.log(
    r
      .map((c, i) => c.padEnd(widths[i]!))
      .join("  ")
      .trimEnd(),
  );

const outDir = path.join(here, "out");
mkdirSync(outDir, { recursive: true });
writeFileSync(
  path.join(outDir, "results.json"),
  `${JSON.stringify({ startedAt, finishedAt: new Date().toISOString(), node: process.version, cores: cpus().length, cpu: cpus()[0]?.model, loadavg: loadavg(), filters, results: results.map((r) => ({ ...r, metrics: r.metrics.map((m) => ({ ...m, verdict: verdict(m) || undefined })) })) }, null, 2)}\n`,
);
console.log(`\nwrote ${path.relative(process.cwd(), path.join(outDir, "results.json"))}`);
if (results.some((r) => r.exitCode !== 0)) process.exitCode = 1;
