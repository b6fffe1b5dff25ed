// The soft-label export on the real database: aligned with the BIO CSV, shares as derived by hand, admin only.
import { beforeAll, describe, expect, it } from "vitest";
import { parseCsv } from "@/lib/domain/dataset/csv";
import type { Actor } from "@/lib/server/actor";
import { createAnnotation } from "@/lib/server/annotations/create-annotation";
import { setArticleStatus } from "@/lib/server/articles/set-article-status";
import { runExport } from "@/lib/server/dataset/run-export";
import { AppError } from "@/lib/server/errors";
import { makeArticle, makeProject, makeUser } from "../factories";

const TEXT = "They don't want war.\nPeace now.";
let ann: Actor, ben: Actor, cat: Actor, admin: Actor;
let projectId: string;
let articleId: string;
let fear: { id: string; name: string };
let loaded: { id: string; name: string };

async function collect(gen: AsyncGenerator<string>): Promise<string> {
  let s = "";
  for await (const c of gen) s += c;
  return s;
}

function rows(csv: string): string[][] {
  const r = parseCsv(csv);
  if (!r.ok) throw new Error(r.error.message);
  return r.rows.filter((x) => x.length > 1);
}

async function mark(who: Actor, labelId: string, quote: string) {
  const start = Array.from(TEXT.slice(0, TEXT.indexOf(quote))).length;
  await createAnnotation(who, { articleId, labelId, start, end: start + Array.from(quote).length, quote });
}

beforeAll(async () => {
  [ann, ben, cat, admin] = await Promise.all([
    makeUser("reviewer", "Ann"),
    makeUser("reviewer", "Ben"),
    makeUser("reviewer", "Cat"),
    makeUser("admin", "Ada"),
  ]);
  const made = await makeProject();
  projectId = made.project.id;
  [fear, loaded] = [made.labels[0]!, made.labels[1]!];
  articleId = (await makeArticle(projectId, TEXT, "Soft")).id;
  await mark(ann, fear.id, "don't want war");
  await mark(ben, fear.id, "want war");
  await mark(ben, loaded.id, "war");
  await setArticleStatus(cat, { articleId, status: "done" }); // read it, marked nothing
});

describe("soft-label export", () => {
  it("CSV: one row per BIO token, the reviewers' shares per label (hand-derived)", async () => {
    const csv = await collect(runExport(admin, "soft-labels-csv", { projectId }, {}));
    const [header, ...body] = rows(csv);
    expect(header!.slice(0, 8)).toEqual([
      "article_id",
      "sentence",
      "token_index",
      "token",
      "start",
      "end",
      "reviewers",
      "O",
    ]);
    const bio = rows(await collect(runExport(admin, "bio", { projectId }, { bioFormat: "csv" })));
    const bioTokens = bio
      .slice(1)
      .filter((r) => r[1] === ann.id)
      .map((r) => [r[4], r[5], r[6], r[7]]);
    expect(body.map((r) => [r[2], r[3], r[4], r[5]])).toEqual(bioTokens);
    const col = (name: string) => header!.indexOf(name);
    const war = body.find((r) => r[3] === "war")!;
    // Ann: fear; Ben: fear and loaded (half each); Cat: nothing.
    expect(Number(war[col("O")])).toBeCloseTo(1 / 3, 12);
    expect(Number(war[col(fear.name)])).toBeCloseTo(1.5 / 3, 12);
    expect(Number(war[col(loaded.name)])).toBeCloseTo(0.5 / 3, 12);
    expect(body.find((r) => r[3] === "don't")![col(fear.name)]).toBe(String(1 / 3));
    expect(body.find((r) => r[3] === "Peace")!.slice(1, 2)).toEqual(["1"]);
  });

  it("JSONL: one article per line with counts and shares, pseudonymised on request", async () => {
    const out = await collect(runExport(admin, "soft-labels-jsonl", { projectId }, { pseudonymise: true }));
    const lines = out
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(1);
    const doc = lines[0] as {
      article_id: string;
      reviewers: string[];
      labels: string[];
      tokens: { token: string; counts: number[]; p: number[] }[];
    };
    expect(doc.article_id).toBe(articleId);
    expect(doc.reviewers).toHaveLength(3);
    expect(doc.reviewers.every((r) => /^R\d+$/.test(r))).toBe(true);
    const war = doc.tokens.find((t) => t.token === "war")!;
    const k = (name: string) => doc.labels.indexOf(name);
    expect(war.counts[k("O")]).toBe(1);
    expect(war.counts[k(fear.name)]).toBe(2);
    expect(war.counts[k(loaded.name)]).toBe(1);
  });

  it("is for admins only", async () => {
    await expect(collect(runExport(ann, "soft-labels-csv", { projectId }, {}))).rejects.toBeInstanceOf(AppError);
  });
});
