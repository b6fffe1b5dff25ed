// Gives each test file its own real database, copied from the migrated template.
import { randomUUID } from "node:crypto";
import { copyFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { inject } from "vitest";

const template = inject("dbTemplate");
if (process.env.TEST_DB === "postgresql") {
  const name = `t_${randomUUID().replaceAll("-", "")}`;
  const admin = new pg.Client({ connectionString: template });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE framewise_template`);
  await admin.end();
  process.env.DATABASE_URL = template.replace(/\/[^/]+$/, `/${name}`);
} else {
  const file = path.join(inject("tmpDir"), `${randomUUID()}.db`);
  copyFileSync(template, file);
  process.env.DATABASE_URL = `file:${file}`;
}
// The first-admin setup token file (lib/server/users/setup-token.ts) of this test file, never the checkout's.
process.env.FRAMEWISE_SETUP_TOKEN_FILE = path.join(inject("tmpDir"), `${randomUUID()}.setup-token`);
delete (globalThis as { framewiseDb?: unknown }).framewiseDb;
