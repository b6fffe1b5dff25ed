// Driver adapters for the Prisma CLI's WASM schema engine. Every workaround for
// Prisma 6.19 + driver adapters lives here, each naming its upstream reason.
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";

export type Dialect = "sqlite" | "postgresql";

export function dialectOf(url: string): Dialect {
  if (url.startsWith("file:")) return "sqlite";
  if (/^postgres(ql)?:\/\//.test(url)) return "postgresql";
  throw new Error(`DATABASE_URL must start with file: (SQLite) or postgres:// (PostgreSQL), got "${url.slice(0, 20)}..."`);
}

export function sqliteFilePath(url: string): string {
  return url.replace(/^file:/, "").replace(/\?.*$/, "");
}

export async function cliAdapter(url: string) {
  if (dialectOf(url) === "sqlite") return new PrismaBetterSQLite3({ url: sqliteFilePath(url) });
  return new PrismaPg({ connectionString: url });
}
