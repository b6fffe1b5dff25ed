// Builds the data a load run or benchmark needs, through the real use cases, and prints it as JSON.
// Runs as its own process (it needs the react-server condition for server-only modules):
//   DATABASE_URL=... node --import tsx --conditions=react-server scripts/harness/fixture.ts '<json options>'
import { randomUUID } from "node:crypto";
import { hashPassword } from "better-auth/crypto";
import type { Actor } from "@/lib/server/actor";
import { ZCreateArticle } from "@/lib/schemas/article";
import { createArticle } from "@/lib/server/articles/create-article";
import { db } from "@/lib/server/db";
import { parseInput } from "@/lib/server/input";
import { createProjectWithTaxonomy } from "@/lib/server/projects/create-project";
import { mulberry32 } from "../../lib/domain/random";
import { makeText } from "./text";

export type FixtureOptions = {
  reviewers: number;
  articles: number;
  /** Code points per article. */
  articleChars: number;
  /** Spans inserted up front for the first reviewer on the first article (render benchmark). */
  preSpans?: number;
  seed?: number;
};

export type Fixture = {
  projectId: string;
  articles: { id: string; text: string }[];
  labelIds: string[];
  password: string;
  reviewers: { id: string; email: string }[];
};

const system: Actor = { id: "system", role: "admin", name: "fixture", email: "fixture@localhost" };
export const PASSWORD = "load-test-password-1";

async function build(o: FixtureOptions): Promise<Fixture> {
  const rand = mulberry32(o.seed ?? 20250601);
  const project = await createProjectWithTaxonomy(`Load ${randomUUID().slice(0, 8)}`);
  const labels = await db.label.findMany({
    where: { projectId: project.id, archivedAt: null },
    select: { id: true },
    orderBy: { order: "asc" },
  });
  const articles: Fixture["articles"] = [];
  for (let a = 0; a < o.articles; a++) {
    const fields = { projectId: project.id, title: `Load article ${a + 1}`, text: makeText(rand, o.articleChars) };
    const created = await createArticle(system, parseInput(ZCreateArticle, fields));
    const stored = await db.article.findUniqueOrThrow({ where: { id: created.id }, select: { id: true, text: true } });
    articles.push(stored);
  }
  // One scrypt hash shared by every account: hashing 100 passwords would dominate the set-up time.
  const hash = await hashPassword(PASSWORD);
  const reviewers = Array.from({ length: o.reviewers }, (_, i) => ({
    id: randomUUID(),
    email: `reviewer${i + 1}-${randomUUID().slice(0, 6)}@load.test`,
    name: `Reviewer ${i + 1}`,
  }));
  await db.user.createMany({ data: reviewers.map((r) => ({ ...r, role: "reviewer", emailVerified: false })) });
  // Every reviewer annotates the load project (everyone mode), as a new reviewer ticked into it would.
  await db.projectMember.createMany({
    data: reviewers.map((r) => ({ projectId: project.id, userId: r.id, role: "annotator" })),
  });
  await db.account.createMany({
    data: reviewers.map((r) => ({
      id: randomUUID(),
      accountId: r.id,
      providerId: "credential",
      userId: r.id,
      password: hash,
    })),
  });

  if (o.preSpans && reviewers[0] && articles[0]) {
    const cps = Array.from(articles[0].text);
    const rows = [];
    // Made an hour ago: earlier work, which the per-minute creation quota does not count.
    const earlier = new Date(Date.now() - 3_600_000);
    for (let i = 0; i < o.preSpans; i++) {
      // Spread evenly, 2-40 code points long, on whatever labels; overlaps happen naturally.
      let start = Math.floor((i / o.preSpans) * (cps.length - 50)) + Math.floor(rand() * 20);
      while (/\s/.test(cps[start]!)) start++;
      let end = start + 2 + Math.floor(rand() * 38);
      while (end > start + 1 && /\s/.test(cps[end - 1]!)) end--;
      rows.push({
        id: randomUUID(),
        articleId: articles[0].id,
        userId: reviewers[0].id,
        labelId: labels[i % labels.length]!.id,
        start,
        end,
        quote: cps.slice(start, end).join(""),
        createdAt: earlier,
        updatedAt: earlier,
      });
    }
    await db.annotation.createMany({ data: rows });
  }
  return {
    projectId: project.id,
    articles,
    labelIds: labels.map((l) => l.id),
    password: PASSWORD,
    reviewers: reviewers.map(({ id, email }) => ({ id, email })),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const options = JSON.parse(process.argv[2] ?? "{}") as FixtureOptions;
  build(options)
    .then((f) => process.stdout.write(`${JSON.stringify(f)}\n`))
    .catch((e) => {
      console.error(e);
      process.exitCode = 1;
    })
    .finally(() => db.$disconnect());
}
