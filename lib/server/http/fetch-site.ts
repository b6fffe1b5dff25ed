// Pure: no "server-only" so proxy.ts and unit tests can import it.

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Why a request must be refused as cross-site, or null. Browsers send Sec-Fetch-Site on every request;
 * on a mutating one (server actions are POSTs, routes POST/PATCH/PUT/DELETE) only `same-origin` (the
 * app's own pages) and `none` (typed by the user) are accepted. `same-site` (a sibling subdomain or
 * another port of this host) is refused too: the app never posts from one. A request without the header
 * comes from a non-browser client or an old browser, and the Origin checks still apply to it.
 */
export function crossSiteRefusal(method: string, headers: Headers): string | null {
  if (SAFE_METHODS.has(method.toUpperCase())) return null;
  const site = headers.get("sec-fetch-site")?.trim().toLowerCase();
  if (site === undefined || site === "" || site === "same-origin" || site === "none") return null;
  return `Sec-Fetch-Site is ${site}`;
}
