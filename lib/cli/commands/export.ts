import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { rename, rm } from "node:fs/promises";
import { EXPORT_FORMATS, ZExportFormat, ZExportRequest } from "@/lib/schemas/dataset";
import { startExport } from "@/lib/server/dataset/run-export";
import { CLI_ACTOR, type Command, cliInput, EXIT, listOption, parseCliArgs, UsageError } from "../command";

const usage = `usage: npm run --silent cli -- export --format ${EXPORT_FORMATS.join("|")} [options]

  --format F          what to export (required)
  --out FILE          write to FILE (atomically, via FILE.partial); default stdout
  --project ID        one project (default: all)
  --labels a,b        label ids
  --reviewers a,b     reviewer (user) ids
  --articles a,b      article ids
  --status S          not_started|in_progress|done (the reviewer's status on the article)
  --from DATE         spans created on or after (2025-01-31 or an ISO date-time)
  --to DATE           spans created up to (a date is inclusive)
  --layer L           annotation|gold|both (spans-csv, bio; default annotation)
  --bio-format F      conll|csv (bio; default conll)
  --context N         code points of context in CSV rows (default 60)
  --pseudonymise      reviewers as R1, R2, … (creation order), names dropped
  --excel             neutralise spreadsheet formulas (not byte-exact)
  --bom               start with a UTF-8 byte order mark`;

function flags(args: string[]) {
  return parseCliArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: {
      format: { type: "string" },
      out: { type: "string" },
      project: { type: "string" },
      labels: { type: "string", multiple: true },
      reviewers: { type: "string", multiple: true },
      articles: { type: "string", multiple: true },
      status: { type: "string" },
      from: { type: "string" },
      to: { type: "string" },
      layer: { type: "string" },
      "bio-format": { type: "string" },
      context: { type: "string" },
      pseudonymise: { type: "boolean" },
      pseudonymize: { type: "boolean" },
      excel: { type: "boolean" },
      bom: { type: "boolean" },
    },
  }).values;
}

async function run(args: string[], io: Parameters<Command["run"]>[1]): Promise<number> {
  const values = flags(args);
  const format = ZExportFormat.safeParse(values.format);
  if (!format.success) throw new UsageError(`--format must be one of ${EXPORT_FORMATS.join(", ")}`);
  const query: Record<string, unknown> = {
    projectId: values.project,
    labelIds: listOption(values.labels),
    reviewerIds: listOption(values.reviewers),
    articleIds: listOption(values.articles),
    status: values.status,
    from: values.from,
    to: values.to,
    layer: values.layer,
    bioFormat: values["bio-format"],
    context: values.context,
    pseudonymise: values.pseudonymise || values.pseudonymize ? "true" : undefined,
    excel: values.excel ? "true" : undefined,
    bom: values.bom ? "true" : undefined,
  };
  for (const k of Object.keys(query)) if (query[k] === undefined) delete query[k];
  const parsed = cliInput(ZExportRequest, query);

  const chunks = await startExport(CLI_ACTOR, format.data, parsed.filters, parsed.options);
  const target = values.out ? `${values.out}.partial` : undefined;
  const out = target ? createWriteStream(target, { encoding: "utf8" }) : io.stdout;
  const started = Date.now();
  let lastReport = started;
  let bytes = 0;
  try {
    for await (const chunk of chunks) {
      bytes += Buffer.byteLength(chunk);
      if (!out.write(chunk)) await once(out, "drain");
      if (Date.now() - lastReport > 2000) {
        lastReport = Date.now();
        io.progress(`… ${(bytes / 1e6).toFixed(1)} MB written (${((Date.now() - started) / 1000).toFixed(0)} s)`);
      }
    }
    if (target && values.out) {
      await new Promise<void>((resolve, reject) =>
        (out as ReturnType<typeof createWriteStream>).end((e?: Error | null) => (e ? reject(e) : resolve())),
      );
      await rename(target, values.out);
      io.progress(
        `wrote ${values.out} (${(bytes / 1e6).toFixed(1)} MB, ${((Date.now() - started) / 1000).toFixed(1)} s)`,
      );
    }
  } catch (e) {
    if (target) {
      (out as ReturnType<typeof createWriteStream>).destroy();
      await rm(target, { force: true });
    }
    throw e;
  }
  return EXIT.ok;
}

export default {
  name: "export",
  summary: "export spans, gold, articles, BIO tokens or the lossless JSONL dataset",
  usage,
  run,
} satisfies Command;
