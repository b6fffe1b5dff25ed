// Pure: no "server-only" so proxy.ts and unit tests can import it.

/** A fresh, unguessable nonce per request (128 random bits, base64). */
export function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

/**
 * The page CSP. Scripts need this request's nonce (Next adds it to its own bootstrap and chunk
 * scripts when it finds `'nonce-…'` in the request's CSP header); 'strict-dynamic' lets those load
 * the rest, so no 'unsafe-inline' for scripts. Styles keep 'unsafe-inline' because React renders
 * style attributes (highlight colours, progress bars), which nonces cannot cover.
 * Development adds 'unsafe-eval' (React's dev tooling needs it; production does not).
 */
export function contentSecurityPolicy(nonce: string, dev = false): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join("; ");
}

/** Headers every response carries (next.config.mjs); the CSP comes from proxy.ts because it needs the nonce. */
export const STATIC_SECURITY_HEADERS: { key: string; value: string }[] = [
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  {
    key: "Permissions-Policy",
    value: "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
  },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
];
