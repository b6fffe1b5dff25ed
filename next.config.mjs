// Plain ESM, so Node loads it without a TypeScript step. Two values mirror TypeScript modules that this
// file cannot import; test/next-config.test.ts keeps them equal to MAX_ACTION_BODY_BYTES
// (lib/schemas/limits.ts) and STATIC_SECURITY_HEADERS (lib/server/http/csp.ts).

/** Server action request bodies: MAX_ACTION_BODY_BYTES. */
const MAX_ACTION_BODY_BYTES = 3 * 1024 * 1024;

/** Headers every response carries: STATIC_SECURITY_HEADERS. */
const STATIC_SECURITY_HEADERS = [
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  {
    key: "Permissions-Policy",
    value: "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
  },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
];

/** @type {import('next').NextConfig} */
const config = {
  poweredByHeader: false,
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3", "pg"],
  experimental: {
    // allowedOrigins is deliberately unset: server actions accept only same-origin requests (Next's CSRF check).
    serverActions: { bodySizeLimit: MAX_ACTION_BODY_BYTES },
    // forbidden() / unauthorized(): pages answer 403 with app/forbidden.tsx.
    authInterrupts: true,
  },
  async headers() {
    // The Content-Security-Policy is set per request by proxy.ts (it carries a nonce).
    return [{ source: "/:path*", headers: STATIC_SECURITY_HEADERS }];
  },
};

export default config;
