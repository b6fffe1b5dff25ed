// Runs the browser tests on both databases at once: the SQLite pass and the PostgreSQL pass are independent
// (each has its own server, port, database and state directory; see playwright.config.ts), and one pass
// keeps about one core busy, so side by side they take little longer than the slower of the two.
// Arguments are passed to both `playwright test` runs. Exits non-zero if either pass fails.
import { spawn } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import type { E2eDb } from "./harness/e2e-state";

const root = path.resolve(import.meta.dirname, "..");
const bin = path.join(root, "node_modules", ".bin", "playwright");
const passes: E2eDb[] = ["sqlite", "postgresql"];
const started = Date.now();

function run(db: E2eDb): Promise<number> {
  const child = spawn(bin, ["test", ...process.argv.slice(2)], {
    cwd: root,
    env: { ...process.env, E2E_DB: db },
    stdio: ["ignore", "pipe", "pipe"],
  });
  for (const sig of ["SIGINT", "SIGTERM"] as const) process.on(sig, () => child.kill(sig));
  const tag = `[${db}] `;
  for (const stream of [child.stdout, child.stderr])
    createInterface({ input: stream }).on("line", (line) => process.stdout.write(`${tag}${line}\n`));
  return new Promise((resolve) =>
    child.on("close", (code, signal) => {
      const secs = Math.round((Date.now() - started) / 1000);
      console.log(`${tag}pass ${code === 0 ? "passed" : `FAILED (${signal ?? `exit ${code}`})`} after ${secs} s`);
      resolve(code ?? 1);
    }),
  );
}

const codes = await Promise.all(passes.map(run));
const failed = passes.filter((_, i) => codes[i] !== 0);
if (failed.length) {
  console.error(`browser tests failed on: ${failed.join(", ")}`);
  process.exit(1);
}
