import { MAX_AUTH_BODY_BYTES } from "@/lib/schemas/limits";
import { AUTH_ENDPOINTS, getAuth } from "@/lib/server/auth";
import { AppError } from "@/lib/server/errors";
import { errorJson, readBodyLimited } from "@/lib/server/http/request-guards";

const PREFIX = "/api/auth";

/**
 * Only the better-auth endpoints the app uses (AUTH_ENDPOINTS: session probe, sign-out, email sign-in)
 * are reachable; the rest (update-user, change-email, delete-user, sign-up …) answer 404 before
 * better-auth sees them. better-auth checks the session and the Origin (BETTER_AUTH_URL) itself.
 */
function refused(request: Request): Response | null {
  const path = new URL(request.url).pathname.replace(/\/+$/, "");
  const endpoint = path.startsWith(`${PREFIX}/`) ? path.slice(PREFIX.length) : "";
  if (Object.hasOwn(AUTH_ENDPOINTS, endpoint) && AUTH_ENDPOINTS[endpoint]!.includes(request.method.toUpperCase()))
    return null;
  return errorJson(new AppError("NOT_FOUND", "Not found."));
}

export async function GET(request: Request): Promise<Response> {
  return refused(request) ?? getAuth().handler(request);
}

export async function POST(request: Request): Promise<Response> {
  const no = refused(request);
  if (no) return no;
  let body: string;
  try {
    body = await readBodyLimited(request, MAX_AUTH_BODY_BYTES);
  } catch (e) {
    if (e instanceof AppError) return errorJson(e);
    throw e;
  }
  return getAuth().handler(new Request(request.url, { method: "POST", headers: request.headers, body }));
}
