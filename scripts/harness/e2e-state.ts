import path from "node:path";

/** The database of a browser-test pass: E2E_DB, SQLite unless it says postgresql. */
export type E2eDb = "sqlite" | "postgresql";
export const e2eDb = (): E2eDb => (process.env.E2E_DB === "postgresql" ? "postgresql" : "sqlite");

/**
 * Where a browser-test pass keeps its server's state (its SQLite file, its database URL, its one-time setup
 * token): one directory per database, so the SQLite and PostgreSQL passes can run at the same time.
 */
export const e2eStateDir = (db: E2eDb = e2eDb()) => path.resolve(import.meta.dirname, "..", "..", "data", `e2e-${db}`);

/** Each pass has its own port, for the same reason. */
export const e2ePort = (db: E2eDb = e2eDb()) => Number(process.env.E2E_PORT ?? (db === "postgresql" ? 3101 : 3100));
