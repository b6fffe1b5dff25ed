// Serves the built app on a fresh database for the browser tests: SQLite by default, or a throwaway
// PostgreSQL cluster on loopback with E2E_DB=postgresql (stopped with the server).
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { deploy } from "./db";
import { e2eDb, e2ePort, e2eStateDir } from "./harness/e2e-state";
import { type PgCluster, startPgCluster } from "./pg-cluster";

const root = path.resolve(import.meta.dirname, "..");
const port = String(e2ePort());
const state = e2eStateDir();
let cluster: PgCluster | undefined;
let url = process.env.E2E_DATABASE_URL ?? `file:${path.join(state, "e2e.db")}`;
if (e2eDb() === "postgresql") {
  cluster = await startPgCluster();
  const admin = new pg.Client({ connectionString: cluster.url() });
  await admin.connect();
  await admin.query("CREATE DATABASE framewise_e2e");
  await admin.end();
  url = cluster.url("framewise_e2e");
  console.log(`e2e database: PostgreSQL on 127.0.0.1:${cluster.port}`);
}
if (url.startsWith("file:"))
  for (const s of ["", "-wal", "-shm"]) rmSync(path.resolve(root, url.slice(5)) + s, { force: true });
mkdirSync(state, { recursive: true });
deploy(url, true);
// Specs that need a bulk fixture run the CLI against this database, as an operator would on the server.
writeFileSync(path.join(state, "database-url"), url, { mode: 0o600 });
// The server writes its one-time setup token here; the journey spec reads it, as an operator would.
const setupTokenFile = path.join(state, "setup-token");
rmSync(setupTokenFile, { force: true });
const env = {
  ...process.env,
  DATABASE_URL: url,
  BETTER_AUTH_URL: `http://localhost:${port}`,
  BETTER_AUTH_SECRET: "e2e-secret-e2e-secret-e2e-secret-0123456789",
  NEXT_TELEMETRY_DISABLED: "1",
  FRAMEWISE_SETUP_TOKEN_FILE: setupTokenFile,
};
const seed = spawnSync(process.execPath, ["--import", "tsx", "--conditions=react-server", "prisma/seed.ts"], {
  cwd: root,
  stdio: "inherit",
  env,
});
if (seed.status !== 0) {
  cluster?.stop();
  process.exit(seed.status ?? 1);
}
const server = spawn(path.join(root, "node_modules", ".bin", "next"), ["start", "-p", port], {
  cwd: root,
  stdio: "inherit",
  env,
});
for (const sig of ["SIGINT", "SIGTERM"] as const) process.on(sig, () => server.kill(sig));
server.on("exit", (code) => {
  cluster?.stop();
  process.exit(code ?? 0);
});
