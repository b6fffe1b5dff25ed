import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/server/actor";
import { db } from "@/lib/server/db";
import { importAnnotations } from "@/lib/server/dataset/import-annotations";
import { importArticles, splitTextFile } from "@/lib/server/dataset/import-articles";
import { DatasetImportError } from "@/lib/server/dataset/issues";
import { cpSlice, makeProject, makeUser } from "../factories";

let admin: Actor, ann: Actor, ben: Actor;

async function failure(p: Promise<unknown>): Promise<DatasetImportError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof DatasetImportError) return e;
    throw e;
  }
  throw new Error("expected the import to be refused");
}

beforeAll(async () => {
  admin = await makeUser("admin", "Ada");
  ann = await makeUser("reviewer", "Ann");
  ben = await makeUser("reviewer", "Ben");
});

describe("importArticles", () => {
  it("reads txt, md, CSV and JSONL, normalises text, and keeps file order", async () => {
    const { project } = await makeProject();
    const result = await importArticles(admin, project.id, [
      { name: "notes/first.txt", content: "First title\r\n\r\nBody with e\u0301 and 👍🏽.\r\n" },
      { name: "second.md", content: "# Second\nMarkdown body." },
      { name: "untitled.txt", content: "Just one paragraph, no title line." },
      {
        name: "batch.csv",
        content:
          'title,text,source,url,author,published_at\r\nCSV one,"Text, with ""quotes""\nand two lines",Paper,https://example.org/a,Kim,2025-03-09\r\n',
      },
      { name: "rows.jsonl", content: '{"title":"JSONL one","text":"שלום עולם 🙂","source":"Web"}\n' },
    ]);
    expect(result.created.map((c) => c.title)).toEqual(["First title", "Second", "untitled", "CSV one", "JSONL one"]);
    const stored = await db.article.findMany({ where: { projectId: project.id }, orderBy: { position: "asc" } });
    expect(stored.map((a) => a.position)).toEqual([0, 1, 2, 3, 4]);
    expect(stored[0]!.text).toBe("Body with é and 👍🏽.\n");
    expect(stored[0]!.length).toBe(Array.from(stored[0]!.text).length);
    expect(stored[3]).toMatchObject({
      source: "Paper",
      url: "https://example.org/a",
      author: "Kim",
      text: 'Text, with "quotes"\nand two lines',
    });
    expect(stored[3]!.publishedAt?.toISOString()).toBe("2025-03-09T00:00:00.000Z");
  });

  it("skips texts already in the project (after normalisation) with a note", async () => {
    const { project } = await makeProject();
    await importArticles(admin, project.id, [{ name: "a.txt", content: "Title\n\nSame body e\u0301." }]);
    const again = await importArticles(admin, project.id, [
      { name: "b.txt", content: "Other title\r\n\r\nSame body é." },
      { name: "c.jsonl", content: '{"title":"New","text":"New body"}\n{"title":"New again","text":"New body"}\n' },
    ]);
    expect(again.created.map((c) => c.title)).toEqual(["New"]);
    expect(again.duplicates).toEqual([
      expect.objectContaining({ file: "b.txt", duplicateOf: "Title" }),
      expect.objectContaining({ file: "c.jsonl", line: 2, duplicateOf: "New" }),
    ]);
  });

  it("a bad row imports nothing and is reported with file and physical line; skipBadRows imports the rest", async () => {
    const { project } = await makeProject();
    const files = [
      { name: "ok.txt", content: "Fine\n\nFine body." },
      { name: "rows.csv", content: 'title,text,url\nGood,"multi\nline",\n,no title,\nBad url,text,not a url\n' },
      { name: "rows.jsonl", content: '{"title":"x","text":"y"}\n{"title":"x2","body":"y"}\n{broken\n' },
    ];
    const e = await failure(importArticles(admin, project.id, files));
    expect(e.issues).toEqual([
      expect.objectContaining({ file: "rows.jsonl", line: 2, field: "body" }),
      expect.objectContaining({ file: "rows.jsonl", line: 3, field: "$" }),
      expect.objectContaining({ file: "rows.csv", line: 4, field: "title" }),
      expect.objectContaining({ file: "rows.csv", line: 5, field: "url" }),
    ]);
    expect(await db.article.count({ where: { projectId: project.id } })).toBe(0);
    const partial = await importArticles(admin, project.id, files, { skipBadRows: true });
    expect(partial.created.map((c) => c.title)).toEqual(["Fine", "Good", "x"]);
    expect(partial.skipped).toHaveLength(4);
  });

  it("reports an unreadable CSV and a missing column", async () => {
    const { project } = await makeProject();
    const e = await failure(
      importArticles(admin, project.id, [
        { name: "a.csv", content: 'title,text\n"unterminated,x\n' },
        { name: "b.csv", content: "name,text\nx,y\n" },
      ]),
    );
    expect(e.issues.map((i) => [i.file, i.line])).toEqual([
      ["a.csv", 2],
      ["b.csv", 1],
    ]);
  });

  it("refuses a reviewer", async () => {
    const { project } = await makeProject();
    await expect(importArticles(ann, project.id, [{ name: "a.txt", content: "x" }])).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
  });

  it("splitTextFile takes a short first line followed by a blank line as the title", () => {
    expect(splitTextFile("x.txt", "T\n\nbody")).toEqual({ title: "T", text: "body" });
    expect(splitTextFile("dir/name.txt", "one line only")).toEqual({ title: "name", text: "one line only" });
    expect(splitTextFile("x.md", "## Heading\nbody")).toEqual({ title: "Heading", text: "body" });
  });
});

