import { describe, expect, it } from "vitest";
import { parseEnv } from "./env";

const SECRET = "s".repeat(32);

describe("environment validation at start-up", () => {
  it("requires BETTER_AUTH_SECRET in production, with a clear message", () => {
    expect(() => parseEnv({ NODE_ENV: "production" })).toThrow(
      "Invalid environment: BETTER_AUTH_SECRET: is required in production",
    );
    expect(parseEnv({ NODE_ENV: "production", BETTER_AUTH_SECRET: SECRET }).BETTER_AUTH_SECRET).toBe(SECRET);
  });

  it("refuses a short secret, a foreign database URL and a non-URL public origin, naming each", () => {
    expect(() => parseEnv({ BETTER_AUTH_SECRET: "short" })).toThrow(
      "BETTER_AUTH_SECRET: must be at least 32 characters",
    );
    expect(() => parseEnv({ DATABASE_URL: "mysql://x" })).toThrow(
      "DATABASE_URL: must start with file: (SQLite) or postgres:// (PostgreSQL)",
    );
    expect(() => parseEnv({ BETTER_AUTH_URL: "not a url" })).toThrow(/BETTER_AUTH_URL/);
  });

  it("lets development run without a secret (a fixed development secret is used)", () => {
    expect(parseEnv({ NODE_ENV: "development" }).BETTER_AUTH_SECRET).toBeUndefined();
  });
});
