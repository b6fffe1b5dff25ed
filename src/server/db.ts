import "server-only";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/generated/sqlite/client";
import { PrismaClient as PgPrismaClient } from "@/generated/postgresql/client";
import { env } from "./env";

/**
 * The two generated clients have identical models (a test compares the schemas),
 * so the SQLite client's type serves as the one data-access type.
 */
export type Db = PrismaClient;
export type Dialect = "sqlite" | "postgresql";

export function dialectOf(url: string): Dialect {
  return url.startsWith("file:") ? "sqlite" : "postgresql";
}

export function createDb(url: string): Db {
  if (dialectOf(url) === "sqlite") {
    const file = url.replace(/^file:/, "").replace(/\?.*$/, "");
    // 5 s busy timeout: concurrent writers queue instead of failing with SQLITE_BUSY.
    const adapter = new PrismaBetterSQLite3({ url: file, timeout: 5000 });
    return new PrismaClient({ adapter });
  }
  const adapter = new PrismaPg({ connectionString: url, max: 20 });
  return new PgPrismaClient({ adapter }) as unknown as Db;
}

const globalForDb = globalThis as unknown as { framewiseDb?: Db };

export function getDb(): Db {
  if (!globalForDb.framewiseDb) globalForDb.framewiseDb = createDb(env().DATABASE_URL);
  return globalForDb.framewiseDb;
}

export const db: Db = new Proxy({} as Db, {
  get(_target, prop) {
    const client = getDb() as unknown as Record<string | symbol, unknown>;
    const value = client[prop];
    return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(client) : value;
  },
});
