import { ZAddMember } from "@/lib/schemas/project";
import { addMember } from "@/lib/server/members/add-member";
import { parseInput } from "@/lib/server/input";
import { CLI_ACTOR, type CliIO, type Command, EXIT, parseFlags, UsageError, withInputErrors } from "../command";

const usage = `usage: npm run --silent cli -- members add --project P --email E --role manager|curator|annotator

  add   gives the account a role in the project (or changes the role it has there)

Exit codes: 0 done, 1 runtime error, 2 usage error, 3 invalid input (field: reason; nothing changed).`;

async function run(args: string[], io: CliIO): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== "add")
    throw new UsageError(sub === undefined ? "members needs a subcommand" : `unknown members subcommand "${sub}"`);
  const { values } = parseFlags(rest, ["project", "email", "role"]);
  if (!values.project || !values.email || !values.role)
    throw new UsageError("members add needs --project, --email and --role");
  const { project, email, role } = values;
  return withInputErrors(io, async () => {
    const m = await addMember(CLI_ACTOR, parseInput(ZAddMember, { projectId: project, email, role }));
    io.stderr.write(`${m.email} is now ${m.role} of the project\n`);
    return EXIT.ok;
  });
}

export default { name: "members", summary: "add a project member with a role", usage, run } satisfies Command;
