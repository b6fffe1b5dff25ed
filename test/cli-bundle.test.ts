// `npm run cli` (scripts/cli.mjs) runs a cached bundle of lib/cli: rebuilt when a source it was built from
// changes, reused otherwise, and giving what the sources give when run through tsx.
import { execFile } from "node:child_process";
import { readFileSync, statSync, utimesSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..");
const manifestFile = path.join(root, "node_modules", ".cache", "framewise-cli", "manifest.json");
const fixture = path.join("test", "fixtures", "agreement", "krippendorff-2011.csv");

function run(args: string[]): Promise<{ code: number; stdout: string }> {
  const env = { ...process.env, DATABASE_URL: "" };
  return new Promise((resolve) => {
    execFile(process.execPath, args, { cwd: root, encoding: "utf8", env }, (error, stdout) =>
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout }),
    );
  });
}
const bundled = (...a: string[]) => run(["--conditions=react-server", "scripts/cli.mjs", ...a]);
const built = (): string => (JSON.parse(readFileSync(manifestFile, "utf8")) as { dir: string }).dir;

describe("the bundled command line", () => {
  it("prints what the sources print through tsx", async () => {
    const [a, b] = await Promise.all([
      bundled("agreement", "--input", fixture),
      run(["--import", "tsx", "--conditions=react-server", "lib/cli/main.ts", "agreement", "--input", fixture]),
    ]);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
  });

  it("is rebuilt when a source file changes and reused while none does", async () => {
    await bundled("agreement", "--help");
    const first = built();
    expect((await bundled("agreement", "--help")).code).toBe(0);
    expect(built()).toBe(first);
    // A source file the bundle was built from, touched: its modification time no longer matches.
    const source = path.join(root, "lib", "domain", "agreement", "item", "fleiss-kappa.ts");
    const { atime, mtime } = statSync(source);
    utimesSync(source, atime, new Date(mtime.getTime() + 1000));
    const after = await bundled("agreement", "--input", fixture);
    expect(after.code).toBe(0);
    expect(built()).not.toBe(first);
    expect(JSON.parse(after.stdout)).toMatchObject({ kind: "item" });
  });
});
