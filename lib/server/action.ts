import "server-only";
import type { ZodType } from "zod";
import type { Actor } from "./actor";
import { requireActor } from "./auth";
import { type ActionResult, AppError, toActionError } from "./errors";
import { parseInput } from "./input";

/**
 * The one way a server action runs: the actor comes from the session cookie (never from input),
 * input is parsed with the shared schema, and every failure becomes a user-safe result.
 */
export async function runAction<S extends ZodType, T>(
  schema: S,
  raw: unknown,
  fn: (actor: Actor, input: S["_output"]) => Promise<T>,
): Promise<ActionResult<T>> {
  try {
    const actor = await requireActor();
    return { ok: true, data: await fn(actor, parseInput(schema, raw)) };
  } catch (e) {
    return toActionError(e);
  }
}

/**
 * Server actions are public endpoints: a forged call can pass anything where a form is expected.
 * Form actions check with `isForm` first, so such a call gets a specific error, not a TypeError.
 */
export function isForm(value: unknown): value is FormData {
  return value instanceof FormData;
}

export function notAForm(): Extract<ActionResult<never>, { ok: false }> {
  const field = { field: "form", message: "expected form data (multipart/form-data or urlencoded fields)" };
  return { ok: false, code: "INVALID", error: `${field.field}: ${field.message}`, fields: [field] };
}

/** For form actions that return nothing (they throw, and the error boundary shows it). */
export function assertForm(value: unknown): asserts value is FormData {
  if (!isForm(value)) {
    const r = notAForm();
    throw new AppError(r.code, r.error, r.fields);
  }
}
