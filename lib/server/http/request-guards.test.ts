import { describe, expect, it } from "vitest";
import { AppError } from "../errors";
import { assertSameOrigin, readBodyLimited } from "./request-guards";

const TRUSTED = ["https://framewise.example.org"];
const req = (method: string, headers: Record<string, string>) =>
  new Request("http://internal:3000/api/thing", { method, headers });
const refused = (r: Request) => {
  try {
    assertSameOrigin(r, TRUSTED);
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).status).toBe(403);
    return true;
  }
  return false;
};

describe("assertSameOrigin", () => {
  it("lets safe methods through whatever their origin", () => {
    for (const m of ["GET", "HEAD", "OPTIONS"])
      expect(refused(req(m, { origin: "https://evil.example", host: "internal:3000" }))).toBe(false);
  });

  it("accepts a same-host Origin, one behind a proxy (X-Forwarded-Host) and the configured public URL", () => {
    expect(refused(req("POST", { origin: "http://internal:3000", host: "internal:3000" }))).toBe(false);
    expect(
      refused(
        req("POST", {
          origin: "https://app.example.org",
          host: "internal:3000",
          "x-forwarded-host": "app.example.org, internal",
        }),
      ),
    ).toBe(false);
    expect(refused(req("DELETE", { origin: "https://framewise.example.org", host: "internal:3000" }))).toBe(false);
  });

  it("refuses other origins, look-alikes, other ports, 'null' and garbage on every unsafe method", () => {
    for (const m of ["POST", "PUT", "PATCH", "DELETE"]) {
      for (const origin of [
        "https://evil.example",
        "https://framewise.example.org.evil.example",
        "http://internal:3001",
        "null",
        "not a url",
        "file://",
      ]) {
        expect(refused(req(m, { origin, host: "internal:3000" })), `${m} ${origin}`).toBe(true);
      }
    }
  });

  it("without Origin: refuses a cross-site Sec-Fetch-Site, accepts same-origin and non-browser clients", () => {
    expect(refused(req("POST", { "sec-fetch-site": "cross-site", host: "internal:3000" }))).toBe(true);
    expect(refused(req("POST", { "sec-fetch-site": "same-site", host: "internal:3000" }))).toBe(true);
    expect(refused(req("POST", { "sec-fetch-site": "same-origin", host: "internal:3000" }))).toBe(false);
    expect(refused(req("POST", { host: "internal:3000" }))).toBe(false);
  });
});

describe("readBodyLimited", () => {
  const post = (body: BodyInit, headers: Record<string, string> = {}) =>
    new Request("http://x/api", { method: "POST", body, headers, duplex: "half" } as RequestInit);

  it("returns a body at the limit", async () => {
    expect(await readBodyLimited(post("é".repeat(5)), 10)).toBe("é".repeat(5));
  });

  it("refuses by Content-Length before reading", async () => {
    await expect(readBodyLimited(post("{}", { "content-length": "999999" }), 1000)).rejects.toMatchObject({
      code: "TOO_LARGE",
      status: 413,
    });
  });

  it("refuses a streamed body that grows past the limit with no Content-Length", async () => {
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(c) {
        sent += 1024;
        c.enqueue(new Uint8Array(1024));
        if (sent > 1_000_000) c.close();
      },
    });
    await expect(readBodyLimited(post(stream), 4096)).rejects.toMatchObject({ code: "TOO_LARGE" });
    expect(sent).toBeLessThan(16 * 1024); // stopped reading early, not after the whole megabyte
  });
});
