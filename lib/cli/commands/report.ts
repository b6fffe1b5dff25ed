import { rename, rm, writeFile } from "node:fs/promises";
import { type BootstrapOptions, DEFAULT_BOOTSTRAP } from "@/lib/domain/agreement/bootstrap/interval";
import { reliabilityReport } from "@/lib/server/agreement/reliability-report";
import { CLI_ACTOR, type CliIO, type Command, EXIT, parseCliArgs, UsageError } from "../command";
import { bootstrapWith, INTERVAL_OPTIONS, intervalFlags, MAX_RESAMPLES, numberOption } from "../interval-flags";

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

function bootstrapOf(v: Record<string, string | undefined>): BootstrapOptions | null {
  const resamples =
    numberOption(
      v.bootstrap,
      "bootstrap",
      (n) => Number.isInteger(n) && n >= 0 && n <= MAX_RESAMPLES,
      `a whole number from 0 to ${MAX_RESAMPLES}`,
    ) ?? DEFAULT_BOOTSTRAP.resamples;
  const flags = intervalFlags(v); // checked even with --bootstrap 0
  return resamples === 0 ? null : bootstrapWith(resamples, flags);
}

async function run(args: string[], io: CliIO): Promise<number> {
  const { values } = parseCliArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: {
      project: { type: "string" },
      out: { type: "string" },
      ...INTERVAL_OPTIONS,
    },
  });
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
