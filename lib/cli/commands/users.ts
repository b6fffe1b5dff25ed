import { randomBytes } from "node:crypto";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { setUserActive } from "@/lib/server/users/manage-accounts";
import { createUser, listUsers } from "@/lib/server/users/create-user";
import { unlockUser } from "@/lib/server/users/unlock-user";
import { ZCreateAccount, ZEmail } from "@/lib/schemas/user";
import { parseInput } from "@/lib/server/input";
import { csvRow } from "@/lib/domain/dataset/csv";
import { CLI_ACTOR, type CliIO, type Command, EXIT, parseFlags, UsageError, withInputErrors } from "../command";

const usage = `usage: npm run --silent cli -- users add --email E --name N --role admin|reviewer [--password P]
       npm run --silent cli -- users list [--format csv|json]
       npm run --silent cli -- users deactivate|reactivate|unlock --email E

  add          creates an account and prints its id; without --password one is generated and printed
               on a second line
  list         every account: id, email, name, role, active, last sign-in (csv, the default, or json)
  deactivate   the account can no longer sign in and its sessions end; its data stays
  reactivate   the account can sign in again
  unlock       lifts a lockout after repeated failed sign-ins

Exit codes: 0 done, 1 runtime error, 2 usage error, 3 invalid input (each problem as field: reason; nothing changed).`;

const LIST_COLUMNS = ["id", "email", "name", "role", "active", "last_sign_in"] as const;

async function userByEmail(email: string) {
  const parsed = ZEmail.safeParse(email);
  if (!parsed.success)
    throw new AppError("INVALID", `email: ${parsed.error.issues[0]!.message}`, [
      { field: "email", message: parsed.error.issues[0]!.message },
    ]);
  const user = await db.user.findUnique({ where: { email: parsed.data }, select: { id: true, email: true } });
  if (!user)
    throw new AppError("NOT_FOUND", "email: no such account", [{ field: "email", message: "no such account" }]);
  return user;
}

async function run(args: string[], io: CliIO): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === "add") {
    const { values } = parseFlags(rest, ["email", "name", "role", "password"]);
    if (!values.email || !values.name || !values.role)
      throw new UsageError("users add needs --email, --name and --role");
    if (values.role !== "admin" && values.role !== "reviewer") throw new UsageError("--role must be admin or reviewer");
    const generated = values.password === undefined;
    // 18 random bytes: 24 base64url characters, far above the 10-character minimum.
    const password = values.password ?? randomBytes(18).toString("base64url");
    return withInputErrors(io, async () => {
      // Bad account fields are the operator's input (exit 3), checked by the admin form's schema.
      const { role, projectIds, ...account } = parseInput(ZCreateAccount, {
        email: values.email,
        name: values.name,
        password,
        role: values.role,
      });
      const user = await createUser(CLI_ACTOR, account, role, projectIds);
      io.stdout.write(`${user.id}\n`);
      if (generated) io.stdout.write(`${password}\n`);
      return EXIT.ok;
    });
  }
  if (sub === "list") {
    const { values } = parseFlags(rest, ["format"]);
    const format = values.format ?? "csv";
    if (format !== "csv" && format !== "json") throw new UsageError("--format must be csv or json");
    const users = await listUsers(CLI_ACTOR);
    const rows = users.map((u) => ({
      id: u.id,
      email: u.email,
      name: u.name,
      role: u.role,
      active: u.active,
      last_sign_in: u.lastSignInAt?.toISOString() ?? "",
    }));
    if (format === "json") io.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    else {
      io.stdout.write(csvRow([...LIST_COLUMNS]));
      for (const r of rows) io.stdout.write(csvRow(LIST_COLUMNS.map((c) => String(r[c]))));
    }
    return EXIT.ok;
  }
  if (sub === "deactivate" || sub === "reactivate" || sub === "unlock") {
    const { values } = parseFlags(rest, ["email"]);
    if (!values.email) throw new UsageError("--email is required");
    const email = values.email;
    return withInputErrors(io, async () => {
      if (sub === "unlock") {
        const r = await unlockUser({ actor: CLI_ACTOR, email });
        io.stdout.write(r.wasLocked ? `unlocked ${r.email}\n` : `${r.email} was not locked\n`);
      } else {
        const user = await userByEmail(email);
        await setUserActive(CLI_ACTOR, { userId: user.id, active: sub === "reactivate" });
        io.stdout.write(`${sub}d ${user.email}\n`);
      }
      return EXIT.ok;
    });
  }
  throw new UsageError(sub === undefined ? "users needs a subcommand" : `unknown users subcommand "${sub}"`);
}

export default {
  name: "users",
  summary: "add, list, deactivate, reactivate and unlock accounts",
  usage,
  run,
} satisfies Command;
