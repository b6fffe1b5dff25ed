import { csvRow } from "@/lib/domain/dataset/csv";
import { ASSIGNMENT_COLUMNS, listAssignments } from "@/lib/server/assignment/list-assignments";
import { CLI_ACTOR, type CliIO, type Command, EXIT, parseFlags, UsageError, withInputErrors } from "../command";

const usage = `usage: npm run --silent cli -- assignments --project P [--round R] --format csv

Writes the project's assignments as CSV (RFC 4180, UTF-8) with the columns
${ASSIGNMENT_COLUMNS.join(",")}; status is not_started, in_progress, done or reserved (pull mode).`;

async function run(args: string[], io: CliIO): Promise<number> {
  const { values } = parseFlags(args, ["project", "round", "format"]);
  if (!values.project) throw new UsageError("--project is required");
  if (values.format !== "csv") throw new UsageError("--format csv is required (the only format)");
  const { project, round } = values;
  return withInputErrors(io, async () => {
    const pages = listAssignments(CLI_ACTOR, { projectId: project, ...(round !== undefined && { round }) });
    let header = false;
    for await (const page of pages) {
      if (!header) io.stdout.write(csvRow([...ASSIGNMENT_COLUMNS]));
      header = true;
      io.stdout.write(page.map((r) => csvRow(ASSIGNMENT_COLUMNS.map((c) => r[c]))).join(""));
    }
    if (!header) io.stdout.write(csvRow([...ASSIGNMENT_COLUMNS]));
    return EXIT.ok;
  });
}

export default { name: "assignments", summary: "the project's assignments as CSV", usage, run } satisfies Command;
