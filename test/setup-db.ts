// Gives each test file its own real SQLite database, copied from the migrated template.
import { copyFileSync } from "node:fs";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { inject } from "vitest";

const file = path.join(inject("tmpDir"), `${randomUUID()}.db`);
copyFileSync(inject("sqliteTemplate"), file);
process.env.DATABASE_URL = `file:${file}`;
delete (globalThis as { framewiseDb?: unknown }).framewiseDb;
