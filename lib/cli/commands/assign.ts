import { readFile } from "node:fs/promises";
import { assignManual } from "@/lib/server/assignment/assign-manual";
import { ZAssignOverlap } from "@/lib/schemas/project";
import { assignOverlap } from "@/lib/server/assignment/assign-overlap";
import { parseInput } from "@/lib/server/input";
import { CLI_ACTOR, type CliIO, type Command, EXIT, parseFlags, UsageError, withInputErrors } from "../command";

const usage = `usage: npm run --silent cli -- assign --project P --overlap K [--seed S] [--round R]
       npm run --silent cli -- assign --project P --from assignments.csv [--round R]

  --overlap K   fixed overlap: every article gets exactly K of the project's annotators, loads within one
                of each other, pairs of annotators co-occurring as evenly as possible, deterministic from
                --seed (default 0). Run again after adding articles or annotators: started work stays put.
  --from FILE   manual: a CSV with the header article_id,user (user: an annotator's email or id); every
                row is checked first, any bad row assigns nothing
  --round R     the round (created with a snapshot of the guidelines and labels when new); default the current one

Prints a JSON summary. Exit codes: 0 done, 1 runtime error, 2 usage error, 3 invalid input
(line N: field: reason; nothing changed).`;

async function run(args: string[], io: CliIO): Promise<number> {
  const { values } = parseFlags(args, ["project", "overlap", "seed", "round", "from"]);
  if (!values.project) throw new UsageError("--project is required");
  if ((values.overlap === undefined) === (values.from === undefined))
    throw new UsageError("give exactly one of --overlap K and --from FILE");
  if (values.from !== undefined && values.seed !== undefined) throw new UsageError("--seed goes with --overlap");
  const { project, overlap, seed, round, from } = values;
  return withInputErrors(io, async () => {
    const summary =
      from !== undefined
        ? await assignManual(CLI_ACTOR, {
            projectId: project,
            csv: await readFile(from, "utf8"),
            ...(round !== undefined && { round }),
          })
        : await assignOverlap(
            CLI_ACTOR,
            // The operator's values, checked by the study page's schema (bad ones: exit 3).
            parseInput(ZAssignOverlap, {
              projectId: project,
              k: overlap,
              ...(seed !== undefined && { seed }),
              ...(round !== undefined && { round }),
            }),
          );
    io.stdout.write(`${JSON.stringify(summary)}\n`);
    return EXIT.ok;
  });
}

export default {
  name: "assign",
  summary: "assign articles to annotators (fixed overlap or a CSV)",
  usage,
  run,
} satisfies Command;
