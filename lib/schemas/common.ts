import { tooLongMessage } from "./limits";
import { z } from "zod";
import { MAX_OFFSET } from "./limits";

export const ZId = z
  .string()
  .min(1, "is required")
  .max(64, "is too long")
  .regex(/^[A-Za-z0-9_-]+$/, "is not a valid id");

/** Offsets are code points: non-negative integers, bounded so hostile numbers fail fast. */
export const ZOffset = z
  .number({ error: "must be a number" })
  .int("must be a whole number of code points")
  .min(0, "must not be negative")
  .max(MAX_OFFSET, "is beyond any article length");

/** Rejects lone surrogates and NUL, which cannot be stored or round-tripped faithfully. */
export function wellFormed(max: number, label = "text") {
  return z
    .string()
    .max(max, tooLongMessage(label, max))
    .refine(
      (s) => !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s),
      "contains an unpaired surrogate",
    )
    .refine((s) => !s.includes("\u0000"), "contains a NUL character");
}

/**
 * schema.safeParse that never throws. zod 4.6's length checks still run on a non-string input that
 * has a `length` property, and throw a TypeError when that property is an object without a prototype
 * ({ length: Object.create(null) }; found by the hostile-input property test). Such input is refused
 * like any other invalid input.
 */
export function safeParseInput<S extends z.ZodType>(schema: S, raw: unknown): z.ZodSafeParseResult<z.output<S>> {
  try {
    return schema.safeParse(raw);
  } catch {
    return {
      success: false,
      error: new z.ZodError([{ code: "custom", path: [], message: "is not valid input", input: raw }]),
    } as z.ZodSafeParseResult<z.output<S>>;
  }
}
