// Loads the sample corpus and the default taxonomy. Idempotent: an existing sample project is left alone.
import { readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import type { Actor } from "@/lib/server/actor";
import { ZCreateArticle } from "@/lib/schemas/article";
import { createArticle } from "@/lib/server/articles/create-article";
import { db } from "@/lib/server/db";
import { parseInput } from "@/lib/server/input";
import { createProjectWithTaxonomy } from "@/lib/server/projects/create-project";

const ZManifest = z.object({
  project: z.object({ name: z.string(), guidelines: z.string() }),
  articles: z.array(
    z.object({
      file: z.string(),
      title: z.string(),
      source: z.string(),
      author: z.string().nullable(),
      publishedAt: z.string(),
    }),
  ),
});

const corpusDir = path.resolve(import.meta.dirname, "..", "sample", "corpus");
const system: Actor = { id: "system", role: "admin", name: "seed", email: "seed@localhost" };

export async function seedSample(): Promise<{ projectId: string; created: boolean }> {
  const manifest = ZManifest.parse(JSON.parse(readFileSync(path.join(corpusDir, "manifest.json"), "utf8")));
  const existing = await db.project.findFirst({ where: { name: manifest.project.name }, select: { id: true } });
  if (existing) return { projectId: existing.id, created: false };
  const project = await createProjectWithTaxonomy(manifest.project.name, manifest.project.guidelines);
  for (const a of manifest.articles) {
    const text = readFileSync(path.join(corpusDir, a.file), "utf8");
    const fields = {
      projectId: project.id,
      title: a.title,
      source: a.source,
      author: a.author,
      publishedAt: a.publishedAt,
      text,
    };
    await createArticle(system, parseInput(ZCreateArticle, fields));
  }
  return { projectId: project.id, created: true };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  seedSample()
    .then((r) =>
      console.log(
        r.created ? `Seeded sample project ${r.projectId}` : `Sample project already present (${r.projectId})`,
      ),
    )
    .finally(() => db.$disconnect());
}
