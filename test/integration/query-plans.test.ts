// The hot reads are served by their indexes, on each dialect (each project runs the half that concerns it).
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { makeArticle, makeProject, makeUser } from "../factories";

let articleId: string;
let userId: string;

beforeAll(async () => {
  const { project } = await makeProject();
  articleId = (await makeArticle(project.id, "Some text to label.")).id;
  userId = (await makeUser("reviewer", "Ann")).id;
});

/**
 * A reviewer's spans of an article in text order (start ascending, longer first): the article page reads
 * them so (get-annotation-workspace.ts), 10,000 of them on a long, densely annotated article. Literal ids:
 * EXPLAIN takes no parameters on PostgreSQL, and these are the test's own.
 */
const textOrderRead = () =>
  `SELECT "id", "labelId", "start", "end", "note", "version" FROM "Annotation"
   WHERE "articleId" = '${articleId}' AND "userId" = '${userId}' ORDER BY "start" ASC, "end" DESC`;

describe("a reviewer's spans in text order", () => {
  if (process.env.TEST_DB === "postgresql") {
    it("come straight from an index, with no sort step (PostgreSQL)", async () => {
      const plan = await db.$transaction(async (tx) => {
        // The test tables are tiny, where a scan would win; the question is what the index can serve.
        await tx.$executeRawUnsafe("SET LOCAL enable_seqscan = off");
        return tx.$queryRawUnsafe<{ "QUERY PLAN": string }[]>(`EXPLAIN ${textOrderRead()}`);
      });
      const text = plan.map((r) => r["QUERY PLAN"]).join("\n");
      expect(text).toContain("Annotation_articleId_userId_start_end_idx");
      expect(text).not.toMatch(/Sort/);
    });
  } else {
    it("come straight from an index, with no temporary b-tree to sort them (SQLite)", async () => {
      const plan = await db.$queryRawUnsafe<{ detail: string }[]>(`EXPLAIN QUERY PLAN ${textOrderRead()}`);
      const details = plan.map((r) => r.detail);
      expect(details.join("\n")).toContain("USING INDEX Annotation_articleId_userId_start_end_idx");
      // Before the index had "end" DESC: "USE TEMP B-TREE FOR LAST TERM OF ORDER BY" (18-25 ms for 10,000).
      expect(details.join("\n")).not.toMatch(/TEMP B-TREE/);
    });
  }
});
