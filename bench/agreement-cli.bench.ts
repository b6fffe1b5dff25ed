/**
 * The `agreement` command on a large item file, as a whole process, beside the reference implementations
 * that Debian packages (issue "agreement", speed section).
 *
 *   npm run bench -- agreement-cli
 *
 * Data (seeded, so every run reads the same bytes): AGR_ITEMS (100,000) items x AGR_RATERS (10) raters =
 * 1M ratings of 1..5 (a true value per item that each rater gives with probability 0.7, else a uniform
 * one), written as CSV and as JSONL; a two-rater file (the first two raters) for Cohen's kappa; a 4-line
 * file for the start-up. The command runs as `npm run cli` runs it (node scripts/cli.mjs, after a warm-up
 * that builds its bundle), AGR_RUNS (5) times per file: the median wall time and the largest peak RSS
 * (/usr/bin/time). Targets: < 1.5 s and < 400 MB for 1M ratings, < 300 ms start-up.
 *
 * Oracles, each a whole process on the same CSV (bench/lib/agreement-oracles.py, /usr/bin/python3, median
 * of AGR_ORACLE_RUNS (3)): NLTK's Krippendorff's alpha (python3-nltk), statsmodels' Fleiss' kappa
 * (python3-statsmodels), scikit-learn's Cohen's kappa on the two-rater file (python3-sklearn). Each ratio
 * ours / oracle is a figure (target < 1: ahead of it), and each oracle's value is checked against ours
 * (|difference| <= 1e-9; a mismatch is printed loudly). A missing oracle is reported, not a failure.
 * DKPro Statistics (Java) is not packaged by Debian and its Maven artifacts are unreachable offline.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { mulberry32 } from "../lib/domain/random";
import { report } from "./lib/report";

const ITEMS = Number(process.env.AGR_ITEMS ?? 100_000);
const RATERS = Number(process.env.AGR_RATERS ?? 10);
const RUNS = Number(process.env.AGR_RUNS ?? 5);
const ORACLE_RUNS = Number(process.env.AGR_ORACLE_RUNS ?? 3);
const PYTHON = "/usr/bin/python3"; // Debian's, where the python3-* packages install
const TIME = "/usr/bin/time";
const TOLERANCE = 1e-9;

const root = path.resolve(import.meta.dirname, "..");
const dir = mkdtempSync(path.join(tmpdir(), "fw-agreement-cli-"));
const load = () =>
  loadavg()
    .map((x) => x.toFixed(1))
    .join(" ");

function writeData(): { csv: string; jsonl: string; pair: string; tiny: string } {
  const rand = mulberry32(20261202);
  const csv = ["item,rater,value"];
  const jsonl: string[] = [];
  const pair = ["item,rater,value"];
  for (let i = 0; i < ITEMS; i++) {
    const truth = 1 + Math.floor(rand() * 5);
    for (let r = 0; r < RATERS; r++) {
      const value = rand() < 0.7 ? truth : 1 + Math.floor(rand() * 5);
      csv.push(`item${i},r${r},${value}`);
      jsonl.push(JSON.stringify({ item: `item${i}`, rater: `r${r}`, value }));
      if (r < 2) pair.push(`item${i},r${r},${value}`);
    }
  }
  const files = {
    csv: path.join(dir, "ratings.csv"),
    jsonl: path.join(dir, "ratings.jsonl"),
    pair: path.join(dir, "pair.csv"),
    tiny: path.join(dir, "tiny.csv"),
  };
  writeFileSync(files.csv, `${csv.join("\n")}\n`);
  writeFileSync(files.jsonl, `${jsonl.join("\n")}\n`);
  writeFileSync(files.pair, `${pair.join("\n")}\n`);
  writeFileSync(files.tiny, "item,rater,value\na,x,1\na,y,2\nb,x,1\nb,y,1\n");
  return files;
}

type Run = { seconds: number; rssMb: number | null; stdout: string; ok: boolean; stderr: string };

/** One whole process: wall time from here, peak RSS from /usr/bin/time when it is there. */
function timed(cmd: string, args: string[], cwd = root): Run {
  const withTime = existsSync(TIME);
  const t0 = performance.now();
  const r = spawnSync(withTime ? TIME : cmd, withTime ? ["-f", "RSS_KB %M", cmd, ...args] : args, {
    cwd,
    encoding: "utf8",
    maxBuffer: 64 << 20,
    env: { ...process.env, DATABASE_URL: "" },
  });
  const seconds = (performance.now() - t0) / 1000;
  const kb = /RSS_KB (\d+)/.exec(r.stderr ?? "")?.[1];
  return {
    seconds,
    rssMb: kb ? Number(kb) / 1024 : null,
    stdout: r.stdout ?? "",
    ok: r.status === 0,
    stderr: (r.stderr ?? "").replace(/RSS_KB \d+\n?/, ""),
  };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

type Measured = { seconds: number; rssMb: number | null; all: number[]; stdout: string };

function measure(label: string, runs: number, cmd: string, args: string[], cwd = root): Measured | null {
  const all: number[] = [];
  let rss: number | null = null;
  let stdout = "";
  for (let i = 0; i < runs; i++) {
    const r = timed(cmd, args, cwd);
    if (!r.ok) {
      console.log(`${label}: FAILED\n${r.stderr.slice(0, 2000)}`);
      return null;
    }
    all.push(r.seconds);
    if (r.rssMb !== null) rss = Math.max(rss ?? 0, r.rssMb);
    stdout = r.stdout;
  }
  const m = { seconds: median(all), rssMb: rss, all, stdout };
  console.log(
    `${label.padEnd(44)} median ${m.seconds.toFixed(3)} s of ${all.map((s) => s.toFixed(2)).join(", ")}; peak RSS ${rss === null ? "?" : rss.toFixed(0)} MB; load ${load()}`,
  );
  return m;
}

/**
 * The command as `npm run cli` starts it. AGR_CLI_ROOT runs another checkout's (e.g. the main branch, for a
 * before/after in the same conditions); one without scripts/cli.mjs is started through tsx as it was then.
 */
const cliRoot = path.resolve(process.env.AGR_CLI_ROOT ?? root);
const CLI = existsSync(path.join(cliRoot, "scripts", "cli.mjs"))
  ? ([process.execPath, ["--conditions=react-server", path.join(cliRoot, "scripts", "cli.mjs"), "agreement"]] as const)
  : ([
      process.execPath,
      ["--import", "tsx", "--conditions=react-server", path.join(cliRoot, "lib", "cli", "main.ts"), "agreement"],
    ] as const);
const cli = (label: string, runs: number, file: string) =>
  measure(label, runs, CLI[0], [...CLI[1], "--input", file], cliRoot);

type Coefficient = { name: string; level: string | null; value: number | null };
const coefficient = (out: string, name: string, level: string | null = null): number | null =>
  (JSON.parse(out) as { coefficients: Coefficient[] }).coefficients.find((c) => c.name === name && c.level === level)
    ?.value ?? null;

const files = writeData();
console.log(
  `data: ${ITEMS.toLocaleString("en")} items x ${RATERS} raters = ${(ITEMS * RATERS).toLocaleString("en")} ratings in ${dir}`,
);
console.log(`command: ${CLI[1].join(" ")}`);
timed(CLI[0], [...CLI[1], "--input", files.tiny], cliRoot); // builds the bundle when the sources changed

const tiny = cli("start-up, 4-line CSV", RUNS * 2, files.tiny);
const csv = cli(`agreement, ${(ITEMS * RATERS).toLocaleString("en")} ratings CSV`, RUNS, files.csv);
const jsonl = cli(`agreement, ${(ITEMS * RATERS).toLocaleString("en")} ratings JSONL`, RUNS, files.jsonl);
const pair = cli(`agreement, ${ITEMS.toLocaleString("en")} items x 2 raters CSV`, RUNS, files.pair);
const npmTiny = measure(
  "the same 4-line file through npm run --silent cli",
  3,
  "npm",
  ["run", "--silent", "cli", "--", "agreement", "--input", files.tiny],
  cliRoot,
);

const million = ITEMS * RATERS >= 1_000_000;
const note = (m: Measured) => `median of ${m.all.length}; load ${load()}`;
if (tiny)
  report({
    name: "agreement CLI start-up, 4-line file",
    value: tiny.seconds * 1000,
    unit: "ms",
    target: 300,
    better: "lower",
    note: note(tiny),
  });
if (npmTiny)
  report({ name: "the same through npm run (npm's own start included)", value: npmTiny.seconds * 1000, unit: "ms" });
for (const [format, m] of [
  ["CSV", csv],
  ["JSONL", jsonl],
] as const) {
  if (!m) continue;
  report({
    name: `agreement CLI, ${(ITEMS * RATERS).toLocaleString("en")} ratings ${format}`,
    value: m.seconds,
    unit: "s",
    ...(million ? { target: 1.5, better: "lower" as const } : {}),
    note: note(m),
  });
  report({
    name: `agreement CLI peak RSS, ${format}`,
    value: m.rssMb,
    unit: "MB",
    ...(million ? { target: 400, better: "lower" as const } : {}),
  });
}

type Oracle = { key: string; label: string; pkg: string; file: string; ours: Measured | null; value: number | null };
const ORACLES: Oracle[] = [
  {
    key: "nltk-alpha",
    label: "NLTK Krippendorff's alpha (nominal)",
    pkg: "python3-nltk",
    file: files.csv,
    ours: csv,
    value: csv && coefficient(csv.stdout, "krippendorffAlpha", "nominal"),
  },
  {
    key: "statsmodels-fleiss",
    label: "statsmodels Fleiss' kappa",
    pkg: "python3-statsmodels",
    file: files.csv,
    ours: csv,
    value: csv && coefficient(csv.stdout, "fleissKappa"),
  },
  {
    key: "sklearn-cohen",
    label: "scikit-learn Cohen's kappa (2 raters)",
    pkg: "python3-sklearn",
    file: files.pair,
    ours: pair,
    value: pair && coefficient(pair.stdout, "cohenKappa"),
  },
];
const MODULE: Record<string, string> = {
  "python3-nltk": "nltk",
  "python3-statsmodels": "statsmodels",
  "python3-sklearn": "sklearn",
};
const script = path.join(import.meta.dirname, "lib", "agreement-oracles.py");
const installed = (pkg: string) =>
  existsSync(PYTHON) && spawnSync(PYTHON, ["-c", `import ${MODULE[pkg]}`], { stdio: "ignore" }).status === 0;

console.log("\noracles (whole processes on the same file):");
for (const o of ORACLES) {
  if (!installed(o.pkg)) {
    console.log(`${o.label}: not installed: apt-get install ${o.pkg}`);
    continue;
  }
  const m = measure(o.label, ORACLE_RUNS, PYTHON, [script, o.key, o.file]);
  if (!m || !o.ours) continue;
  const theirs = (JSON.parse(m.stdout) as { value: number; compute_s: number }).value;
  const diff = o.value === null ? Number.NaN : Math.abs(theirs - o.value);
  if (diff <= TOLERANCE) console.log(`  value ${theirs} = ours ${o.value} (|difference| ${diff.toExponential(1)}) OK`);
  else
    console.log(`\n  !!!!!!!! MISMATCH: ${o.label} gives ${theirs}, ours ${o.value} (|difference| ${diff}) !!!!!!!!\n`);
  report({ name: `${o.label}, whole process`, value: m.seconds, unit: "s", note: `load ${load()}` });
  report({
    name: `ratio ours / ${o.label}`,
    value: o.ours.seconds / m.seconds,
    unit: "x",
    target: 1,
    better: "lower",
    note: `${o.ours.seconds.toFixed(2)} s / ${m.seconds.toFixed(2)} s; values ${diff <= TOLERANCE ? "equal" : "DIFFER"}`,
  });
  if (o.ours.rssMb !== null && m.rssMb !== null)
    report({ name: `peak RSS ratio ours / ${o.label}`, value: o.ours.rssMb / m.rssMb, unit: "x" });
}
const dkpro = spawnSync("apt-cache", ["search", "dkpro"], { encoding: "utf8" });
console.log(
  dkpro.status === 0 && dkpro.stdout.trim() !== ""
    ? `DKPro Statistics: Debian offers ${dkpro.stdout.trim().split("\n").join("; ")} (not measured here)`
    : "DKPro Statistics: not in Debian's packages (apt-cache search dkpro: nothing) and its Maven artifacts are unreachable offline: not measured",
);
rmSync(dir, { recursive: true, force: true });
