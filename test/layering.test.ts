// The layers of docs/architecture.md, checked on the source files: a change that crosses one fails here.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "..");

function files(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.posix.join(dir, e.name);
    if (e.isDirectory()) return e.name === "generated" || e.name === "node_modules" ? [] : files(rel);
    return /\.(ts|tsx)$/.test(e.name) && !/\.d\.ts$/.test(e.name) ? [rel] : [];
  });
}

const isTest = (f: string) => /\.(test|spec)\.tsx?$|\.testutil\.ts$|\/_testing\.ts$/.test(f);
const source = (f: string) => readFileSync(path.join(ROOT, f), "utf8");

/** Every module specifier a file imports or re-exports (type-only ones included). */
function specifiers(f: string): string[] {
  const text = source(f);
  const out: string[] = [];
  for (const m of text.matchAll(
    /^\s*(?:import|export)\s[^;]*?from\s+["']([^"']+)["']|^\s*import\s+["']([^"']+)["']/gm,
  )) {
    out.push((m[1] ?? m[2])!);
  }
  for (const m of text.matchAll(/import\(\s*["']([^"']+)["']\s*\)/g)) out.push(m[1]!);
  return out;
}

/** A specifier as a repo path (for "@/..." and relative ones), or undefined for a package. */
function resolve(from: string, spec: string): string | undefined {
  const base = spec.startsWith("@/")
    ? spec.slice(2)
    : spec.startsWith(".")
      ? path.posix.join(path.posix.dirname(from), spec)
      : undefined;
  if (base === undefined) return undefined;
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`, `${base}/index.tsx`]) {
    const full = path.join(ROOT, candidate);
    if (existsSync(full) && statSync(full).isFile()) return candidate;
  }
  return base;
}

/**
 * Visits `roots` and the repo modules they import (by `specifiersOf`), stopping at "use server" modules:
 * those reach the client as references to server functions, the boundary itself. `check` sees every
 * import (target undefined for a package) and says whether to follow it. Returns the modules visited.
 */
function walkImports(
  roots: string[],
  specifiersOf: (f: string) => string[],
  check: (from: string, spec: string, target: string | undefined) => boolean,
): Set<string> {
  const seen = new Set<string>();
  const visit = (f: string) => {
    if (seen.has(f) || !existsSync(path.join(ROOT, f))) return;
    seen.add(f);
    if (/^\s*["']use server["']/.test(source(f))) return;
    for (const s of specifiersOf(f)) {
      const target = resolve(f, s);
      if (check(f, s, target) && target !== undefined) visit(target);
    }
  };
  for (const f of roots) visit(f);
  return seen;
}

describe("layering", () => {
  // Pure libraries (zxcvbn for the password policy) are fine; frameworks, the database and the server are not.
  const NOT_IN_DOMAIN = /^(next|react|react-dom|@prisma\/|better-auth|better-sqlite3|pg$|server-only|node:)/;

  it("lib/domain imports nothing outside lib/domain (no framework, database or server code)", () => {
    const offending = files("lib/domain")
      .filter((f) => !isTest(f))
      .flatMap((f) =>
        specifiers(f)
          .filter((s) => {
            const target = resolve(f, s);
            return target === undefined ? NOT_IN_DOMAIN.test(s) : !target.startsWith("lib/domain/");
          })
          .map((s) => `${f} imports ${s}`),
      );
    expect(offending).toEqual([]);
  });

  it('client code ("use client" modules and everything they import) imports nothing from lib/server', () => {
    const all = [...files("app"), ...files("components")];
    const clientRoots = all.filter((f) => /^\s*["']use client["']/.test(source(f)));
    expect(clientRoots.length).toBeGreaterThan(5);
    const offending: string[] = [];
    walkImports(clientRoots, specifiers, (f, s, target) => {
      if (target === undefined) return false;
      if (!target.startsWith("lib/server/")) return true;
      offending.push(`${f} imports ${s}`);
      return false;
    });
    expect(offending).toEqual([]);
  });

  it("the annotation workbench's client modules load no zod (its limits come from lib/schemas/limits)", () => {
    // Type-only imports are erased; a value import of a schema module ships and evaluates zod (~120 KB) on
    // the page whose load time matters most.
    const valueSpecifiers = (f: string) =>
      [...source(f).matchAll(/^\s*(?:import|export)\s+(?!type\s)[^;]*?from\s+["']([^"']+)["']/gm)].map((m) => m[1]!);
    const roots = files("app/articles/[articleId]/_components").filter(
      (f) => !isTest(f) && /^\s*["']use client["']/.test(source(f)),
    );
    expect(roots.length).toBeGreaterThan(5);
    const offending: string[] = [];
    const seen = walkImports(roots, valueSpecifiers, (f, s, target) => {
      if (target !== undefined) return true;
      if (s === "zod" || s.startsWith("zod/")) offending.push(`${f} imports ${s}`);
      return false;
    });
    expect(seen.size).toBeGreaterThan(roots.length);
    expect(offending).toEqual([]);
  });

  it('lib/server modules start with import "server-only" (or say why they are pure)', () => {
    const offending = files("lib/server")
      .filter((f) => !isTest(f))
      .filter((f) => {
        const text = source(f);
        return !text.startsWith('import "server-only";') && !text.startsWith("// Pure:");
      });
    expect(offending).toEqual([]);
  });
});
