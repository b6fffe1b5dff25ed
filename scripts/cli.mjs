/**
 * `npm run cli`: runs lib/cli/main.ts from a JavaScript bundle instead of through the tsx loader, whose
 * start-up (about 0.25 s: a loader thread that every import waits on) was most of a small command's time.
 *
 * The bundle (esbuild, the compiler tsx itself uses; our sources only, packages stay imports) is kept in
 * node_modules/.cache/framewise-cli/ with the list of files it was built from and their size and
 * modification time. It is rebuilt when one of them changes, a command file appears or goes, or
 * FRAMEWISE_CLI_REBUILD=1; a build goes to a new folder and the manifest is swapped in by a rename, so
 * processes started together never read a half-written bundle. Run with `--conditions=react-server`
 * (package.json), which the bundle's server imports need as much as the sources do.
 */
import { createHash } from "node:crypto";
import {
  accessSync,
  constants,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";

const root = path.resolve(import.meta.dirname, "..");

/** node_modules/.cache/framewise-cli, or a folder of this checkout's own in the temporary directory when that is read-only. */
function cacheDir() {
  const preferred = path.join(root, "node_modules", ".cache", "framewise-cli");
  try {
    mkdirSync(preferred, { recursive: true });
    accessSync(preferred, constants.W_OK);
    return preferred;
  } catch {
    const own = createHash("sha256").update(root).digest("hex").slice(0, 12);
    const fallback = path.join(tmpdir(), `framewise-cli-${process.getuid?.() ?? "user"}-${own}`);
    mkdirSync(fallback, { recursive: true });
    return fallback;
  }
}

const cache = cacheDir();
const manifestFile = path.join(cache, "manifest.json");
const commandsDir = path.join(root, "lib", "cli", "commands");
/** Besides the sources: what changes how they resolve or compile. */
const CONFIG = ["tsconfig.json", "package.json", "scripts/cli.mjs"];

function commandEntries() {
  return readdirSync(commandsDir)
    .filter((f) => /\.(ts|mts)$/.test(f) && !/\.(test|spec|d)\./.test(f))
    .sort()
    .map((f) => path.join("lib", "cli", "commands", f));
}

const stamp = (file) => {
  const s = statSync(path.join(root, file));
  return `${s.size}:${s.mtimeMs}`;
};

/** The manifest when every file it lists is unchanged, else null. */
function freshManifest(entries) {
  if (process.env.FRAMEWISE_CLI_REBUILD === "1") return null;
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(manifestFile, "utf8"));
  } catch {
    return null;
  }
  if (manifest.entries?.join("\n") !== entries.join("\n")) return null;
  try {
    for (const [file, s] of Object.entries(manifest.inputs)) if (stamp(file) !== s) return null;
  } catch {
    return null; // a file it was built from is gone
  }
  return manifest;
}

async function build(entries) {
  const esbuild = await import("esbuild");
  const dir = `build-${Date.now()}-${process.pid}`;
  const outdir = path.join(cache, dir);
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: ["lib/cli/main.ts", ...entries],
    outbase: "lib/cli",
    outdir,
    outExtension: { ".js": ".mjs" },
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: `node${process.versions.node}`,
    packages: "external",
    metafile: true,
    logLevel: "error",
  });
  const inputs = {};
  for (const file of [...Object.keys(result.metafile.inputs), ...CONFIG]) inputs[file] = stamp(file);
  const manifest = { dir, entries, inputs };
  const tmp = `${manifestFile}.${process.pid}`;
  writeFileSync(tmp, JSON.stringify(manifest));
  renameSync(tmp, manifestFile);
  // Earlier builds, once nothing can still be starting from them.
  for (const old of readdirSync(cache))
    if (old.startsWith("build-") && old !== dir && Date.now() - statSync(path.join(cache, old)).mtimeMs > 600_000)
      rmSync(path.join(cache, old), { recursive: true, force: true });
  return manifest;
}

const entries = commandEntries();
const manifest = freshManifest(entries) ?? (await build(entries));
const { runCli } = await import(pathToFileURL(path.join(cache, manifest.dir, "main.mjs")).href);
await runCli(process.argv.slice(2));
