import "server-only";
import { z } from "zod";

const ZEnv = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^(file:|postgres(ql)?:\/\/)/, "must start with file: (SQLite) or postgres:// (PostgreSQL)")
    .default("file:./data/framewise.db"),
  BETTER_AUTH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  BETTER_AUTH_URL: z.url().default("http://localhost:3000"),
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  /** Where the one-time first-admin setup token is written (mode 0600), relative to the working directory. */
  FRAMEWISE_SETUP_TOKEN_FILE: z.string().min(1).default("data/setup-token"),
});

const ZEnvChecked = ZEnv.superRefine((e, ctx) => {
  if (e.NODE_ENV === "production" && !e.BETTER_AUTH_SECRET && process.env.NEXT_PHASE !== "phase-production-build") {
    ctx.addIssue({
      code: "custom",
      path: ["BETTER_AUTH_SECRET"],
      message: "is required in production (npm run app writes one to .env)",
    });
  }
});

export type TEnv = z.infer<typeof ZEnv>;

let cached: TEnv | undefined;

/** Parses an environment (process.env by default); throws naming every offending variable. */
export function parseEnv(source: Record<string, string | undefined>): TEnv {
  const parsed = ZEnvChecked.safeParse(source);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid environment: ${detail}`);
  }
  return parsed.data;
}

/** Validated environment; throws at start-up (instrumentation.ts) with the offending variable named. */
export function env(): TEnv {
  cached ??= parseEnv(process.env);
  return cached;
}
