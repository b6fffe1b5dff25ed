import { type NextRequest, NextResponse } from "next/server";
import { contentSecurityPolicy, newNonce } from "@/lib/server/http/csp";
import { crossSiteRefusal } from "@/lib/server/http/fetch-site";
import { PATH_HEADER } from "@/lib/schemas/return-path";

/**
 * Refuses every cross-site mutating request (server actions included) before it reaches the app, by
 * the browser's Sec-Fetch-Site; Next's Origin check on actions and assertSameOrigin on routes stay.
 * Per-request CSP nonce. Next reads the nonce from the request's CSP header and puts it on its own
 * scripts; the same policy goes on the response. Authorisation is NOT done here: every page, action
 * and route checks the session itself.
 */
export function proxy(request: NextRequest) {
  const crossSite = crossSiteRefusal(request.method, request.headers);
  if (crossSite) {
    const error = `Cross-origin request refused: ${crossSite}.`;
    return NextResponse.json(
      { error, code: "FORBIDDEN", fields: [] },
      { status: 403, headers: { "Cache-Control": "no-store" } },
    );
  }
  const nonce = newNonce();
  const csp = contentSecurityPolicy(nonce, process.env.NODE_ENV === "development");
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", csp);
  // The page's own path, so a page that sends an anonymous visitor to sign in can ask to come back.
  requestHeaders.set(PATH_HEADER, request.nextUrl.pathname + request.nextUrl.search);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", csp);
  return response;
}

export const config = {
  // Static assets need no policy of their own; everything else (pages, actions, API) gets one.
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
