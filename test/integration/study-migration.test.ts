// The members/rounds/assignments migration on a database that already holds a study: every existing
// project stays in "everyone" mode with one round under codebook version 1 (today's guidelines and labels),
// every reviewer becomes an annotator and every admin a manager of every project. Runs on both databases.
import { randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { describe, expect, it } from "vitest";

const MIGRATION = "20261201211800_teams_members_rounds_assignments";
const dialect = process.env.TEST_DB === "postgresql" ? "postgresql" : "sqlite";
const dir = path.resolve(import.meta.dirname, `../../prisma/${dialect}/migrations`);
const all = readdirSync(dir)
  .filter((d) => /^\d{14}_/.test(d))
  .sort();
const before = all.slice(0, all.indexOf(MIGRATION));
const sql = (name: string) => readFileSync(path.join(dir, name, "migration.sql"), "utf8");

const SEED = `
INSERT INTO "user" ("id","name","email","emailVerified","role","createdAt","updatedAt") VALUES
  ('u-admin','Ada','ada@x.test',false,'admin',CURRENT_TIMESTAMP,CURRENT_TIMESTAMP),
  ('u-rita','Rita','rita@x.test',false,'reviewer',CURRENT_TIMESTAMP,CURRENT_TIMESTAMP),
  ('u-rob','Rob','rob@x.test',false,'reviewer',CURRENT_TIMESTAMP,CURRENT_TIMESTAMP);
INSERT INTO "Project" ("id","name","guidelines","createdAt","updatedAt") VALUES
  ('p1','One','Mark loaded words.',CURRENT_TIMESTAMP,CURRENT_TIMESTAMP),
  ('p2','Two','',CURRENT_TIMESTAMP,CURRENT_TIMESTAMP);
INSERT INTO "LabelGroup" ("id","projectId","name","order") VALUES ('g1','p1','Tone',0);
INSERT INTO "Label" ("id","projectId","groupId","name","definition","colour","createdAt","updatedAt") VALUES
  ('l1','p1','g1','Loaded wording','Emotive words','#123456',CURRENT_TIMESTAMP,CURRENT_TIMESTAMP);
INSERT INTO "Article" ("id","projectId","title","text","textHash","length","createdAt","updatedAt") VALUES
  ('a1','p1','A','Officials hailed the deal.','h1',26,CURRENT_TIMESTAMP,CURRENT_TIMESTAMP);
INSERT INTO "Annotation" ("id","articleId","userId","labelId","start","end","quote","createdAt","updatedAt") VALUES
  ('s1','a1','u-rita','l1',10,16,'hailed',CURRENT_TIMESTAMP,CURRENT_TIMESTAMP);
`;

type Row = Record<string, unknown>;
async function migrated(): Promise<{ query: (q: string) => Promise<Row[]>; close: () => Promise<void> }> {
  if (dialect === "sqlite") {
    const file = new Database(
      path.join(path.dirname(process.env.DATABASE_URL!.slice("file:".length)), `${randomUUID()}.db`),
    );
    for (const m of before) file.exec(sql(m));
    file.exec(SEED.replaceAll("false", "0"));
    file.exec(sql(MIGRATION));
    return { query: async (q) => file.prepare(q).all() as Row[], close: async () => void file.close() };
  }
  const name = `m_${randomUUID().replaceAll("-", "")}`;
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL!.replace(/\/[^/]+$/, `/${name}`) });
  await client.connect();
  for (const m of before) await client.query(sql(m));
  await client.query(SEED);
  await client.query(sql(MIGRATION));
  return { query: async (q) => (await client.query(q)).rows as Row[], close: () => client.end() };
}

describe(`migration ${MIGRATION} (${dialect})`, () => {
  it("keeps existing projects working: everyone mode, one round, codebook version 1, every account a member", async () => {
    const db = await migrated();
    try {
      const projects = await db.query(`SELECT "id", "assignmentMode" FROM "Project" ORDER BY "id"`);
      expect(projects).toEqual([
        { id: "p1", assignmentMode: "everyone" },
        { id: "p2", assignmentMode: "everyone" },
      ]);
      const rounds = await db.query(
        `SELECT r."projectId", r."name", c."version", c."guidelines", c."taxonomy" FROM "Round" r JOIN "CodebookVersion" c ON c."id" = r."codebookVersionId" ORDER BY r."projectId"`,
      );
      expect(rounds.map((r) => [r.projectId, r.name, Number(r.version), r.guidelines])).toEqual([
        ["p1", "Main", 1, "Mark loaded words."],
        ["p2", "Main", 1, ""],
      ]);
      expect(JSON.parse(String(rounds[0]!.taxonomy))).toEqual([
        { group: "Tone", name: "Loaded wording", definition: "Emotive words", guideline: "", archived: false },
      ]);
      expect(JSON.parse(String(rounds[1]!.taxonomy))).toEqual([]);
      const members = await db.query(
        `SELECT "projectId", "userId", "role" FROM "ProjectMember" ORDER BY "projectId", "userId"`,
      );
      expect(members.map((m) => `${m.projectId}:${m.userId}:${m.role}`)).toEqual([
        "p1:u-admin:manager",
        "p1:u-rita:annotator",
        "p1:u-rob:annotator",
        "p2:u-admin:manager",
        "p2:u-rita:annotator",
        "p2:u-rob:annotator",
      ]);
      // Nothing lost: the span is still there, accounts are active and need no password change.
      expect(await db.query(`SELECT "id", "quote" FROM "Annotation"`)).toEqual([{ id: "s1", quote: "hailed" }]);
      const users = await db.query(`SELECT "active", "mustChangePassword" FROM "user"`);
      expect(
        users.every(
          (u) =>
            (u.active === true || u.active === 1) && (u.mustChangePassword === false || u.mustChangePassword === 0),
        ),
      ).toBe(true);
      expect(await db.query(`SELECT COUNT(*) AS "n" FROM "Assignment"`).then((r) => Number(r[0]!.n))).toBe(0);
    } finally {
      await db.close();
    }
  });
});
