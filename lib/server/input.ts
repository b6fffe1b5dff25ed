import "server-only";
import type { z } from "zod";
import { safeParseInput } from "@/lib/schemas/common";
import { fromZod } from "./errors";

/**
 * The one way input is parsed, at the boundary only (runAction, runRoute, the CLI's cliInput): the shared
 * schema, never throwing on hostile values (safeParseInput), failures as one INVALID AppError naming
 * each field. Use cases take the typed result (T…) and never parse again.
 */
export function parseInput<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const parsed = safeParseInput(schema, raw);
  if (!parsed.success) throw fromZod(parsed.error);
  return parsed.data;
}
