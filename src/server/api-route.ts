import "server-only";
import type { ZodType } from "zod";
import type { Actor } from "./actor";
import { requireActor } from "./auth";
import { AppError, fromZod, statusOf, toActionError } from "./errors";

/** JSON bodies above this are refused before parsing (the largest valid body is a 20,000-character quote). */
export const MAX_JSON_BODY = 256 * 1024;

/**
 * Cookie-authenticated routes that change data must not be reachable from other sites (CSRF):
 * a browser always sends Origin on POST/PATCH/DELETE, and it must name this host. Without Origin
 * (non-browser clients), a browser's Sec-Fetch-Site still marks cross-site requests.
 */
export function checkOrigin(request: Request): void {
  const origin = request.headers.get("origin");
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  if (origin !== null) {
    let originHost: string | null = null;
    try {
      originHost = new URL(origin).host;
    } catch {
      /* "null" or garbage: refused below */
    }
    if (!host || originHost !== host) throw new AppError("FORBIDDEN", "Cross-origin request refused.");
    return;
  }
  const site = request.headers.get("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") throw new AppError("FORBIDDEN", "Cross-origin request refused.");
}

async function readJson(request: Request): Promise<unknown> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_JSON_BODY) throw new AppError("INVALID", `(body): must be at most ${MAX_JSON_BODY} bytes`, [{ field: "(body)", message: `must be at most ${MAX_JSON_BODY} bytes` }]);
  const text = await request.text();
  if (text.length > MAX_JSON_BODY) throw new AppError("INVALID", `(body): must be at most ${MAX_JSON_BODY} bytes`, [{ field: "(body)", message: `must be at most ${MAX_JSON_BODY} bytes` }]);
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
    checkOrigin(request);
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
