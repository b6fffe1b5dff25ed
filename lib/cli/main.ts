/**
 * Framewise command line: `npm run --silent cli -- <command> [options]`.
 * Every module in ./commands/ is a subcommand (see command.ts). Exit codes: 0 ok, 1 runtime error,
 * 2 usage error, 3 validation errors in the input (nothing imported).
 */
import { readdirSync } from "node:fs";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { DatasetImportError, describeIssue } from "@/lib/server/dataset/issues";
import { type CliIO, type Command, EXIT, UsageError } from "./command";

async function loadCommands(): Promise<Map<string, Command>> {
  const dir = new URL("./commands/", import.meta.url);
  const files = readdirSync(dir).filter((f) => /\.(ts|mts|js|mjs)$/.test(f) && !/\.(test|spec|d)\./.test(f)).sort();
  const commands = new Map<string, Command>();
  for (const f of files) {
    const mod = (await import(new URL(f, dir).href)) as { default?: Command };
    if (mod.default?.name) commands.set(mod.default.name, mod.default);
  }
  return commands;
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
  const commands = await loadCommands();
  const [name, ...rest] = argv;
  if (name === undefined || name === "help" || name === "--help" || name === "-h") {
    io.stderr.write(`${overview(commands)}\n`);
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const command = commands.get(name);
  if (!command) {
    io.stderr.write(`unknown command "${name}"\n\n${overview(commands)}\n`);
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
    io.stderr.write(`error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return EXIT.runtime;
  }
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith("lib/cli/main.ts")) {
  const io: CliIO = { stdout: process.stdout, stderr: process.stderr, progress: (m) => process.stderr.write(`${m}\n`) };
  main(process.argv.slice(2), io)
    .then(async (code) => {
      await db.$disconnect().catch(() => {});
      process.exitCode = code;
    })
    .catch((e: unknown) => {
      process.stderr.write(`error: ${String(e)}\n`);
      process.exitCode = EXIT.runtime;
    });
}
