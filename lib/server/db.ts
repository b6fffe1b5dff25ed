import "server-only";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/sqlite/client";
import { PrismaClient as PgPrismaClient } from "@/lib/generated/postgresql/client";
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

/** The database behind each client made by createDb (for the few queries whose SQL differs by dialect). */
const dialects = new WeakMap<object, Dialect>();

export function createDb(url: string): Db {
  let client: Db;
  if (dialectOf(url) === "sqlite") {
    const file = url.replace(/^file:/, "").replace(/\?.*$/, "");
    // 5 s busy timeout: concurrent writers queue instead of failing with SQLITE_BUSY.
    const adapter = new PrismaBetterSQLite3({ url: file, timeout: 5000 });
    client = new PrismaClient({ adapter });
  } else {
    const adapter = new PrismaPg({ connectionString: url, max: 20 });
    client = new PgPrismaClient({ adapter }) as unknown as Db;
  }
  dialects.set(client, dialectOf(url));
  return client;
}

const globalForDb = globalThis as unknown as { framewiseDb?: Db };

export function getDb(): Db {
  if (!globalForDb.framewiseDb) globalForDb.framewiseDb = createDb(env().DATABASE_URL);
  return globalForDb.framewiseDb;
}

/** The dialect of the database `db` currently points at. */
export function dbDialect(): Dialect {
  const client = getDb();
  const known = dialects.get(client);
  if (known) return known;
  // A client made elsewhere: ask it (both generated clients record their provider).
  const provider = (client as unknown as { _activeProvider?: string })._activeProvider;
  return provider === "postgresql" ? "postgresql" : provider === "sqlite" ? "sqlite" : dialectOf(env().DATABASE_URL);
}

export const db: Db = new Proxy({} as Db, {
  get(_target, prop) {
    const client = getDb() as unknown as Record<string | symbol, unknown>;
    const value = client[prop];
    return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(client) : value;
  },
});
