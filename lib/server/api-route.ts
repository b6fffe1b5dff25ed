import "server-only";
import type { ZodType } from "zod";
import { MAX_ROUTE_BODY_BYTES } from "@/lib/schemas/limits";
import type { Actor } from "./actor";
import { currentActor, requireActor } from "./auth";
import { AppError, statusOf, toActionError } from "./errors";
import { assertSameOrigin, readBodyLimited } from "./http/request-guards";
import { parseInput } from "./input";

async function readJson(request: Request): Promise<unknown> {
  const text = await readBodyLimited(request, MAX_ROUTE_BODY_BYTES);
  try {
    return text === "" ? {} : JSON.parse(text);
  } catch {
    throw new AppError("INVALID", "(body): is not valid JSON", [{ field: "(body)", message: "is not valid JSON" }]);
  }
}

/** The JSON error body of every route, never cached; a 503 asks the client to retry. */
export function errorResponse(e: unknown): Response {
  const { code, error, fields } = toActionError(e);
  const status = statusOf(e);
  return Response.json(
    { error, code, fields },
    { status, headers: { "Cache-Control": "no-store", ...(status === 503 ? { "Retry-After": "5" } : {}) } },
  );
}

/**
 * A GET route (downloads): actor from the session cookie (401 without one), then `fn`; errors mapped
 * to a status by errorResponse. Reads need no origin check.
 */
export async function runGet(fn: (actor: Actor) => Promise<Response>): Promise<Response> {
  try {
    const actor = await currentActor();
    if (!actor) throw new AppError("UNAUTHENTICATED", "Please sign in.");
    return await fn(actor);
  } catch (e) {
    return errorResponse(e);
  }
}

/** The headers of a file download: an attachment, never cached or sniffed. */
export function downloadHeaders(contentType: string, fileName: string): Record<string, string> {
  return {
    "Content-Type": contentType,
    "Content-Disposition": `attachment; filename="${fileName}"`,
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
  };
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
    return Response.json(await fn(actor, parseInput(schema, raw)), { status: okStatus });
  } catch (e) {
    return errorResponse(e);
  }
}
