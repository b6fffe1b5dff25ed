// Issue 10 findings 5 (dataset part), 6-11: every input bounded where it enters, ids that tell nothing,
// pseudonyms that tell nothing, and an export that never writes what its import would refuse.
import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { copyFileSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import fc from "fast-check";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { parseCsv } from "@/lib/domain/dataset/csv";
import { MAX_ARTICLE_CHARS, MAX_QUOTE } from "@/lib/schemas/limits";
import type { Actor } from "@/lib/server/actor";
import { clearAgreementCache, computeProjectAgreement } from "@/lib/server/agreement/compute-project-agreement";
import { createAnnotation } from "@/lib/server/annotations/create-annotation";
import { createDb, type Db, db } from "@/lib/server/db";
import { exportJsonl } from "@/lib/server/dataset/export-jsonl";
import { exportSpansCsv } from "@/lib/server/dataset/export-spans-csv";
import { importJsonl } from "@/lib/server/dataset/import-jsonl";
import { DatasetImportError, describeIssue } from "@/lib/server/dataset/issues";
import { AppError } from "@/lib/server/errors";
import { cpSlice, makeArticle, makeProject, makeUser } from "../factories";
import { fingerprint } from "../fingerprint";

const auth = vi.hoisted(() => ({ actor: null as Actor | null }));
vi.mock("@/lib/server/auth", () => ({
  currentActor: async () => auth.actor,
  requireActor: async () => {
    if (!auth.actor) throw new Error("test: no actor");
    return auth.actor;
  },
}));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

const g = globalThis as unknown as { framewiseDb?: Db };
const others: Db[] = [];

/** A second, empty migrated database of the same dialect (copied from the test template). */
async function emptyDb(): Promise<Db> {
  const template = inject("dbTemplate");
  let url: string;
  if (process.env.TEST_DB === "postgresql") {
    const name = `t_${randomUUID().replaceAll("-", "")}`;
    const client = new pg.Client({ connectionString: template });
    await client.connect();
    await client.query(`CREATE DATABASE ${name} TEMPLATE framewise_template`);
    await client.end();
    url = template.replace(/\/[^/]+$/, `/${name}`);
  } else {
    const file = path.join(inject("tmpDir"), `${randomUUID()}.db`);
    copyFileSync(template, file);
    url = `file:${file}`;
  }
  const other = createDb(url);
  others.push(other);
  return other;
}

async function withDb<T>(other: Db, fn: () => Promise<T>): Promise<T> {
  const saved = g.framewiseDb;
  g.framewiseDb = other;
  try {
    return await fn();
  } finally {
    g.framewiseDb = saved;
  }
}

async function collect(it: AsyncIterable<string>): Promise<string> {
  let s = "";
  for await (const chunk of it) s += chunk;
  return s;
}

async function refusal(run: () => Promise<unknown>): Promise<AppError> {
  try {
    await run();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error("expected a refusal");
}

const NOW = "2025-03-01T12:00:00.000Z";

/** A minimal hand-written dataset: one project, label, user, article and span. */
function dataset(o: { userId?: string; text?: string; start?: number; end?: number } = {}): string {
  const userId = o.userId ?? "u1";
  const text = o.text ?? "Some article text.";
  const start = o.start ?? 0;
  const end = o.end ?? 4;
  const records = [
    { type: "header", format: "framewise-dataset", version: 1, exportedAt: NOW },
    {
      type: "project",
      id: "p1",
      name: "Hand-made",
      guidelines: "",
      locked: false,
      blind: true,
      revealed: false,
      reviewersMayCompare: false,
      createdAt: NOW,
      updatedAt: NOW,
    },
    { type: "label_group", id: "g1", projectId: "p1", name: "Frames", order: 0 },
    {
      type: "label",
      id: "l1",
      projectId: "p1",
      groupId: "g1",
      name: "Frame",
      definition: "",
      guideline: "",
      colour: "#1f77b4",
      hotkey: null,
      order: 0,
      archivedAt: null,
      createdAt: NOW,
      updatedAt: NOW,
    },
    { type: "user", id: userId, name: "Hand", email: `${randomUUID()}@example.test`, role: "reviewer", createdAt: NOW },
    {
      type: "article",
      id: "a1",
      projectId: "p1",
      title: "T",
      source: "",
      url: null,
      author: null,
      publishedAt: null,
      text,
      position: 0,
      createdAt: NOW,
      updatedAt: NOW,
      adjudicatedAt: null,
      adjudicatedById: null,
    },
    {
      type: "annotation",
      id: "s1",
      articleId: "a1",
      userId,
      labelId: "l1",
      start,
      end,
      quote: cpSlice(text, start, end),
      note: "",
      version: 1,
      createdAt: NOW,
      updatedAt: NOW,
    },
  ];
  return `${records.map((r) => JSON.stringify(r)).join("\n")}\n`;
}

let admin: Actor;

beforeAll(async () => {
  admin = await makeUser("admin", "Ada");
});

afterAll(async () => {
  for (const o of others) await o.$disconnect();
});

describe("JSONL import limits and ids (finding 7)", () => {
  it("takes the article and quote limits from lib/schemas/limits.ts", async () => {
    const before = await fingerprint();
    const long = await refusal(() => importJsonl(admin, dataset({ text: "a".repeat(MAX_ARTICLE_CHARS + 1) })));
    expect(long.fields).toContainEqual({
      field: "line 6:article text",
      message: `text must be at most ${MAX_ARTICLE_CHARS} characters`,
    });
    const quote = await refusal(() =>
      importJsonl(admin, dataset({ text: "b".repeat(MAX_QUOTE + 5), end: MAX_QUOTE + 1 })),
    );
    expect(quote.fields).toContainEqual({
      field: "line 7:annotation quote",
      message: `quote must be at most ${MAX_QUOTE} characters`,
    });
    expect(await fingerprint()).toBe(before);
    // At the limits, both import.
    const ok = await importJsonl(admin, dataset({ text: "c".repeat(MAX_QUOTE + 5), end: MAX_QUOTE }));
    expect(ok.created.annotation).toBe(1);
  });

  it("refuses user ids outside the id format, such as one carrying the agreement loader's separators", async () => {
    const before = await fingerprint();
    const e = await refusal(() => importJsonl(admin, dataset({ userId: "evil,l1,0,99;x" })));
    expect(e).toBeInstanceOf(DatasetImportError);
    expect(e.fields).toContainEqual({ field: "line 5:user id", message: "is not a valid id" });
    expect(e.fields).toContainEqual({ field: "line 7:annotation userId", message: "is not a valid id" });
    expect(await fingerprint()).toBe(before);
  });
});

describe("agreement span loader (finding 8)", () => {
  it("an id with a comma or semicolon no longer corrupts the figures", async () => {
    const { project, labels } = await makeProject();
    const text = "One two three four five six seven eight nine ten.";
    const article = await makeArticle(project.id, text);
    const label = labels[0]!.id;
    // Stored as an older import let it be: separators of the old hand-built aggregate string. An
    // "outsider-" account (test/factories.ts): a member of this project only, not of those made later,
    // whose exports would rightly refuse a member with this id.
    const evilId = `evil,${label},0,99;x`;
    await db.user.create({
      data: { id: evilId, name: "Evil", email: `outsider-${randomUUID()}@example.test`, role: "reviewer" },
    });
    await db.projectMember.create({ data: { projectId: project.id, userId: evilId, role: "annotator" } });
    const evil: Actor = { id: evilId, role: "reviewer", name: "Evil", email: "" };
    const plain = await makeUser("reviewer", "Plain");
    for (const who of [evil, plain]) {
      for (const [start, end] of [
        [0, 3],
        [4, 7],
        [8, 13],
      ] as const) {
        await createAnnotation(who, {
          articleId: article.id,
          labelId: label,
          start,
          end,
          quote: cpSlice(text, start, end),
        });
      }
    }
    clearAgreementCache();
    const r = await computeProjectAgreement(admin, project.id);
    expect(r.raterIds).toEqual([evilId, plain.id].sort());
    expect(r.documents).toHaveLength(1);
    expect(r.documents[0]).toMatchObject({ raters: 2, spans: 6, meanExactF1: 1, disagreement: 0 });
    expect(r.raters[evilId]?.name).toBe("Evil");
  });
});

describe("random ids (finding 9)", () => {
  it("two consecutive spans get random UUIDv4 ids that share no counter or time prefix", async () => {
    const { project, labels } = await makeProject();
    const text = "Alpha beta gamma delta.";
    const article = await makeArticle(project.id, text);
    const me = await makeUser();
    const a = await createAnnotation(me, {
      articleId: article.id,
      labelId: labels[0]!.id,
      start: 0,
      end: 5,
      quote: "Alpha",
    });
    const b = await createAnnotation(me, {
      articleId: article.id,
      labelId: labels[0]!.id,
      start: 6,
      end: 10,
      quote: "beta",
    });
    const v4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    for (const id of [a.id, b.id, project.id, article.id, labels[0]!.id]) expect(id).toMatch(v4);
    // cuid() ids made a moment apart share their first 8+ characters (a "c", the time, then a counter).
    expect(a.id.slice(0, 8)).not.toBe(b.id.slice(0, 8));
  });
});

describe("a reviewer's own pseudonymised export (finding 10)", () => {
  it("shows the reviewer as R1 whatever other accounts exist; admins keep the project-wide numbering", async () => {
    const { project, labels } = await makeProject();
    const text = "Alpha beta gamma delta.";
    const article = await makeArticle(project.id, text);
    const first = await makeUser("reviewer", "First");
    const second = await makeUser("reviewer", "Second");
    const third = await makeUser("reviewer", "Third");
    for (const who of [first, second, third]) {
      await createAnnotation(who, { articleId: article.id, labelId: labels[0]!.id, start: 0, end: 5, quote: "Alpha" });
    }
    const ids = async (actor: Actor) => {
      const [header, ...rows] = parseCsv(
        await collect(exportSpansCsv(actor, { projectId: project.id }, { pseudonymise: true })),
      ).rows;
      const at = header!.indexOf("reviewer_id");
      return rows.map((r) => r[at]);
    };
    expect(await ids(third)).toEqual(["R1"]);
    expect(await ids(second)).toEqual(["R1"]);
    expect((await ids(admin)).sort()).toEqual(["R1", "R2", "R3"]);
  });
});

describe("Excel-safe CSV (finding 6)", () => {
  it("neutralises notes starting with blanks before = + - @ and full-width signs; raw keeps them exact", async () => {
    const { project, labels } = await makeProject();
    const text = "Alpha beta gamma delta.";
    const article = await makeArticle(project.id, text);
    const me = await makeUser();
    const notes = [' =HYPERLINK("http://x")', "\n+1", "\uFF1D1+1", "\uFF20SUM(A1)"];
    for (const [i, note] of notes.entries()) {
      await createAnnotation(me, {
        articleId: article.id,
        labelId: labels[i]!.id,
        start: 0,
        end: 5,
        quote: "Alpha",
        note,
      });
    }
    const notesOf = async (excelSafe: boolean) => {
      const [header, ...rows] = parseCsv(
        await collect(exportSpansCsv(admin, { projectId: project.id }, { excelSafe })),
      ).rows;
      const at = header!.indexOf("note");
      return rows.map((r) => r[at]).sort();
    };
    expect(await notesOf(true)).toEqual(notes.map((n) => `'${n}`).sort());
    expect(await notesOf(false)).toEqual([...notes].sort());
  });
});

// Hostile strings a reviewer could once store through the auth API, or an import could carry.
const hostile = fc.oneof(
  fc.constantFrom(
    "",
    " ",
    "\u0000",
    "Racer\u00000",
    "a\uD800",
    "\uDC00b",
    '=HYPERLINK("http://x")',
    "+1",
    "-1",
    "@SUM(1)",
    "\uFF1D1",
    " =1",
    "\u202Eevil\u202C",
    "שלום עולם",
    "تبادل",
    "\u0007\u001b[31m",
    "\r\n",
    "\u2028\u2029",
    "Racer 0 (admin)",
    "e\u0301",
    "👍🏽",
  ),
  fc.string({ unit: "binary", maxLength: 20 }),
  fc.constantFrom(99, 100, 101, 299, 300, 301, 1999, 2000, 2001, 15_000).map((n) => "n".repeat(n)),
);

/**
 * An annotator of this project only: the export carries a project's members, so a hostile name left on an
 * account that later projects took in (as makeProject does) would make their exports refuse too.
 */
async function memberOf(projectId: string): Promise<Actor> {
  const user = await makeUser("reviewer", undefined, { member: false });
  await db.projectMember.create({ data: { projectId, userId: user.id, role: "annotator" } });
  return user;
}

describe("the JSONL export refuses what its import would refuse (finding 5)", () => {
  it("either refuses, naming the record and field, or writes a file that imports to the same values", async () => {
    const target = await emptyDb();
    const text = "Some article text.";
    const seen = { refused: 0, roundTrips: 0 };
    await fc.assert(
      fc.asyncProperty(hostile, hostile, hostile, async (name, note, title) => {
        const { project, labels } = await makeProject();
        const article = await makeArticle(project.id, text);
        const user = await memberOf(project.id);
        const span = await createAnnotation(user, {
          articleId: article.id,
          labelId: labels[0]!.id,
          start: 0,
          end: 4,
          quote: "Some",
        });
        try {
          // Written directly, as the auth API or an older import once let such values in.
          await db.user.update({ where: { id: user.id }, data: { name } });
          await db.annotation.update({ where: { id: span.id }, data: { note } });
          await db.article.update({ where: { id: article.id }, data: { title } });
        } catch {
          return; // this database cannot store the value at all (PostgreSQL and NUL): nothing to export
        }
        const stored = {
          name: (await db.user.findUniqueOrThrow({ where: { id: user.id } })).name,
          note: (await db.annotation.findUniqueOrThrow({ where: { id: span.id } })).note,
          title: (await db.article.findUniqueOrThrow({ where: { id: article.id } })).title,
        };
        let file: string;
        try {
          file = await collect(exportJsonl(admin, { projectId: project.id }));
        } catch (e) {
          expect(e).toBeInstanceOf(AppError);
          expect((e as AppError).code).toBe("INVALID");
          expect(["user.name", "annotation.note", "article.title"]).toContain((e as AppError).fields[0]?.field);
          seen.refused++;
          return;
        }
        const imported = await withDb(target, async () => {
          const r = await importJsonl(admin, file);
          const copy = await db.article.findFirstOrThrow({
            where: { projectId: r.projects[0]!.id },
            include: { annotations: true },
          });
          const person = await db.user.findUniqueOrThrow({ where: { id: copy.annotations[0]!.userId } });
          return { name: person.name, note: copy.annotations[0]!.note, title: copy.title };
        });
        expect(imported).toEqual(stored);
        seen.roundTrips++;
      }),
      { numRuns: 40 },
    );
    // Both sides of the property were exercised.
    expect(seen.refused).toBeGreaterThan(0);
    expect(seen.roundTrips).toBeGreaterThan(0);
  }, 120_000);

  it("refuses before the first byte when a user's name holds a NUL", async () => {
    const { project, labels } = await makeProject();
    const article = await makeArticle(project.id, "Some article text.");
    const user = await memberOf(project.id);
    await createAnnotation(user, { articleId: article.id, labelId: labels[0]!.id, start: 0, end: 4, quote: "Some" });
    try {
      await db.user.update({ where: { id: user.id }, data: { name: "Racer\u00000" } });
    } catch {
      return; // PostgreSQL cannot store a NUL: the case does not arise there
    }
    const gen = exportJsonl(admin, { projectId: project.id });
    const e = await refusal(() => gen.next());
    expect(e.fields).toEqual([
      {
        field: "user.name",
        // The one display-name rule (lib/schemas/user.ts) names control characters, NUL among them.
        message: expect.stringMatching(
          new RegExp(`^must not contain control characters \\(NUL.*: the user ${user.id} could not`),
        ),
      },
    ]);
  });
});

describe("invalid UTF-8 is refused with its byte offset (finding 11)", () => {
  // Three good lines (with "ÿ", valid as C3 BF), then C3 followed by "(": not a UTF-8 sequence.
  const good = `${dataset().split("\n").slice(0, 3).join("\n")}\n{"x":"ÿ`;
  const bad = Buffer.concat([Buffer.from(good), Buffer.from([0xc3, 0x28])]);
  const offset = Buffer.byteLength(good);

  it("by the streaming JSONL import, in any chunking", async () => {
    const before = await fingerprint();
    for (const size of [1, 7, 1 << 20]) {
      async function* chunks() {
        for (let i = 0; i < bad.length; i += size) yield bad.subarray(i, i + size);
      }
      const e = await refusal(() => importJsonl(admin, chunks()));
      expect(e).toBeInstanceOf(DatasetImportError);
      expect((e as DatasetImportError).issues.map(describeIssue)).toEqual([`file: invalid UTF-8 at byte ${offset}`]);
    }
    const whole = await refusal(() => importJsonl(admin, bad));
    expect((whole as DatasetImportError).issues.map(describeIssue)).toEqual([`file: invalid UTF-8 at byte ${offset}`]);
    expect(await fingerprint()).toBe(before);
  });

  it("by the admin upload", async () => {
    const { createArticleAction } = await import("@/app/admin/actions");
    const { project } = await makeProject();
    auth.actor = admin;
    const before = await fingerprint();
    const form = new FormData();
    form.set("projectId", project.id);
    form.set("title", "");
    form.set("text", "");
    form.set(
      "file",
      new File([Buffer.concat([Buffer.from("Caf"), Buffer.from([0xe9]), Buffer.from(" au lait")])], "latin1.txt", {
        type: "text/plain",
      }),
    );
    const r = await createArticleAction(null, form);
    expect(r).toMatchObject({
      ok: false,
      code: "INVALID",
      error: "file: invalid UTF-8 at byte 3",
      fields: [{ field: "file", message: "invalid UTF-8 at byte 3" }],
    });
    expect(await fingerprint()).toBe(before);
  });

  it("by the CLI import, for a whole-file import and a streamed dataset", async () => {
    const { project } = await makeProject();
    const dir = mkdtempSync(path.join(tmpdir(), "fw-utf8-"));
    const txt = path.join(dir, "latin1.txt");
    writeFileSync(txt, Buffer.concat([Buffer.from("Stra"), Buffer.from([0xdf]), Buffer.from("e\n")]));
    const jsonl = path.join(dir, "dataset.jsonl");
    writeFileSync(jsonl, bad);
    const before = await fingerprint();
    const root = path.resolve(import.meta.dirname, "../..");
    const cli = (args: string[]) =>
      spawnSync(process.execPath, ["--conditions=react-server", "scripts/cli.mjs", ...args], {
        cwd: root,
        env: { ...process.env },
        encoding: "utf8",
        timeout: 60_000,
      });
    const a = cli(["import", txt, "--project", project.id]);
    expect(a.status).toBe(3);
    expect(a.stderr).toContain(`${txt}: file: invalid UTF-8 at byte 4`);
    const b = cli(["import", jsonl]);
    expect(b.status).toBe(3);
    expect(b.stderr).toContain(`file: invalid UTF-8 at byte ${offset}`);
    expect(await fingerprint()).toBe(before);
  }, 120_000);
});
