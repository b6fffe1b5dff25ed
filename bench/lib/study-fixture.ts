// A study project written straight into a migrated SQLite file (better-sqlite3, one transaction): the
// project with its first round and codebook version, annotators as members, and short articles.
import Database from "better-sqlite3";

export type StudyFixture = { projectId: string; roundId: string; annotatorIds: string[]; articleIds: string[] };

export function seedStudy(file: string, opts: { articles: number; annotators: number; mode?: string }): StudyFixture {
  const sql = new Database(file);
  sql.pragma("journal_mode = WAL");
  sql.pragma("synchronous = OFF");
  const now = new Date("2026-11-01T12:00:00.000Z").toISOString().replace("Z", "+00:00");
  const projectId = "bench-study";
  const roundId = "bench-round";
  const annotatorIds = Array.from({ length: opts.annotators }, (_, i) => `bench-ann-${String(i).padStart(4, "0")}`);
  const articleIds = Array.from({ length: opts.articles }, (_, i) => `bench-art-${String(i).padStart(6, "0")}`);
  sql.transaction(() => {
    sql
      .prepare(
        `INSERT INTO "Project" ("id","name","guidelines","updatedAt","assignmentMode","overlapK") VALUES (?,'Study bench','',?,?,3)`,
      )
      .run(projectId, now, opts.mode ?? "everyone");
    sql
      .prepare(
        `INSERT INTO "CodebookVersion" ("id","projectId","version","guidelines","taxonomy") VALUES ('bench-cbv', ?, 1, '', '[]')`,
      )
      .run(projectId);
    sql
      .prepare(
        `INSERT INTO "Round" ("id","projectId","name","position","training","codebookVersionId") VALUES (?, ?, 'Main', 0, false, 'bench-cbv')`,
      )
      .run(roundId, projectId);
    const user = sql.prepare(
      `INSERT INTO "user" ("id","name","email","role","createdAt","updatedAt") VALUES (?,?,?,'reviewer',?,?)`,
    );
    const member = sql.prepare(
      `INSERT INTO "ProjectMember" ("projectId","userId","role","createdAt") VALUES (?,?,'annotator',?)`,
    );
    for (const [i, id] of annotatorIds.entries()) {
      user.run(id, `Annotator ${i}`, `${id}@bench.test`, now, now);
      member.run(projectId, id, now);
    }
    const article = sql.prepare(
      `INSERT INTO "Article" ("id","projectId","title","source","text","textHash","length","position","updatedAt") VALUES (?,?,?,'Bench',?,?,?,?,?)`,
    );
    for (const [i, id] of articleIds.entries()) {
      const text = `Article ${i}: officials hailed the deal as historic while critics called it a sellout.`;
      article.run(id, projectId, `Article ${i}`, text, `hash-${i}`, text.length, i, now);
    }
  })();
  sql.close();
  return { projectId, roundId, annotatorIds, articleIds };
}
