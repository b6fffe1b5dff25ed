// Fresh, migrated databases for the server benchmarks: a SQLite file or a throwaway PostgreSQL cluster.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { deploy } from "../db";
import { startPgCluster } from "../pg-cluster";

export type Dialect = "sqlite" | "postgresql";
export type BenchDb = {
  dialect: Dialect;
  url: string;
  dispose: () => void;
  cluster?: Awaited<ReturnType<typeof startPgCluster>>;
};

export async function freshDb(dialect: Dialect): Promise<BenchDb> {
  if (dialect === "sqlite") {
    const dir = mkdtempSync(path.join(tmpdir(), "framewise-bench-"));
    const url = `file:${path.join(dir, "bench.db")}`;
    deploy(url, true);
    return { dialect, url, dispose: () => rmSync(dir, { recursive: true, force: true }) };
  }
  const cluster = await startPgCluster();
  const admin = new pg.Client({ connectionString: cluster.url() });
  await admin.connect();
  await admin.query("CREATE DATABASE framewise_bench");
  await admin.end();
  const url = cluster.url("framewise_bench");
  deploy(url, true);
  return { dialect, url, cluster, dispose: () => cluster.stop() };
}
