// Compares the database with a workload's ledger: every acknowledged write present with its last
// acknowledged content, nothing deleted comes back, no rows nobody asked for, no duplicates.
import Database from "better-sqlite3";
import pg from "pg";
import type { SpanState, WorkloadResult } from "./workload";

type Row = {
  id: string;
  articleId: string;
  userId: string;
  labelId: string;
  start: number;
  end: number;
  quote: string;
  note: string;
  version: number;
};

const QUERY = `SELECT a."id", a."articleId", a."userId", a."labelId", a."start", a."end", a."quote", a."note", a."version"
  FROM "Annotation" a JOIN "Article" r ON r."id" = a."articleId" WHERE r."projectId" = `;

export async function readSpans(databaseUrl: string, projectId: string): Promise<Row[]> {
  if (databaseUrl.startsWith("file:")) {
    const sql = new Database(databaseUrl.slice(5), { readonly: true });
    try {
      return sql.prepare(`${QUERY}?`).all(projectId) as Row[];
    } finally {
      sql.close();
    }
  }
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query<Row>(`${QUERY}$1`, [projectId])).rows;
  } finally {
    await client.end();
  }
}

/** SQLite: PRAGMA integrity_check (opening the file also replays a WAL left by a killed process). */
export function sqliteIntegrity(file: string): string {
  const sql = new Database(file);
  try {
    return (sql.pragma("integrity_check") as { integrity_check: string }[]).map((r) => r.integrity_check).join("; ");
  } finally {
    sql.close();
  }
}

/** PostgreSQL: amcheck over the B-tree indexes of the annotation tables (heap and index agree), when available. */
export async function pgIntegrity(databaseUrl: string): Promise<string> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query("CREATE EXTENSION IF NOT EXISTS amcheck");
    const idx = await client.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid
       WHERE t.relname IN ('Annotation', 'Article', 'ArticleStatus', 'session', 'user') AND c.relam = (SELECT oid FROM pg_am WHERE amname = 'btree')`,
    );
    for (const { name } of idx.rows)
      await client.query(`SELECT bt_index_check(index => $1::regclass, heapallindexed => true)`, [`"${name}"`]);
    return `ok (${idx.rows.length} indexes checked with amcheck)`;
  } finally {
    await client.end();
  }
}

export type Verification = {
  ok: boolean;
  rows: number;
  expected: number;
  missing: string[];
  wrongContent: string[];
  resurrected: string[];
  unexpected: number;
  duplicates: number;
  inDoubtCreatesLanded: number;
  badQuotes: number;
};

export function verify(rows: Row[], w: WorkloadResult, texts: Map<string, string[]>): Verification {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const same = (r: Row, s: SpanState) => r.labelId === s.labelId && r.note === s.note && r.version === s.version;
  const v: Verification = {
    ok: false,
    rows: rows.length,
    expected: 0,
    missing: [],
    wrongContent: [],
    resurrected: [],
    unexpected: 0,
    duplicates: 0,
    inDoubtCreatesLanded: 0,
    badQuotes: 0,
  };
  for (const e of w.ledger.values()) {
    const row = byId.get(e.id);
    if (e.deleted) {
      if (row) v.resurrected.push(e.id);
      continue;
    }
    if (!row) {
      if (!w.inDoubt.deletes.has(e.id)) v.missing.push(e.id);
      continue;
    }
    v.expected++;
    const fixed =
      row.articleId === e.articleId &&
      row.userId === e.userId &&
      row.start === e.start &&
      row.end === e.end &&
      row.quote === e.quote;
    const states = [e.state, ...(w.inDoubt.edits.get(e.id) ?? [])];
    if (!fixed || !states.some((s) => same(row, s)))
      v.wrongContent.push(
        `${e.id}: db ${JSON.stringify({ l: row.labelId, n: row.note, v: row.version })}, acknowledged ${JSON.stringify(e.state)}`,
      );
  }
  const doubt = new Map<string, number>();
  const keyOf = (x: { articleId: string; userId: string; labelId: string; start: number; end: number }) =>
    `${x.articleId}|${x.userId}|${x.labelId}|${x.start}|${x.end}`;
  for (const c of w.inDoubt.creates) doubt.set(keyOf(c), (doubt.get(keyOf(c)) ?? 0) + 1);
  const seen = new Set<string>();
  for (const r of rows) {
    const k = keyOf(r);
    if (seen.has(k)) v.duplicates++;
    seen.add(k);
    const cps = texts.get(r.articleId);
    if (!cps || cps.slice(r.start, r.end).join("") !== r.quote) v.badQuotes++;
    if (w.ledger.has(r.id)) continue;
    // A row nobody got an answer for is fine only if an unanswered create asked for exactly it.
    const n = doubt.get(k) ?? 0;
    if (n > 0 && r.version === 1 && r.note === "") {
      doubt.set(k, n - 1);
      v.inDoubtCreatesLanded++;
    } else v.unexpected++;
  }
  v.ok =
    v.missing.length === 0 &&
    v.wrongContent.length === 0 &&
    v.resurrected.length === 0 &&
    v.unexpected === 0 &&
    v.duplicates === 0 &&
    v.badQuotes === 0;
  return v;
}
