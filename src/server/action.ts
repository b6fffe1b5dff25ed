import "server-only";
import { safeParseInput } from "@/schemas/common";
import type { ZodType } from "zod";
import type { Actor } from "./actor";
import { requireActor } from "./auth";
import { type ActionResult, fromZod, toActionError } from "./errors";

/**
 * The one way a server action runs: the actor comes from the session cookie (never from input),
 * input is parsed with the shared schema, and every failure becomes a user-safe result.
 */
export async function runAction<S extends ZodType, T>(schema: S, raw: unknown, fn: (actor: Actor, input: S["_output"]) => Promise<T>): Promise<ActionResult<T>> {
  try {
    const actor = await requireActor();
    const parsed = safeParseInput(schema, raw);
    if (!parsed.success) throw fromZod(parsed.error);
    return { ok: true, data: await fn(actor, parsed.data) };
  } catch (e) {
    return toActionError(e);
  }
}
