import { z } from "zod";

export const ZId = z.string().min(1, "is required").max(64, "is too long").regex(/^[A-Za-z0-9_-]+$/, "is not a valid id");

/** Offsets are code points: non-negative integers, bounded so hostile numbers fail fast. */
export const ZOffset = z
  .number({ error: "must be a number" })
  .int("must be a whole number of code points")
  .min(0, "must not be negative")
  .max(10_000_000, "is beyond any article length");

/** Rejects lone surrogates and NUL, which cannot be stored or round-tripped faithfully. */
export function wellFormed(max: number, label = "text") {
  return z
    .string()
    .max(max, `${label} must be at most ${max} characters`)
    .refine((s) => !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s), "contains an unpaired surrogate")
    .refine((s) => !s.includes("\u0000"), "contains a NUL character");
}
