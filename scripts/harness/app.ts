// Starting and stopping the built app (`next start`) on a database of its own, for load runs,
// benchmarks and the fault test. Also: the fixture child process and signing reviewers in over HTTP.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, rmSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import type { Fixture, FixtureOptions } from "./fixture";

export const root = path.resolve(import.meta.dirname, "..", "..");
export const SECRET = "load-secret-load-secret-load-secret-0123456789";

/** `next build` once when there is no build yet (benchmarks run against the production server). */
export function ensureBuilt(): void {
  if (existsSync(path.join(root, ".next", "BUILD_ID"))) return;
  console.error("no .next build found: running next build ...");
  const r = spawnSync(path.join(root, "node_modules", ".bin", "next"), ["build"], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (r.status !== 0) throw new Error("next build failed");
}

export function removeSqlite(file: string): void {
  for (const s of ["", "-wal", "-shm", "-journal"]) rmSync(file + s, { force: true });
}

/** Runs scripts/harness/fixture.ts against `databaseUrl` (already migrated) and returns what it made. */
export function makeFixture(databaseUrl: string, options: FixtureOptions): Fixture {
  const r = spawnSync(
    process.execPath,
    ["--import", "tsx", "--conditions=react-server", "scripts/harness/fixture.ts", JSON.stringify(options)],
    {
      cwd: root,
      encoding: "utf8",
      maxBuffer: 256 * 1024 * 1024,
      env: { ...process.env, DATABASE_URL: databaseUrl, NODE_ENV: "production", BETTER_AUTH_SECRET: SECRET },
    },
  );
  if (r.status !== 0) throw new Error(`fixture failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").at(-1)!) as Fixture;
}

export type App = {
  url: string;
  port: number;
  proc: ChildProcess;
  /** Everything the server printed (for "database is locked" and crash checks). */
  log: () => string;
  /** SIGKILL to the whole process group: no shutdown hooks, no flush, like a power cut of the app. */
  kill: () => Promise<void>;
  stop: () => Promise<void>;
  /** CPU seconds (user + system) used so far by the server's processes: a figure other load on the machine does not inflate. */
  cpuSeconds: () => number;
};

const TICKS = 100; // USER_HZ on Linux

function groupCpuSeconds(pgid: number): number {
  let ticks = 0;
  for (const pid of readdirSync("/proc")) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      // fields after the name: state(0) ppid(1) pgrp(2) ... utime(11) stime(12)
      if (Number(f[2]) === pgid) ticks += Number(f[11]) + Number(f[12]);
    } catch {
      /* exited meanwhile */
    }
  }
  return ticks / TICKS;
}

/** `nodeArgs` go to the node running next (e.g. --cpu-prof, which NODE_OPTIONS refuses). */
export async function startApp(
  port: number,
  databaseUrl: string,
  extraEnv: Record<string, string> = {},
  nodeArgs: string[] = [],
): Promise<App> {
  const url = `http://localhost:${port}`;
  let output = "";
  const proc = spawn(
    process.execPath,
    [...nodeArgs, path.join(root, "node_modules", "next", "dist", "bin", "next"), "start", "-p", String(port)],
    {
      cwd: root,
      detached: true, // its own process group, so a kill reaches next's worker processes too
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...process.env,
        NODE_ENV: "production",
        DATABASE_URL: databaseUrl,
        BETTER_AUTH_URL: url,
        BETTER_AUTH_SECRET: SECRET,
        NEXT_TELEMETRY_DISABLED: "1",
        ...extraEnv,
      },
    },
  );
  proc.stdout?.on("data", (d) => (output += d));
  proc.stderr?.on("data", (d) => (output += d));
  const exited = new Promise<void>((resolve) => proc.once("exit", () => resolve()));
  const signal = async (sig: NodeJS.Signals) => {
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    try {
      process.kill(-proc.pid!, sig);
    } catch {
      /* already gone */
    }
    await exited;
  };
  const app: App = {
    url,
    port,
    proc,
    log: () => output,
    kill: () => signal("SIGKILL"),
    stop: () => signal("SIGTERM"),
    cpuSeconds: () => groupCpuSeconds(proc.pid!),
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`next start exited (${proc.exitCode}):\n${output}`);
    try {
      const r = await request(url, "GET", "/sign-in", undefined, {}, false);
      if (r.status < 500) return app;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      await app.kill();
      throw new Error(`next start did not answer within 60 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 150));
  }
}

// ---- a small keep-alive HTTP client (less overhead than fetch, so the load generator stays light) ----

const agents = new Map<string, http.Agent>();
function agentFor(base: string): http.Agent {
  let a = agents.get(base);
  if (!a) agents.set(base, (a = new http.Agent({ keepAlive: true, maxSockets: 512 })));
  return a;
}
export function closeAgents(): void {
  for (const a of agents.values()) a.destroy();
  agents.clear();
}

export type Reply = { status: number; body: string; json: () => unknown; headers: http.IncomingHttpHeaders };

/** `keepAlive` false: a one-off connection (start-up probes, which must not leave sockets to a dying server in the pool). */
export function request(
  base: string,
  method: string,
  pathname: string,
  body?: unknown,
  headers: Record<string, string> = {},
  keepAlive = true,
): Promise<Reply> {
  const u = new URL(pathname, base);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: u.hostname,
        port: u.port,
        path: u.pathname + u.search,
        method,
        agent: keepAlive ? agentFor(base) : false,
        headers: {
          origin: base,
          ...(payload ? { "content-type": "application/json", "content-length": Buffer.byteLength(payload) } : {}),
          ...headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          resolve({ status: res.statusCode ?? 0, body: text, headers: res.headers, json: () => JSON.parse(text) });
        });
        res.on("error", reject);
      },
    );
    req.setTimeout(120_000, () => req.destroy(new Error("request timed out after 120 s")));
    req.on("error", reject);
    if (payload) req.write(payload);
    req.end();
  });
}

/**
 * Signs a reviewer in through better-auth's HTTP endpoint and returns the session cookie.
 * better-auth limits sign-ins to 3 per 10 s per client address, so each simulated reviewer
 * comes from an address of its own (X-Forwarded-For on loopback), as real reviewers would;
 * a 429 is waited out rather than failing the run.
 */
export async function signIn(base: string, email: string, password: string, clientIp: string): Promise<string> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const r = await request(
      base,
      "POST",
      "/api/auth/sign-in/email",
      { email, password },
      { "x-forwarded-for": clientIp },
    );
    if (r.status === 429) {
      await new Promise((res) => setTimeout(res, 1000 * Number(r.headers["retry-after"] ?? 2)));
      continue;
    }
    if (r.status !== 200) throw new Error(`sign-in of ${email} failed: ${r.status} ${r.body.slice(0, 200)}`);
    const cookies = ([] as string[]).concat(r.headers["set-cookie"] ?? []);
    const jar = cookies.map((c) => c.split(";")[0]).join("; ");
    if (!jar.includes("session_token")) throw new Error(`sign-in of ${email} set no session cookie`);
    return jar;
  }
  throw new Error(`sign-in of ${email}: still rate limited`);
}

export async function signInAll(base: string, fixture: Fixture, count = fixture.reviewers.length): Promise<string[]> {
  const list = fixture.reviewers.slice(0, count);
  // A few at a time: scrypt verification is CPU-bound on the server.
  const out: string[] = new Array(list.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < list.length) {
        const i = next++;
        out[i] = await signIn(base, list[i]!.email, fixture.password, `10.77.${Math.floor(i / 250)}.${(i % 250) + 1}`);
      }
    }),
  );
  return out;
}
