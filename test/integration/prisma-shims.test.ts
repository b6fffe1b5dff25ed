// Every workaround for Prisma 6.19 + driver adapters (prisma/cli-adapter.ts, prisma/unref-timers.cjs),
// each with a test that fails when an upgrade makes it unnecessary ("is still needed") or broken ("works").
// The zod shim (safeParseInput) has its pair in lib/schemas/common.test.ts.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { textMappingPool } from "../../prisma/cli-adapter";

const ROOT = path.resolve(import.meta.dirname, "../..");
const UNREF = path.join(ROOT, "prisma", "unref-timers.cjs");

/** Runs a command to its exit; resolves with the exit code and the wall time it took. */
function timed(
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; ms: number; err: string }> {
  const t0 = Date.now();
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: ROOT, env, stdio: ["ignore", "ignore", "pipe"] });
    let err = "";
    child.stderr.on("data", (d: Buffer) => {
      err += d.toString();
    });
    child.on("close", (code) => resolve({ code, ms: Date.now() - t0, err }));
  });
}

describe("unref-timers.cjs (the WASM schema engine's leftover timers)", () => {
  it("works: long timers no longer keep a process alive, short ones still fire", async () => {
    const script =
      "setTimeout(() => process.stdout.write('late'), 20000); setTimeout(() => process.stderr.write('short'), 50);";
    const r = await timed(process.execPath, ["--require", UNREF, "-e", script], process.env);
    expect(r.code).toBe(0);
    expect(r.err).toBe("short");
    expect(r.ms).toBeLessThan(10_000);
  });
});

if (process.env.TEST_DB === "postgresql") {
  const url = process.env.DATABASE_URL!;

  describe("PostgreSQL adapter shims (prisma/cli-adapter.ts)", () => {
    async function selectName(adapterPool: pg.Pool) {
      const adapter = await new PrismaPg(adapterPool).connect();
      try {
        return await adapter.queryRaw({ sql: "SELECT 'x'::name AS n, 'y'::\"char\" AS c", args: [], argTypes: [] });
      } finally {
        await adapter.dispose();
      }
    }

    it("is still needed: the plain adapter cannot read `name`/`char` columns (prisma/orm#27403)", async () => {
      // When this starts passing through, the upstream fix landed: delete the shim.
      const plain = new pg.Pool({ connectionString: url, allowExitOnIdle: true });
      await expect(selectName(plain)).rejects.toThrow(/could not be deserialized|Unsupported/i);
      await plain.end();
    });

    it("works: the shimmed pool reads them as text, through both pool.query and pool.connect", async () => {
      const result = await selectName(textMappingPool(url));
      expect(result.rows).toEqual([["x", "y"]]);
      const pool = textMappingPool(url);
      const viaQuery = await pool.query("SELECT 'z'::name AS n");
      expect(viaQuery.fields[0]?.dataTypeID).toBe(25);
      const viaCallback = await new Promise<number | undefined>((resolve, reject) => {
        pool.connect((err, client, done) => {
          if (err || !client) return reject(err);
          client.query("SELECT 'w'::name AS n").then((r) => {
            done();
            resolve(r.fields[0]?.dataTypeID);
          }, reject);
        });
      });
      expect(viaCallback).toBe(25);
      await pool.end();
    });
  });

  describe("unref-timers.cjs with the real CLI", () => {
    it("is still needed: `migrate deploy` on PostgreSQL leaves timers of 2 s and more behind", async () => {
      // A preload that counts the long timers the CLI starts (it runs before unref-timers.cjs, so the run stays fast).
      const dir = mkdtempSync(path.join(tmpdir(), "fw-shim-"));
      const counter = path.join(dir, "count-long-timers.cjs");
      writeFileSync(
        counter,
        `let n = 0; const t = globalThis.setTimeout; globalThis.setTimeout = function (fn, ms, ...a) { if (ms >= 2000) n++; return t.call(this, fn, ms, ...a); };
         process.on("exit", () => process.stderr.write("LONG_TIMERS=" + n + "\\n"));`,
      );
      const r = await timed(path.join(ROOT, "node_modules", ".bin", "prisma"), ["migrate", "deploy"], {
        ...process.env,
        DATABASE_URL: url,
        PRISMA_HIDE_UPDATE_MESSAGE: "1",
        NODE_OPTIONS: `--require ${counter} --require ${UNREF}`,
      });
      rmSync(dir, { recursive: true, force: true });
      expect(r.code).toBe(0);
      const counts = [...r.err.matchAll(/LONG_TIMERS=(\d+)/g)].map((m) => Number(m[1]));
      // When no process of the CLI starts such a timer any more, the upstream fix landed: drop the preload.
      expect(Math.max(0, ...counts)).toBeGreaterThan(0);
    }, 120_000);
  });
}
