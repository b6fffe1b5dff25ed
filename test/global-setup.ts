// Builds one migrated SQLite database with the real migration runner; every test file gets a copy.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { deploy } from "../scripts/db";

export default function setup(project: TestProject) {
  const dir = mkdtempSync(path.join(tmpdir(), "framewise-test-"));
  const template = path.join(dir, "template.db");
  deploy(`file:${template}`, true);
  project.provide("sqliteTemplate", template);
  project.provide("tmpDir", dir);
  return () => rmSync(dir, { recursive: true, force: true });
}

declare module "vitest" {
  export interface ProvidedContext {
    sqliteTemplate: string;
    tmpDir: string;
  }
}
