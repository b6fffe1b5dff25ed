import { type ParseArgsConfig, parseArgs } from "node:util";
import type { z } from "zod";
import type { Actor } from "@/lib/server/actor";
import { DatasetImportError } from "@/lib/server/dataset/issues";
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

/** node:util parseArgs (strict; positionals only where allowed), its refusals as usage errors. */
export function parseCliArgs<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
}

/** Strict string-valued flags (`--name value`); an unknown or valueless flag is a usage error. */
export function parseFlags<N extends string>(
  args: string[],
  names: readonly N[],
): { values: Partial<Record<N, string>> } {
  const options = Object.fromEntries(names.map((n) => [n, { type: "string" as const }]));
  const { values } = parseCliArgs({ args, strict: true, allowPositionals: false, options });
  return { values: values as Partial<Record<N, string>> };
}

/**
 * Runs a use case whose bad input is the user's (exit 3, each problem as `field: reason`, nothing
 * changed) rather than a bad invocation.
 */
export async function withInputErrors(io: CliIO, fn: () => Promise<number>): Promise<number> {
  try {
    return await fn();
  } catch (e) {
    if (
      e instanceof AppError &&
      (e.code === "INVALID" || e.code === "NOT_FOUND") &&
      !(e instanceof DatasetImportError)
    ) {
      for (const f of e.fields.length ? e.fields : [{ field: "(input)", message: e.message }])
        io.stderr.write(`${f.field}: ${f.message}\n`);
      return EXIT.invalidInput;
    }
    throw e;
  }
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