// Label Studio offsets are UTF-16 units: after 👍🏽 (4 units, 2 code points) they differ from code points by 2.
const LS_TEXT = 'Trump 👍🏽 said "we just did". שלום עולם';
const u16 = (s: string) => LS_TEXT.indexOf(s);

function labelStudioExport(labelName: string, by: unknown) {
  return JSON.stringify([
    {
      id: 7,
      data: { text: LS_TEXT },
      annotations: [
        {
          completed_by: by,
          result: [
            {
              type: "labels",
              from_name: "label",
              value: { start: u16("said"), end: u16("said") + 4, text: "said", labels: [labelName] },
            },
            {
              type: "labels",
              from_name: "label",
              value: { start: u16("👍🏽"), end: u16("👍🏽") + 4, text: "👍🏽", labels: [labelName] },
            },
            {
              type: "labels",
              from_name: "label",
              value: { start: u16("שלום"), end: u16("שלום") + 9, text: "שלום עולם", labels: ["Brand new label"] },
            },
          ],
        },
      ],
    },
  ]);
}

describe("importAnnotations", () => {
  it("Label Studio: converts UTF-16 offsets, matches the reviewer by email, and reports unknown labels", async () => {
    const { project, labels } = await makeProject();
    const content = labelStudioExport(labels[0]!.name.toUpperCase(), { id: 3, email: ann.email });
    const e = await failure(importAnnotations(admin, project.id, "labelstudio", content));
    expect(e.issues).toEqual([
      expect.objectContaining({ field: "label", message: expect.stringContaining("Brand new label") }),
    ]);
    expect(await db.article.count({ where: { projectId: project.id } })).toBe(0);

    const result = await importAnnotations(admin, project.id, "labelstudio", content, { createUnknownLabels: true });
    expect(result).toMatchObject({ articlesCreated: 1, spansCreated: 3, labelsCreated: ["Brand new label"] });
    const spans = await db.annotation.findMany({
      where: { article: { projectId: project.id } },
      include: { article: true, label: { include: { group: true } } },
    });
    expect(spans.every((s) => s.userId === ann.id)).toBe(true);
    for (const s of spans) expect(cpSlice(s.article.text, s.start, s.end)).toBe(s.quote);
    expect(spans.find((s) => s.quote === "said")).toMatchObject({ start: 9, end: 13 });
    expect(spans.find((s) => s.quote === "שלום עולם")?.label.group.name).toBe("Imported");
    expect(await db.articleStatus.count({ where: { userId: ann.id, article: { projectId: project.id } } })).toBe(1);

    // Importing again matches the article by its text and skips the spans already there.
    const again = await importAnnotations(admin, project.id, "labelstudio", content);
    expect(again).toMatchObject({ articlesCreated: 0, articlesMatched: 1, spansCreated: 0, duplicatesSkipped: 3 });
  });

  it("doccano: code point offsets through CRLF/NFC normalisation, unknown annotators go to asUser", async () => {
    const { project, labels } = await makeProject();
    const raw = "Line one 🙂 e\u0301lan\r\nتبادل المعلومات here";
    const cps = Array.from(raw);
    const at = (q: string) => {
      const qc = Array.from(q);
      for (let i = 0; i < cps.length; i++) if (qc.every((c, j) => cps[i + j] === c)) return [i, i + qc.length] as const;
      throw new Error(q);
    };
    const [s1, e1] = at("🙂 e\u0301lan");
    const [s2, e2] = at("تبادل المعلومات");
    const jsonl = `${JSON.stringify({
      id: 1,
      text: raw,
      label: [
        [s1, e1, labels[1]!.name],
        [s2, e2, labels[2]!.name],
      ],
      user: "someone-unknown",
    })}\n`;
    const e = await failure(importAnnotations(admin, project.id, "doccano", jsonl, { asUser: "nobody@example.test" }));
    expect(e.issues[0]?.field).toBe("asUser");
    const result = await importAnnotations(admin, project.id, "doccano", jsonl, { asUser: ben.email });
    expect(result.spansCreated).toBe(2);
    const spans = await db.annotation.findMany({
      where: { article: { projectId: project.id } },
      include: { article: true },
      orderBy: { start: "asc" },
    });
    expect(spans.map((s) => s.quote)).toEqual(["🙂 élan", "تبادل المعلومات"]);
    for (const s of spans) expect([cpSlice(s.article.text, s.start, s.end), s.userId]).toEqual([s.quote, ben.id]);
  });

  it("a broken line is reported with its line number and nothing is imported", async () => {
    const { project, labels } = await makeProject();
    const jsonl = `${JSON.stringify({ text: "abc def", label: [[0, 3, labels[0]!.name]] })}\n{oops\n${JSON.stringify({ text: "ghi", label: [[0, 9, labels[0]!.name]] })}\n`;
    const e = await failure(importAnnotations(admin, project.id, "doccano", jsonl, { asUser: ann.id }));
    expect(e.issues.map((i) => i.line)).toEqual([2, 3]);
    expect(await db.article.count({ where: { projectId: project.id } })).toBe(0);
    const partial = await importAnnotations(admin, project.id, "doccano", jsonl, { asUser: ann.id, skipBadRows: true });
    expect(partial).toMatchObject({ articlesCreated: 2, spansCreated: 1 });
  });
});
