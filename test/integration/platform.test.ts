// Dialect-specific guarantees. Each project (sqlite, postgresql) runs the half that concerns it.
import pg from "pg";
import { describe, expect, it } from "vitest";
import { PrismaPg } from "@prisma/adapter-pg";
import { textMappingPool } from "../../prisma/cli-adapter";
import { db } from "@/lib/server/db";

if (process.env.TEST_DB === "postgresql") {
  describe("PostgreSQL adapter shims (prisma/cli-adapter.ts)", () => {
    const url = process.env.DATABASE_URL!;
    async function selectName(adapterPool: pg.Pool) {
      const adapter = await new PrismaPg(adapterPool).connect();
      try {
        return await adapter.queryRaw({ sql: "SELECT 'x'::name AS n, 'y'::\"char\" AS c", args: [], argTypes: [] });
      } finally {
        await adapter.dispose();
      }
    }

    it("is still needed: the plain adapter cannot read `name`/`char` columns (prisma/orm#27403)", async () => {
      // When this starts passing through, the upstream fix landed: delete the shim.
      await expect(selectName(new pg.Pool({ connectionString: url, allowExitOnIdle: true }))).rejects.toThrow(/could not be deserialized|Unsupported/i);
    });

    it("works: the shimmed pool reads them as text, through both pool.query and pool.connect", async () => {
      const result = await selectName(textMappingPool(url));
      expect(result.rows).toEqual([["x", "y"]]);
      const pool = textMappingPool(url);
      const viaQuery = await pool.query("SELECT 'z'::name AS n");
      expect(viaQuery.fields[0]?.dataTypeID).toBe(25);
      await pool.end();
    });
  });
} else {
  describe("SQLite file settings", () => {
    it("runs in WAL mode so readers do not block the writer", async () => {
      const rows = await db.$queryRawUnsafe<{ journal_mode: string }[]>("PRAGMA journal_mode");
      expect(rows[0]?.journal_mode).toBe("wal");
    });

    it("queues concurrent writers instead of failing with 'database is locked'", async () => {
      const project = await db.project.create({ data: { name: "concurrency" } });
      await Promise.all(Array.from({ length: 50 }, (_, i) => db.project.update({ where: { id: project.id }, data: { guidelines: `edit ${i}` } })));
      await Promise.all(Array.from({ length: 50 }, (_, i) => db.labelGroup.create({ data: { projectId: project.id, name: `g${i}` } })));
      expect(await db.labelGroup.count({ where: { projectId: project.id } })).toBe(50);
    });
  });
}

describe("schemas of both dialects", () => {
  it("declare identical models (one data-access layer serves both)", async () => {
    const { readFileSync } = await import("node:fs");
    const strip = (p: string) => readFileSync(p, "utf8").replace(/datasource db \{[^}]*\}/, "").replace(/generator client \{[^}]*\}/, "").replace(/^\/\/.*$/gm, "").trim();
    expect(strip("prisma/sqlite/schema.prisma")).toBe(strip("prisma/postgresql/schema.prisma"));
  });
});
