// `cli users unlock` as an operator runs it: a real process against this file's real database.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ACCOUNT_MAX, lockedUntil, reserveAttempt } from "@/lib/server/users/sign-in-throttle";
import { makeUser } from "../factories";

const root = path.resolve(import.meta.dirname, "../..");

function cli(args: string[]) {
  const r = spawnSync(process.execPath, ["--conditions=react-server", "scripts/cli.mjs", ...args], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: process.env.DATABASE_URL },
    encoding: "utf8",
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("cli users unlock", () => {
  it("lifts the lock of an account locked by failed sign-ins; unknown accounts and bad usage change nothing", async () => {
    const user = await makeUser("reviewer");
    // Failed attempts from many addresses: the account's own budget runs out and it is locked for everyone.
    for (let i = 0; i <= ACCOUNT_MAX; i++) await reserveAttempt(user.email, `198.51.100.${i + 1}`);
    expect((await lockedUntil([user.email])).has(user.email)).toBe(true);

    const unknown = cli(["users", "unlock", "--email", "nobody@example.test"]);
    expect([unknown.code, unknown.stderr.trim()]).toEqual([3, "email: no such account"]);
    const usage = cli(["users", "unlock"]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("--email is required");
    expect((await lockedUntil([user.email])).has(user.email)).toBe(true);

    const done = cli(["users", "unlock", "--email", user.email.toUpperCase()]);
    expect([done.code, done.stdout]).toEqual([0, `unlocked ${user.email}\n`]);
    expect((await lockedUntil([user.email])).has(user.email)).toBe(false);
    const again = cli(["users", "unlock", "--email", user.email]);
    expect([again.code, again.stdout]).toEqual([0, `${user.email} was not locked\n`]);
  });
});
