import "server-only";
import type { ZodType } from "zod";
import type { Actor } from "./actor";
import { requireActor } from "./auth";
import { AppError, fromZod, statusOf, toActionError } from "./errors";
import { assertSameOrigin, readBodyLimited } from "./http/request-guards";

/** JSON bodies above this are refused (413) before parsing; the largest valid body is a 20,000-character quote. */
export const MAX_JSON_BODY = 256 * 1024;

async function readJson(request: Request): Promise<unknown> {
  const text = await readBodyLimited(request, MAX_JSON_BODY);
  try {
    return text === "" ? {} : JSON.parse(text);
  } catch {
    throw new AppError("INVALID", "(body): is not valid JSON", [{ field: "(body)", message: "is not valid JSON" }]);
  }
}

/**
 * The JSON-route twin of runAction: origin check, actor from the session cookie, body parsed
 * with the shared schema (plus `extra` fields taken from the URL), errors mapped to a status.
 */
export async function runRoute<S extends ZodType, T>(
  request: Request,
  schema: S,
  extra: Record<string, unknown>,
  fn: (actor: Actor, input: S["_output"]) => Promise<T>,
  okStatus = 200,
): Promise<Response> {
  try {
    assertSameOrigin(request);
    const actor = await requireActor();
    const body = request.method === "DELETE" ? {} : await readJson(request);
    const raw = body !== null && typeof body === "object" && !Array.isArray(body) ? { ...body, ...extra } : body;
    const parsed = schema.safeParse(raw);
    if (!parsed.success) throw fromZod(parsed.error);
    return Response.json(await fn(actor, parsed.data), { status: okStatus });
  } catch (e) {
    const { code, error, fields } = toActionError(e);
    const status = statusOf(e);
    return Response.json({ code, error, fields }, { status, headers: status === 503 ? { "Retry-After": "5" } : undefined });
  }
}
