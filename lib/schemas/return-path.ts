/** The request header proxy.ts sets to the page's own path, so a sign-in redirect can come back to it. */
export const PATH_HEADER = "x-framewise-path";

/** C0 controls and DEL (the URL parser drops some of them silently); each is one UTF-16 unit. */
function hasControlCharacter(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const unit = s.charCodeAt(i);
    if (unit <= 0x1f || unit === 0x7f) return true;
  }
  return false;
}

/**
 * Where to go after signing in: a same-origin path only ("/articles/x?page=2"), never another host
 * ("//evil", "/\\evil", "https://…"), a control character or the sign-in/setup pages themselves; else "/".
 */
export function safeReturnPath(raw: unknown): string {
  if (typeof raw !== "string" || raw.length > 2_000) return "/";
  if (!raw.startsWith("/") || raw.startsWith("//") || raw.includes("\\")) return "/";
  if (hasControlCharacter(raw)) return "/";
  let url: URL;
  try {
    url = new URL(raw, "http://framewise.invalid");
  } catch {
    return "/";
  }
  if (url.origin !== "http://framewise.invalid") return "/";
  if (/^\/(sign-in|setup|api)(\/|$)/.test(url.pathname)) return "/";
  url.searchParams.delete("_rsc");
  return `${url.pathname}${url.search}${url.hash}`;
}
