// The study commands as a user runs them: a real process against this file's real database.
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parseCsv } from "@/lib/domain/dataset/csv";
import { db } from "@/lib/server/db";
import { makeArticle, makeProject } from "../factories";

const root = path.resolve(import.meta.dirname, "../..");
const dir = mkdtempSync(path.join(tmpdir(), "fw-cli-study-"));

function cli(args: string[]) {
  const r = spawnSync(process.execPath, ["--conditions=react-server", "scripts/cli.mjs", ...args], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: process.env.DATABASE_URL },
    encoding: "utf8",
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

let projectId: string;
const articleIds: string[] = [];

beforeAll(async () => {
  projectId = (await makeProject("CLI study")).project.id;
  for (let i = 0; i < 6; i++) articleIds.push((await makeArticle(projectId, `CLI study article ${i}.`, `S${i}`)).id);
});

describe("users, members, assign, assignments", { timeout: 240_000 }, () => {
  it("users add prints the id (and a generated password), list shows it, deactivate/reactivate/unlock work", () => {
    const a = cli([
      "users",
      "add",
      "--email",
      "Coder1@Example.test",
      "--name",
      "Coder One",
      "--role",
      "reviewer",
      "--password",
      "coder-one-password",
    ]);
    expect(a.code, a.stderr).toBe(0);
    expect(a.stdout.trim()).toMatch(/^[0-9a-f-]{36}$/);
    const b = cli(["users", "add", "--email", "coder2@example.test", "--name", "Coder Two", "--role", "reviewer"]);
    expect(b.code, b.stderr).toBe(0);
    const [id, password] = b.stdout.trim().split("\n");
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(password!.length).toBeGreaterThanOrEqual(10);
    const list = cli(["users", "list", "--format", "csv"]);
    expect(list.code).toBe(0);
    const rows = parseCsv(list.stdout).rows;
    expect(rows[0]).toEqual(["id", "email", "name", "role", "active", "last_sign_in"]);
    expect(rows.some((r) => r[1] === "coder1@example.test" && r[4] === "true")).toBe(true);
    expect(cli(["users", "deactivate", "--email", "coder1@example.test"]).code).toBe(0);
    const json = JSON.parse(cli(["users", "list", "--format", "json"]).stdout) as { email: string; active: boolean }[];
    expect(json.find((u) => u.email === "coder1@example.test")?.active).toBe(false);
    expect(cli(["users", "reactivate", "--email", "coder1@example.test"]).code).toBe(0);
    expect(cli(["users", "unlock", "--email", "coder1@example.test"]).code).toBe(0);
  });

  it("bad input exits 3 with field: reason and changes nothing; bad usage exits 2", async () => {
    const users = await db.user.count();
    const bad = cli([
      "users",
      "add",
      "--email",
      "not-an-email",
      "--name",
      "X",
      "--role",
      "reviewer",
      "--password",
      "long-enough-password",
    ]);
    expect(bad.code).toBe(3);
    expect(bad.stderr).toMatch(/email: is not a valid email address/);
    expect(cli(["users", "add", "--email", "x@example.test", "--name", "X", "--role", "boss"]).code).toBe(2);
    expect(cli(["users", "deactivate", "--email", "nobody@example.test"]).stderr).toMatch(/email: no such account/);
    expect(
      cli(["members", "add", "--project", projectId, "--email", "coder1@example.test", "--role", "owner"]).code,
    ).toBe(3);
    expect(await db.user.count()).toBe(users);
  });

  it("members add, assign --overlap, assignments --format csv, assign --from csv", async () => {
    for (const n of [3, 4, 5])
      expect(
        cli([
          "users",
          "add",
          "--email",
          `coder${n}@example.test`,
          "--name",
          `Coder ${n}`,
          "--role",
          "reviewer",
          "--password",
          "coder-password-1",
        ]).code,
      ).toBe(0);
    for (const n of [1, 2, 3, 4])
      expect(
        cli(["members", "add", "--project", projectId, "--email", `coder${n}@example.test`, "--role", "annotator"])
          .code,
      ).toBe(0);
    expect(
      cli(["members", "add", "--project", projectId, "--email", "coder5@example.test", "--role", "curator"]).code,
    ).toBe(0);
    const assign = cli(["assign", "--project", projectId, "--overlap", "2", "--seed", "9"]);
    expect(assign.code, assign.stderr).toBe(0);
    expect(JSON.parse(assign.stdout)).toMatchObject({ articles: 6, annotators: 4, k: 2, assigned: 12, round: "Main" });
    const out = cli(["assignments", "--project", projectId, "--format", "csv"]);
    expect(out.code, out.stderr).toBe(0);
    const [header, ...rows] = parseCsv(out.stdout).rows;
    expect(header).toEqual(["article_id", "user_id", "user_email", "round", "status"]);
    expect(rows).toHaveLength(12);
    const perArticle = new Map<string, number>();
    for (const r of rows) perArticle.set(r[0]!, (perArticle.get(r[0]!) ?? 0) + 1);
    expect([...perArticle.values()]).toEqual(Array(6).fill(2));
    expect(new Set(rows.map((r) => r[4]))).toEqual(new Set(["not_started"]));

    const good = path.join(dir, "good.csv");
    writeFileSync(
      good,
      `article_id,user\n${articleIds[0]},coder3@example.test\n${articleIds[1]},coder4@example.test\n`,
    );
    const manual = cli(["assign", "--project", projectId, "--from", good, "--round", "Calibration"]);
    expect(manual.code, manual.stderr).toBe(0);
    expect(JSON.parse(manual.stdout)).toMatchObject({ round: "Calibration", assigned: 2 });
    expect(
      parseCsv(cli(["assignments", "--project", projectId, "--round", "Calibration", "--format", "csv"]).stdout).rows,
    ).toHaveLength(3);

    const before = await db.assignment.count();
    const badCsv = path.join(dir, "bad.csv");
    writeFileSync(
      badCsv,
      `article_id,user\n${articleIds[0]},coder3@example.test\nnope,coder3@example.test\n${articleIds[2]},coder5@example.test\n`,
    );
    const refused = cli(["assign", "--project", projectId, "--from", badCsv]);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(/line 3: article_id: is not an article of this project/);
    expect(refused.stderr).toMatch(/line 4: user: is a curator of this project, not an annotator/);
    expect(await db.assignment.count()).toBe(before);
    expect(cli(["assign", "--project", projectId]).code).toBe(2);
    expect(cli(["assignments", "--project", projectId]).code).toBe(2);
  });
});
