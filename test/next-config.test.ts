// next.config.mjs is plain ESM and cannot import TypeScript: its copies of two shared values stay equal here.
import type { NextConfig } from "next";
import { describe, expect, it } from "vitest";
import { MAX_ACTION_BODY_BYTES } from "@/lib/schemas/limits";
import { STATIC_SECURITY_HEADERS } from "@/lib/server/http/csp";

// A path in a variable: TypeScript does not resolve it, the NextConfig type stands in for the JSDoc one.
const configPath = "../next.config.mjs";
const { default: config } = (await import(configPath)) as { default: NextConfig };

describe("next.config.mjs", () => {
  it("limits server action bodies to MAX_ACTION_BODY_BYTES", () => {
    expect(config.experimental?.serverActions?.bodySizeLimit).toBe(MAX_ACTION_BODY_BYTES);
  });
  it("sends STATIC_SECURITY_HEADERS on every path", async () => {
    expect(await config.headers?.()).toEqual([{ source: "/:path*", headers: STATIC_SECURITY_HEADERS }]);
  });
  it("turns on auth interrupts (forbidden() pages)", () => {
    expect(config.experimental?.authInterrupts).toBe(true);
  });
});
