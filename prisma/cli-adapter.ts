// Driver adapters for the Prisma CLI's WASM schema engine. Every workaround for
// Prisma 6.19 + driver adapters lives here, each naming its upstream reason and
// each covered by test/integration/prisma-shims.test.ts, which fails when an
// upgrade makes a shim unnecessary or broken.
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";

export type Dialect = "sqlite" | "postgresql";

export function dialectOf(url: string): Dialect {
  if (url.startsWith("file:")) return "sqlite";
  if (/^postgres(ql)?:\/\//.test(url)) return "postgresql";
  throw new Error(
    `DATABASE_URL must start with file: (SQLite) or postgres:// (PostgreSQL), got "${url.slice(0, 20)}..."`,
  );
}

export function sqliteFilePath(url: string): string {
  return url.replace(/^file:/, "").replace(/\?.*$/, "");
}

// prisma/orm#27403: adapter-pg 6.19.3 has no column type for PostgreSQL's `char` (OID 18)
// and `name` (OID 19), which the migration engine reads from the catalogue, so
// `migrate deploy` fails with "Column type 'name' could not be deserialized". Both are text.
const TEXT_OID = 25;
const UNMAPPED_TEXT_OIDS = new Set([18, 19]);

type Queryable = { query: (...args: unknown[]) => unknown };

function remapTextTypes<T>(result: T): T {
  const fields = (result as { fields?: { dataTypeID: number }[] } | undefined)?.fields;
  for (const f of fields ?? []) if (UNMAPPED_TEXT_OIDS.has(f.dataTypeID)) f.dataTypeID = TEXT_OID;
  return result;
}

function patchQuery<T extends Queryable>(target: T): T {
  const original = target.query.bind(target);
  target.query = (...args: unknown[]) => {
    const r = original(...args);
    return r instanceof Promise ? r.then(remapTextTypes) : r;
  };
  return target;
}

/** A pg pool whose results map `char`/`name` columns to text (see prisma/orm#27403 above). */
export function textMappingPool(connectionString: string): pg.Pool {
  // allowExitOnIdle: the CLI otherwise lingers ~10 s on idle connections after finishing.
  const pool = patchQuery(new pg.Pool({ connectionString, allowExitOnIdle: true, max: 4 }));
  // pg's own pool.query() calls connect() with a callback; the adapter uses the promise form.
  const connect = pool.connect.bind(pool) as (
    cb?: (err: Error | undefined, client?: pg.PoolClient, done?: unknown) => void,
  ) => Promise<pg.PoolClient> | undefined;
  (pool as unknown as { connect: typeof connect }).connect = (cb) => {
    if (cb) return connect((err, client, done) => cb(err, client && patchQuery(client), done));
    return (connect() as Promise<pg.PoolClient>).then(patchQuery);
  };
  return pool;
}

export async function cliAdapter(url: string) {
  if (dialectOf(url) === "sqlite") return new PrismaBetterSQLite3({ url: sqliteFilePath(url) });
  return new PrismaPg(textMappingPool(url));
}
