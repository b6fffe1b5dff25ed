import type { NextConfig } from "next";
import { MAX_ACTION_BODY_BYTES } from "./src/schemas/limits";
import { STATIC_SECURITY_HEADERS } from "./src/server/http/csp";

const config: NextConfig = {
  poweredByHeader: false,
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3", "pg"],
  experimental: {
    // allowedOrigins is deliberately unset: server actions accept only same-origin requests (Next's CSRF check).
    serverActions: { bodySizeLimit: MAX_ACTION_BODY_BYTES },
    // forbidden() / unauthorized(): pages answer 403 with app/forbidden.tsx.
    authInterrupts: true,
  },
  async headers() {
    // The Content-Security-Policy is set per request by src/proxy.ts (it carries a nonce).
    return [{ source: "/:path*", headers: STATIC_SECURITY_HEADERS }];
  },
};

export default config;
