/**
 * Framewise command line: `npm run --silent cli -- <command> [options]`.
 * Every module in ./commands/ is a subcommand (see command.ts). Exit codes: 0 ok, 1 runtime error,
 * 2 usage error, 3 validation errors in the input (nothing imported).
 */
import { readdirSync } from "node:fs";
import { type CliIO, type Command, EXIT, UsageError } from "./command";

const COMMANDS_DIR = new URL("./commands/", import.meta.url);

function commandFiles(): string[] {
  return readdirSync(COMMANDS_DIR)
    .filter((f) => /\.(ts|mts|js|mjs)$/.test(f) && !/\.(test|spec|d)\./.test(f))
    .sort();
}

async function loadFile(f: string): Promise<Command | undefined> {
  const mod = (await import(new URL(f, COMMANDS_DIR).href)) as { default?: Command };
  return mod.default?.name ? mod.default : undefined;
}

async function loadCommands(): Promise<Map<string, Command>> {
  const commands = new Map<string, Command>();
  for (const f of commandFiles()) {
    const c = await loadFile(f);
    if (c) commands.set(c.name, c);
  }
  return commands;
}

/**
 * Only the named command's module (commands/<name>.ts) is imported, so `agreement` starts without the
 * database client, auth or zod; the others load everything when the file name does not match.
 */
async function loadCommand(name: string): Promise<Command | undefined> {
  const file = commandFiles().find((f) => f.replace(/\.[^.]+$/, "") === name);
  const c = file ? await loadFile(file) : undefined;
  return c?.name === name ? c : (await loadCommands()).get(name);
}

/** One line, never a stack trace: the first line of the message. */
function oneLine(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  return m.split("\n", 1)[0] ?? m;
}

function overview(commands: Map<string, Command>): string {
  const width = Math.max(...[...commands.keys()].map((k) => k.length));
  return [
    "usage: npm run --silent cli -- <command> [options]",
    "",
    ...[...commands.values()].map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "",
    "Run a command with --help for its options. Exit codes: 0 ok, 1 runtime error, 2 usage error, 3 invalid input (nothing imported).",
  ].join("\n");
}

export async function main(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "help" || name === "--help" || name === "-h") {
    io.stderr.write(`${overview(await loadCommands())}\n`);
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const command = await loadCommand(name);
  if (!command) {
    io.stderr.write(`unknown command "${name}"\n\n${overview(await loadCommands())}\n`);
    return EXIT.usage;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    io.stdout.write(`${command.usage}\n`);
    return EXIT.ok;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr.write(`error: ${e.message}\n\n${command.usage}\n`);
      return EXIT.usage;
    }
    // Loaded only now: a command that never touched them cannot have thrown them.
    const { DatasetImportError, describeIssue } = await import("@/lib/server/dataset/issues");
    const { AppError } = await import("@/lib/server/errors");
    if (e instanceof DatasetImportError) {
      io.stderr.write(`Nothing was imported: ${e.issues.length}${e.truncated ? "+" : ""} problem(s) in the input.\n`);
      for (const issue of e.issues.slice(0, 200)) io.stderr.write(`  ${describeIssue(issue)}\n`);
      if (e.issues.length > 200) io.stderr.write(`  … and ${e.issues.length - 200} more\n`);
      return EXIT.invalidInput;
    }
    if (e instanceof AppError) {
      io.stderr.write(`error: ${e.message}\n`);
      return e.code === "INVALID" || e.code === "NOT_FOUND" ? EXIT.usage : EXIT.runtime;
    }
    io.stderr.write(`error: ${oneLine(e)}\n`);
    return EXIT.runtime;
  }
}

/** Runs the command line with these arguments and sets the process's exit code (also the bundled start, scripts/cli.mjs). */
export function runCli(argv: string[]): Promise<void> {
  const io: CliIO = { stdout: process.stdout, stderr: process.stderr, progress: (m) => process.stderr.write(`${m}\n`) };
  return main(argv, io)
    .then(async (code) => {
      // The client exists only if a command used the database (lib/server/db.ts caches it there).
      const client = (globalThis as { framewiseDb?: { $disconnect(): Promise<void> } }).framewiseDb;
      await client?.$disconnect().catch(() => {});
      process.exitCode = code;
    })
    .catch((e: unknown) => {
      process.stderr.write(`error: ${oneLine(e)}\n`);
      process.exitCode = EXIT.runtime;
    });
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith("lib/cli/main.ts")) {
  void runCli(process.argv.slice(2));
}
