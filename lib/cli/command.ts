import type { z } from "zod";
import type { Actor } from "@/lib/server/actor";
import { AppError } from "@/lib/server/errors";
import { parseInput } from "@/lib/server/input";

/** Exit codes shared by every subcommand. */
export const EXIT = { ok: 0, runtime: 1, usage: 2, invalidInput: 3 } as const;

/**
 * A subcommand. main.ts loads every module in lib/cli/commands/ and uses its default export, so a new
 * command (e.g. agreement.ts) is one new file: `export default { name, summary, usage, run } satisfies Command`.
 */
export type Command = {
  name: string;
  /** One line for the command list. */
  summary: string;
  /** Full usage text, printed for --help and after a usage error. */
  usage: string;
  /** Returns the exit code. Throw UsageError for bad arguments; other errors are mapped by main.ts. */
  run(args: string[], io: CliIO): Promise<number>;
};

export type CliIO = {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** A progress line on stderr (long runs). */
  progress(message: string): void;
};

export class UsageError extends Error {
  override name = "UsageError";
}

/** The CLI acts as a system administrator: whoever can run it already has the database. */
export const CLI_ACTOR: Actor = { id: "cli", role: "admin", name: "Command line", email: "cli@localhost" };

/** Splits "a,b , c" into ids; repeated flags are concatenated. */
export function listOption(values: string | string[] | undefined): string[] | undefined {
  if (values === undefined) return undefined;
  const all = (Array.isArray(values) ? values : [values])
    .flatMap((v) => v.split(","))
    .map((s) => s.trim())
    .filter(Boolean);
  return all.length ? all : undefined;
}

/**
 * The CLI's input boundary: parseInput with the shared schema (as runAction and runRoute do), a failure
 * becoming a usage error (exit 2) that names each field.
 */
export function cliInput<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  try {
    return parseInput(schema, raw);
  } catch (e) {
    if (e instanceof AppError) throw new UsageError(e.message);
    throw e;
  }
}
