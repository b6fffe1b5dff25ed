// Builds one migrated database per dialect with the real migration runner; every test file gets a copy.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { deploy } from "../scripts/db";
import { startPgCluster } from "../scripts/pg-cluster";

export default async function setup(project: TestProject) {
  const dialect = project.config.env?.TEST_DB === "postgresql" ? "postgresql" : "sqlite";
  if (dialect === "sqlite") {
    const dir = mkdtempSync(path.join(tmpdir(), "framewise-test-"));
    const template = path.join(dir, "template.db");
    deploy(`file:${template}`, true);
    project.provide("dbTemplate", template);
    project.provide("tmpDir", dir);
    return () => rmSync(dir, { recursive: true, force: true });
  }
  const cluster = await startPgCluster();
  const { default: pg } = await import("pg");
  const admin = new pg.Client({ connectionString: cluster.url() });
  await admin.connect();
  await admin.query("CREATE DATABASE framewise_template");
  await admin.end();
  deploy(cluster.url("framewise_template"), true);
  project.provide("dbTemplate", cluster.url());
  project.provide("tmpDir", cluster.dir);
  return () => cluster.stop();
}

declare module "vitest" {
  export interface ProvidedContext {
    /** SQLite: path of the migrated template file. PostgreSQL: URL of the cluster's maintenance database. */
    dbTemplate: string;
    tmpDir: string;
  }
}
