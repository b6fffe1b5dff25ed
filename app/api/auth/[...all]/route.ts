import { MAX_AUTH_BODY_BYTES } from "@/lib/schemas/limits";
import { getAuth } from "@/lib/server/auth";
import { AppError } from "@/lib/server/errors";
import { errorJson, readBodyLimited } from "@/lib/server/http/request-guards";

// better-auth's own endpoints (session, sign-out). They check the session and the Origin themselves
// (trustedOrigins = BETTER_AUTH_URL). Email sign-in here has the same per-account lockout as the
// sign-in form (the before-hook in lib/server/auth.ts).
export async function GET(request: Request): Promise<Response> {
  return getAuth().handler(request);
}

export async function POST(request: Request): Promise<Response> {
  let body: string;
  try {
    body = await readBodyLimited(request, MAX_AUTH_BODY_BYTES);
  } catch (e) {
    if (e instanceof AppError) return errorJson(e);
    throw e;
  }
  return getAuth().handler(new Request(request.url, { method: "POST", headers: request.headers, body }));
}
