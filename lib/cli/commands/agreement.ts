import { readFile } from "node:fs/promises";
import type { BootstrapOptions } from "@/lib/domain/agreement/bootstrap/interval";
import { AgreementInputError } from "@/lib/domain/agreement/item";
import {
  type InputError,
  type InputFormat,
  parseAgreementInput,
  parseTextsFile,
  sniffFormat,
  withTexts,
} from "@/lib/domain/agreement/records/parse";
import { CSV_TABLES, type CsvTable, reportCsv, SPAN_ONLY_TABLES } from "@/lib/domain/agreement/records/csv-tables";
import { type AgreementReportJson, agreementReport, formatTable } from "@/lib/domain/agreement/records/report";
import { SpanAgreementInputError } from "@/lib/domain/agreement/spans";
import { type CliIO, type Command, EXIT, listOption, parseCliArgs, UsageError } from "../command";
import { bootstrapWith, INTERVAL_OPTIONS, intervalFlags, MAX_RESAMPLES, numberOption } from "../interval-flags";

const usage = `usage: npm run --silent cli -- agreement --input FILE [--format json|table|csv] [--text FILE] [--raters a,b,c]

Agreement of a file of ratings, without a database. The kind of record is detected:
  item records   {"item","rater","value"}                         percent agreement, Cohen's kappa and Scott's pi
                                                                  (two raters), Fleiss' kappa, Krippendorff's alpha
                                                                  (nominal; ordinal, interval, ratio for numbers)
  span records   {"document","rater","label","start","end"[,"text"][,"length"]}
                                                                  unitizing alpha, token/character alpha and
                                                                  Fleiss' kappa, pairwise span F1 (exact, overlap),
                                                                  overall and per label
as JSONL (one object per line) or CSV with those headers (by extension .csv/.jsonl/.ndjson, else sniffed).
Offsets are [start, end) in Unicode code points. A document's length comes from its text (the "text"
field or --text), else its "length" field, else its largest span end; token-level figures need text.

  --input FILE      the records (required; "-" reads standard input)
  --format F        json (default; stable, documented in the README), table, or csv (one table, --table)
  --table T         with --format csv: coefficients (default; corpus, per label, per pair, with intervals),
                    typology (rater_a, rater_b, label, kind, count), confusion (label_a, label_b,
                    overlap_code_points), documents (per-document figures) or reviewers (with --gold,
                    --leave-one-out, --mace: one row per figure); typology, confusion, documents need spans
  --excel           with --format csv: neutralise spreadsheet formulas in text cells (not byte-exact)
  --text FILE       document texts: JSONL {"document","text"} or CSV document,text
  --raters a,b      span records: every document was annotated by these raters (a rater with no span
                    in a document then counts as having marked nothing); default: the raters with a span in it
  --continuum C     span records, corpus unitizing alpha: per-document (default; a gap ends at a document
                    boundary) or concatenated (documents joined in name order, so the last gap of one and
                    the first of the next are one gap, as DKPro Statistics and INCEpTION compute it)
  --gold NAME       the records of rater NAME are a gold standard, not ratings: they leave every agreement
                    figure, and "reviewers.againstGold" scores each rater against them (span records:
                    exact and overlap precision, recall, F1, overall and per label; item records: the
                    share of items with the gold value and Cohen's kappa with gold)
  --leave-one-out   "reviewers.leaveOneOut": every figure recomputed without each rater in turn, with its
                    change (positive: agreement rises without that rater); costs one computation per rater
  --mace            item records: MACE competence estimates (Hovy et al. 2013) per rater and the most
                    probable true value of every item with its posterior, under "mace" (--seed S seeds
                    the random restarts)
  --bootstrap N     add a percentile bootstrap interval to every coefficient from N resamples (off by
                    default): items are resampled, for span measures documents (Efron & Tibshirani 1993)
  --seed S          the resampling seed (default 1; the same seed gives the same intervals)
  --ci-level L      the interval's confidence level (default 0.95)
  --alpha-min A     Krippendorff's alpha: report q, the share of resamples below A (default 0.667), as
                    Hayes & Krippendorff's KALPHA does

Exit codes: 0 ok, 2 bad arguments or bad input (each problem with its line number).`;

function formatOf(file: string, text: string): InputFormat {
  if (/\.csv$/i.test(file)) return "csv";
  if (/\.(jsonl|ndjson)$/i.test(file)) return "jsonl";
  return sniffFormat(text);
}

