import { parseArgs } from "node:util";
import { CLI_ACTOR, type Command, EXIT, UsageError } from "../command";

const usage = `usage: npm run --silent cli -- users unlock --email E

  unlock --email E    lift the sign-in back-off of the account E (every client address); its sessions
                      were never touched by the lock. Prints "unlocked E" or "E was not locked".

Exit codes: 0 done, 1 runtime error, 2 usage error, 3 invalid input (no such account; nothing changed).`;

export default {
  name: "users",
  summary: "account care: unlock an account locked by failed sign-ins",
  usage,
  async run(args, io) {
    const [sub, ...rest] = args;
    if (sub !== "unlock") throw new UsageError(sub ? `unknown users subcommand "${sub}"` : "a subcommand is required");
    let email: string | undefined;
    try {
      ({ email } = parseArgs({
        args: rest,
        strict: true,
        allowPositionals: false,
        options: { email: { type: "string" } },
      }).values as { email?: string });
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
    if (!email) throw new UsageError("--email is required");
    const { unlockUser } = await import("@/lib/server/users/unlock-user");
    const { AppError } = await import("@/lib/server/errors");
    try {
      const r = await unlockUser({ actor: CLI_ACTOR, email });
      io.stdout.write(r.wasLocked ? `unlocked ${r.email}\n` : `${r.email} was not locked\n`);
      return EXIT.ok;
    } catch (e) {
      if (e instanceof AppError && (e.code === "NOT_FOUND" || e.code === "INVALID")) {
        for (const f of e.fields) io.stderr.write(`${f.field}: ${f.message}\n`);
        if (e.fields.length === 0) io.stderr.write(`${e.message}\n`);
        return EXIT.invalidInput;
      }
      throw e;
    }
  },
} satisfies Command;
