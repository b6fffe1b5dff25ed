// Dialect-specific guarantees. Each project (sqlite, postgresql) runs the half that concerns it.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";

// The PostgreSQL adapter shims have their own file: prisma-shims.test.ts.
if (process.env.TEST_DB !== "postgresql") {
  describe("SQLite file settings", () => {
    it("runs in WAL mode so readers do not block the writer", async () => {
      const rows = await db.$queryRawUnsafe<{ journal_mode: string }[]>("PRAGMA journal_mode");
      expect(rows[0]?.journal_mode).toBe("wal");
    });

    it("queues concurrent writers instead of failing with 'database is locked'", async () => {
      const project = await db.project.create({ data: { name: "concurrency" } });
      await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          db.project.update({ where: { id: project.id }, data: { guidelines: `edit ${i}` } }),
        ),
      );
      await Promise.all(
        Array.from({ length: 50 }, (_, i) => db.labelGroup.create({ data: { projectId: project.id, name: `g${i}` } })),
      );
      expect(await db.labelGroup.count({ where: { projectId: project.id } })).toBe(50);
    });
  });
}

describe("schemas of both dialects", () => {
  it("declare identical models (one data-access layer serves both)", async () => {
    const { readFileSync } = await import("node:fs");
    const strip = (p: string) =>
      readFileSync(p, "utf8")
        .replace(/datasource db \{[^}]*\}/, "")
        .replace(/generator client \{[^}]*\}/, "")
        .replace(/^\/\/.*$/gm, "")
        .trim();
    expect(strip("prisma/sqlite/schema.prisma")).toBe(strip("prisma/postgresql/schema.prisma"));
  });
});