async function readInput(file: string): Promise<string> {
  if (file !== "-") return readFile(file, "utf8");
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function report(io: CliIO, file: string, errors: InputError[]): number {
  io.stderr.write(`${file}: ${errors.length} problem(s), nothing computed:\n`);
  for (const e of errors) io.stderr.write(e.line > 0 ? `  line ${e.line}: ${e.message}\n` : `  ${e.message}\n`);
  return EXIT.usage;
}

function bootstrapOptions(values: Record<string, unknown>, seedUsed: boolean): BootstrapOptions | undefined {
  const v = values as Record<string, string | undefined>;
  const resamples = numberOption(
    v.bootstrap,
    "bootstrap",
    (n) => Number.isInteger(n) && n >= 1 && n <= MAX_RESAMPLES,
    `a whole number from 1 to ${MAX_RESAMPLES}`,
  );
  const flags = intervalFlags(v);
  if (resamples === undefined) {
    if ((flags.seed !== undefined && !seedUsed) || flags.level !== undefined || flags.alphaMin !== undefined)
      throw new UsageError("--seed, --ci-level and --alpha-min need --bootstrap N");
    return undefined;
  }
  return bootstrapWith(resamples, flags);
}

async function run(args: string[], io: CliIO): Promise<number> {
  const { values } = parseCliArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: {
      input: { type: "string" },
      format: { type: "string" },
      text: { type: "string" },
      raters: { type: "string", multiple: true },
      ...INTERVAL_OPTIONS,
      continuum: { type: "string" },
      gold: { type: "string" },
      "leave-one-out": { type: "boolean" },
      mace: { type: "boolean" },
      table: { type: "string" },
      excel: { type: "boolean" },
    },
  });
  if (!values.input) throw new UsageError("--input FILE is required");
  const output = values.format ?? "json";
  if (output !== "json" && output !== "table" && output !== "csv")
    throw new UsageError("--format must be json, table or csv");
  const table = values.table ?? "coefficients";
  if (!(CSV_TABLES as readonly string[]).includes(table))
    throw new UsageError(`--table must be one of ${CSV_TABLES.join(", ")}, got "${table}"`);
  if (output !== "csv" && (values.table !== undefined || values.excel))
    throw new UsageError("--table and --excel need --format csv");
  const bootstrap = bootstrapOptions(values, values.mace === true);
  if (values.gold !== undefined && values.gold.trim() === "") throw new UsageError("--gold needs a rater name");
  const continuum = values.continuum;
  if (continuum !== undefined && continuum !== "per-document" && continuum !== "concatenated")
    throw new UsageError(`--continuum must be per-document or concatenated, got "${continuum}"`);

  const read = async (file: string) => {
    try {
      return await readInput(file);
    } catch (e) {
      throw new UsageError(`cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  const text = await read(values.input);
  const parsed = parseAgreementInput(text, formatOf(values.input, text));
  if (!parsed.ok) return report(io, values.input, parsed.errors);
  const input = parsed.input;
  const raters = listOption(values.raters);
  if (input.kind === "item" && output === "csv" && SPAN_ONLY_TABLES.includes(table as CsvTable))
    throw new UsageError(`--table ${table} needs span records`);
  if (input.kind === "span" && values.mace) throw new UsageError("--mace applies to item records only");
  if (input.kind === "item" && (values.text || raters || continuum))
    throw new UsageError("--text, --raters and --continuum apply to span records only");
  if (input.kind === "span" && values.text) {
    const t = await read(values.text);
    const texts = parseTextsFile(t, formatOf(values.text, t));
    if (!texts.ok) return report(io, values.text, texts.errors);
    const errors = withTexts(input, texts.texts);
    if (errors.length) return report(io, values.text, errors);
  }
  let result: AgreementReportJson;
  try {
    result = agreementReport(input, {
      raters,
      bootstrap,
      continuum,
      diagnostics: { gold: values.gold, leaveOneOut: values["leave-one-out"] === true },
      mace: values.mace ? { seed: values.seed === undefined ? undefined : Number(values.seed) } : undefined,
    });
  } catch (e) {
    // The parser checks what it can per line; the engine's own checks (e.g. a rater missing from --raters) land here.
    if (e instanceof AgreementInputError || e instanceof SpanAgreementInputError)
      return report(io, values.input, [{ line: 0, message: e.message }]);
    throw e;
  }
  io.stdout.write(
    output === "json"
      ? `${JSON.stringify(result, null, 2)}\n`
      : output === "csv"
        ? reportCsv(result, table as CsvTable, { excelSafe: values.excel === true })
        : formatTable(result),
  );
  return EXIT.ok;
}

export default {
  name: "agreement",
  summary: "inter-annotator agreement of a file of item or span records (no database needed)",
  usage,
  run,
} satisfies Command;
