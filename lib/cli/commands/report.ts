import { rename, rm, writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { type BootstrapOptions, DEFAULT_BOOTSTRAP } from "@/lib/domain/agreement/bootstrap/interval";
import { reliabilityReport } from "@/lib/server/agreement/reliability-report";
import { CLI_ACTOR, type CliIO, type Command, EXIT, UsageError } from "../command";

const usage = `usage: npm run --silent cli -- report --project ID --out FILE [options]

A self-contained HTML reliability report of a project (no scripts, charts inline as SVG, prints to PDF):
the study design, every agreement coefficient with its bootstrap interval, per-label alpha with interval
bars, the label confusion heatmap, reviewer pairs, the questions, and a methods paragraph with the numbers.

  --project ID      the project (required)
  --out FILE        where to write the HTML (required; written atomically via FILE.partial)
  --bootstrap N     resamples for the intervals (default ${DEFAULT_BOOTSTRAP.resamples}; 0 = no intervals)
  --seed S          the resampling seed (default ${DEFAULT_BOOTSTRAP.seed})
  --ci-level L      the intervals' confidence level (default ${DEFAULT_BOOTSTRAP.level})
  --alpha-min A     q = share of resamples with alpha below A (default ${DEFAULT_BOOTSTRAP.alphaMin})

Exit codes: 0 ok, 1 runtime error, 2 bad arguments or no such project.`;

function numberOption(value: string | undefined, name: string, ok: (n: number) => boolean, what: string) {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === "" || !ok(n)) throw new UsageError(`--${name} must be ${what}, got "${value}"`);
  return n;
}

function bootstrapOf(v: Record<string, string | undefined>): BootstrapOptions | null {
  const resamples =
    numberOption(
      v.bootstrap,
      "bootstrap",
      (n) => Number.isInteger(n) && n >= 0 && n <= 100_000,
      "a whole number from 0 to 100000",
    ) ?? DEFAULT_BOOTSTRAP.resamples;
  const seed = numberOption(
    v.seed,
    "seed",
    (n) => Number.isInteger(n) && n >= 0 && n < 2 ** 32,
    "a whole number from 0 to 2^32 - 1",
  );
  const level = numberOption(v["ci-level"], "ci-level", (n) => n > 0 && n < 1, "between 0 and 1 (e.g. 0.95)");
  const alphaMin = numberOption(v["alpha-min"], "alpha-min", (n) => n >= -1 && n <= 1, "between -1 and 1 (e.g. 0.667)");
  if (resamples === 0) return null;
  return {
    resamples,
    seed: seed ?? DEFAULT_BOOTSTRAP.seed,
    level: level ?? DEFAULT_BOOTSTRAP.level,
    alphaMin: alphaMin ?? DEFAULT_BOOTSTRAP.alphaMin,
  };
}

async function run(args: string[], io: CliIO): Promise<number> {
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        project: { type: "string" },
        out: { type: "string" },
        bootstrap: { type: "string" },
        seed: { type: "string" },
        "ci-level": { type: "string" },
        "alpha-min": { type: "string" },
      },
    }));
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
  if (!values.project) throw new UsageError("--project ID is required");
  if (!values.out) throw new UsageError("--out FILE is required");
  const bootstrap = bootstrapOf(values);
  const started = Date.now();
  const { html } = await reliabilityReport(CLI_ACTOR, values.project, { bootstrap });
  const target = `${values.out}.partial`;
  try {
    await writeFile(target, html, "utf8");
    await rename(target, values.out);
  } catch (e) {
    await rm(target, { force: true });
    throw e;
  }
  io.progress(
    `wrote ${values.out} (${(Buffer.byteLength(html) / 1024).toFixed(0)} KB, ${((Date.now() - started) / 1000).toFixed(1)} s)`,
  );
  return EXIT.ok;
}

export default {
  name: "report",
  summary: "a self-contained HTML reliability report of a project (coefficients, intervals, charts, methods)",
  usage,
  run,
} satisfies Command;
