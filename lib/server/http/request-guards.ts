import "server-only";
import { formatBytes } from "@/lib/schemas/limits";
import { env } from "../env";
import { AppError } from "../errors";
import { crossSiteRefusal } from "./fetch-site";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

function firstValue(header: string | null): string | null {
  return header?.split(",")[0]?.trim() || null;
}

/**
 * CSRF check for custom route handlers that change data (server actions get Next's own check).
 * A browser always sends Origin on a cross-origin POST/PUT/PATCH/DELETE; it must name this host
 * (Host, or X-Forwarded-Host behind a proxy, as Next's server-action check does) or BETTER_AUTH_URL.
 * Sec-Fetch-Site (sent by current browsers) must not say cross-site or same-site (fetch-site.ts, also
 * applied to every request by proxy.ts); a request with neither header comes from a non-browser client,
 * which holds no ambient cookies to abuse.
 */
export function assertSameOrigin(request: Request, trustedOrigins: string[] = [env().BETTER_AUTH_URL]): void {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return;
  const refuse = (why: string) => new AppError("FORBIDDEN", `Cross-origin request refused: ${why}.`);
  const crossSite = crossSiteRefusal(request.method, request.headers);
  if (crossSite) throw refuse(crossSite);
  const origin = request.headers.get("origin");
  if (origin !== null) {
    let host: string;
    try {
      host = new URL(origin).host;
    } catch {
      throw refuse("unreadable Origin header");
    }
    const own = firstValue(request.headers.get("x-forwarded-host")) ?? request.headers.get("host");
    const trusted = trustedOrigins.map((o) => new URL(o).host);
    if (host === "" || (host !== own && !trusted.includes(host))) throw refuse(`origin ${origin} is not this site`);
  }
}

/**
 * Reads a request body as text, refusing (413) one larger than `max` bytes: first by Content-Length,
 * then while streaming, so a missing or lying Content-Length cannot get more than `max` bytes read.
 */
export async function readBodyLimited(request: Request, max: number): Promise<string> {
  const tooLarge = () =>
    new AppError("TOO_LARGE", `Request body is larger than ${formatBytes(max)}.`, [
      { field: "(body)", message: `must be at most ${formatBytes(max)}` },
    ]);
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) > max) throw tooLarge();
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** A JSON error response in the shape every route uses. */
export function errorJson(e: AppError): Response {
  return Response.json(
    { error: e.message, code: e.code, fields: e.fields },
    { status: e.status, headers: { "Cache-Control": "no-store" } },
  );
}
