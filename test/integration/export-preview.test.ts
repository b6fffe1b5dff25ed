import { beforeAll, describe, expect, it } from "vitest";
import { parseCsv } from "@/lib/domain/dataset/csv";
import { ZExportPreview, exportOptions } from "@/lib/schemas/dataset";
import type { Actor } from "@/lib/server/actor";
import { createAnnotation } from "@/lib/server/annotations/create-annotation";
import { setArticleStatus } from "@/lib/server/articles/set-article-status";
import { AppError } from "@/lib/server/errors";
import { exportSpansCsv } from "@/lib/server/dataset/export-spans-csv";
import { previewExport } from "@/lib/server/dataset/preview-export";
import { parseInput } from "@/lib/server/input";
import { makeArticle, makeProject, makeUser } from "../factories";

async function rejects(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error("expected the use case to refuse");
}

let admin: Actor, ann: Actor, ben: Actor;
let projectId: string, articleA: string, articleB: string, labelId: string;

beforeAll(async () => {
  [admin, ann, ben] = await Promise.all([
    makeUser("admin", "Ada"),
    makeUser("reviewer", "Ann"),
    makeUser("reviewer", "Ben"),
  ]);
  const { project, labels } = await makeProject();
  projectId = project.id;
  labelId = labels[0]!.id;
  articleA = (await makeArticle(projectId, "Alpha said the deal was historic.", "A")).id;
  articleB = (await makeArticle(projectId, "Beta called the deal a sellout.", "B")).id;
  await createAnnotation(ann, { articleId: articleA, labelId, start: 0, end: 5, quote: "Alpha" });
  await createAnnotation(ann, { articleId: articleB, labelId, start: 0, end: 4, quote: "Beta" });
  await createAnnotation(ben, { articleId: articleA, labelId, start: 6, end: 10, quote: "said" });
  await setArticleStatus(ann, { articleId: articleA, status: "done" });
});

const preview = (actor: Actor, raw: Record<string, unknown>) => previewExport(actor, parseInput(ZExportPreview, raw));

async function csvRows(filters: Record<string, unknown>): Promise<number> {
  let csv = "";
  for await (const chunk of exportSpansCsv(
    admin,
    parseInput(ZExportPreview, { format: "spans-csv", ...filters }),
    exportOptions(),
  ))
    csv += chunk;
  return parseCsv(csv).rows.filter((r) => r.some((c) => c !== "")).length - 1;
}

describe("export preview", () => {
  it("counts the rows the spans CSV will have, with every filter, as the export itself does", async () => {
    for (const filters of [
      { projectId },
      { projectId, articleIds: [articleA] },
      { projectId, reviewerIds: [ben.id] },
      { projectId, status: "done" },
      { projectId, status: "not_started" },
    ]) {
      const p = await preview(admin, { format: "spans-csv", ...filters });
      expect(p.rows, JSON.stringify(filters)).toBe(await csvRows(filters));
    }
    expect((await preview(admin, { format: "spans-csv", projectId })).rows).toBe(3);
    expect((await preview(admin, { format: "spans-csv", projectId, status: "done" })).rows).toBe(1);
  });

  it("names unknown ids by field, and ids of another project", async () => {
    const other = await makeProject();
    const e = await rejects(
      preview(admin, {
        format: "spans-csv",
        projectId,
        articleIds: [articleA, "no-such-article"],
        reviewerIds: ["nobody-at-all"],
        labelIds: [other.labels[0]!.id],
      }),
    );
    expect(e.code).toBe("INVALID");
    expect(Object.fromEntries(e.fields.map((f) => [f.field, f.message]))).toEqual({
      articleIds: "no such article in this project: no-such-article",
      labelIds: `no such label in this project: ${other.labels[0]!.id}`,
      reviewerIds: "no such reviewer: nobody-at-all",
    });
  });

  it('refuses "from" after "to" on the "to" field', () => {
    const r = ZExportPreview.safeParse({ format: "spans-csv", from: "2025-03-10", to: "2025-03-09" });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([["to", "must be after from"]]);
  });

  it("goes through the exports' permission rules: a reviewer counts only their own spans", async () => {
    expect((await preview(ann, { format: "spans-csv", projectId })).rows).toBe(2);
    expect((await rejects(preview(ann, { format: "spans-csv", reviewerIds: [ben.id] }))).code).toBe("FORBIDDEN");
    expect((await rejects(preview(ann, { format: "jsonl" }))).code).toBe("FORBIDDEN");
  });
});
