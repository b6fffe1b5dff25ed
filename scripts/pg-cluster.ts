// A throwaway PostgreSQL cluster in a temporary directory, listening on loopback only.
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

export type PgCluster = {
  url: (db?: string) => string;
  port: number;
  dir: string;
  stop: () => void;
  restart: () => void;
  pause: () => void;
};

export function pgBinDir(): string | null {
  const base = "/usr/lib/postgresql";
  if (!existsSync(base)) return null;
  const versions = readdirSync(base)
    .filter((v) => existsSync(path.join(base, v, "bin", "initdb")))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(base, versions[0], "bin") : null;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** initdb refuses to run as root, so as root the cluster belongs to the `postgres` system user. */
function asPgUser(cmd: string, args: string[], opts: { allowFail?: boolean } = {}): void {
  const isRoot = process.getuid?.() === 0;
  const [file, argv] = isRoot ? ["runuser", ["-u", "postgres", "--", cmd, ...args]] : [cmd, args];
  const r = spawnSync(file, argv, { stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" });
  if (r.status !== 0 && !opts.allowFail) throw new Error(`${path.basename(cmd)} failed: ${r.stderr || r.stdout}`);
}

export async function startPgCluster(): Promise<PgCluster> {
  const bin = pgBinDir();
  if (!bin)
    throw new Error("PostgreSQL server binaries not found under /usr/lib/postgresql (apt-get install postgresql)");
  const dir = mkdtempSync(path.join(tmpdir(), "framewise-pg-"));
  chmodSync(dir, 0o777);
  const data = path.join(dir, "data");
  if (process.getuid?.() === 0) execFileSync("chown", ["postgres", dir]);
  const port = await freePort();
  asPgUser(path.join(bin, "initdb"), [
    "-D",
    data,
    "-U",
    "framewise",
    "--auth=trust",
    "-E",
    "UTF8",
    "--locale=C.UTF-8",
    "--no-sync",
  ]);
  const opts = `-c listen_addresses=127.0.0.1 -c port=${port} -c unix_socket_directories=${dir} -c fsync=off -c max_connections=300 -c shared_buffers=128MB`;
  const start = () =>
    asPgUser(path.join(bin, "pg_ctl"), [
      "-D",
      data,
      "-o",
      opts,
      "-l",
      path.join(dir, "log"),
      "-w",
      "-t",
      "60",
      "start",
    ]);
  const stop = () => asPgUser(path.join(bin, "pg_ctl"), ["-D", data, "-m", "fast", "-w", "stop"], { allowFail: true });
  start();
  return {
    port,
    dir,
    url: (db = "postgres") => `postgresql://framewise@127.0.0.1:${port}/${db}`,
    pause: stop,
    restart: start,
    stop: () => {
      stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
