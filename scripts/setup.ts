// Prepares a local install: an auth secret in .env, migrations applied, sample corpus loaded.
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { DEFAULT_URL, deploy } from "./db";

const root = path.resolve(import.meta.dirname, "..");
const envFile = path.join(root, ".env");
const current = existsSync(envFile) ? readFileSync(envFile, "utf8") : "";
if (!/^BETTER_AUTH_SECRET=/m.test(current)) {
  writeFileSync(
    envFile,
    `${current}${current && !current.endsWith("\n") ? "\n" : ""}BETTER_AUTH_SECRET=${randomBytes(32).toString("hex")}\n`,
    { mode: 0o600 },
  );
  console.log("Wrote a new BETTER_AUTH_SECRET to .env");
}
const url = process.env.DATABASE_URL ?? DEFAULT_URL;
deploy(url, true);
const seed = spawnSync(process.execPath, ["--import", "tsx", "--conditions=react-server", "prisma/seed.ts"], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, DATABASE_URL: url },
});
if (seed.status !== 0) process.exit(seed.status ?? 1);
