// Database lifecycle: generate both clients, deploy migrations, reset. Used by npm scripts, tests and CI.
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import Database from "better-sqlite3";
import path from "node:path";
import { dialectOf, sqliteFilePath } from "../prisma/cli-adapter";

export const DEFAULT_URL = "file:./data/framewise.db";
const root = path.resolve(import.meta.dirname, "..");
const prismaBin = path.join(root, "node_modules", ".bin", "prisma");

function prisma(args: string[], url: string, quiet = false): void {
  const r = spawnSync(prismaBin, args, {
    cwd: root,
    stdio: ["ignore", quiet ? "pipe" : "inherit", "inherit"],
    env: {
      ...process.env,
      DATABASE_URL: url,
      PRISMA_HIDE_UPDATE_MESSAGE: "1",
      NODE_OPTIONS: `--require ${path.join(root, "prisma", "unref-timers.cjs")}`,
    },
  });
  if (r.status !== 0) throw new Error(`prisma ${args.join(" ")} failed (exit ${r.status})`);
}

export function generate(): void {
  // Both clients are always generated: one process (tests, CLI) may talk to either database.
  prisma(["generate", "--schema", "prisma/sqlite/schema.prisma"], "file:./data/unused.db");
  prisma(["generate", "--schema", "prisma/postgresql/schema.prisma"], "postgresql://unused@127.0.0.1/unused");
}

export function deploy(url: string, quiet = false): void {
  const sqlite = dialectOf(url) === "sqlite";
  if (sqlite) mkdirSync(path.dirname(path.resolve(root, sqliteFilePath(url))), { recursive: true });
  prisma(["migrate", "deploy"], url, quiet);
  if (sqlite) {
    // WAL is a property of the file: readers never block the writer, and writers queue on the busy timeout.
    const file = new Database(path.resolve(root, sqliteFilePath(url)));
    file.pragma("journal_mode = WAL");
    file.close();
  }
}

export function reset(url: string): void {
  if (dialectOf(url) !== "sqlite")
    throw new Error("db:reset only removes SQLite files; drop a PostgreSQL database with your own tools");
  const file = path.resolve(root, sqliteFilePath(url));
  for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(file + suffix, { force: true });
  deploy(url);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const url = process.env.DATABASE_URL ?? DEFAULT_URL;
  const cmd = process.argv[2];
  if (cmd === "generate") generate();
  else if (cmd === "deploy") deploy(url);
  else if (cmd === "reset") reset(url);
  else {
    console.error("usage: tsx scripts/db.ts generate|deploy|reset");
    process.exit(2);
  }
}
