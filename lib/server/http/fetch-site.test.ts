import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { proxy } from "@/proxy";
import { crossSiteRefusal } from "./fetch-site";

describe("cross-site mutating requests are refused for every path (issue 10, item 12)", () => {
  const req = (method: string, site: string | null, path = "/articles/a1") =>
    new NextRequest(`http://localhost:3000${path}`, {
      method,
      headers: { ...(site ? { "sec-fetch-site": site } : {}), "next-action": "7f00aa", "content-type": "text/plain" },
      body: method === "GET" || method === "HEAD" ? undefined : "[]",
    });

  it("a server action POST without Origin but with Sec-Fetch-Site cross-site or same-site gets 403 from the proxy", async () => {
    for (const site of ["cross-site", "same-site", "CROSS-SITE"]) {
      const res = proxy(req("POST", site));
      expect(res.status, site).toBe(403);
      expect(((await res.json()) as { code: string }).code).toBe("FORBIDDEN");
    }
    for (const method of ["PUT", "PATCH", "DELETE"])
      expect(proxy(req(method, "cross-site", "/api/annotations/x")).status, method).toBe(403);
  });

  it("lets same-origin, user-typed, header-less and safe requests through (with the CSP header)", () => {
    for (const [method, site] of [
      ["POST", "same-origin"],
      ["POST", "none"],
      ["POST", null],
      ["GET", "cross-site"],
      ["HEAD", "cross-site"],
    ] as const) {
      const res = proxy(req(method, site));
      expect(res.status, `${method} ${site}`).toBe(200);
      expect(res.headers.get("content-security-policy")).toContain("nonce-");
    }
  });

  it("crossSiteRefusal names the header value", () => {
    expect(crossSiteRefusal("POST", new Headers({ "sec-fetch-site": "cross-site" }))).toBe(
      "Sec-Fetch-Site is cross-site",
    );
    expect(crossSiteRefusal("OPTIONS", new Headers({ "sec-fetch-site": "cross-site" }))).toBeNull();
  });
});
