import { describe, expect, it } from "vitest";
import { ZCreateUser, ZDisplayName, ZUserImage } from "./user";

const issue = (r: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  r.error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`);

describe("ZDisplayName: one schema for every stored name", () => {
  it("keeps ordinary names of any script, normalised to NFC and trimmed", () => {
    for (const n of [
      "Rita Reviewer",
      "Zoë O'Brien-Smith",
      "李小龙",
      "Ngũgĩ wa Thiong'o",
      "محمد",
      "A",
      "👩‍💻 Dev",
      "x".repeat(100),
    ]) {
      expect(ZDisplayName.safeParse(n).success, n).toBe(true);
    }
    expect(ZDisplayName.parse("  Rene\u0301 ")).toBe("Ren\u00e9");
  });

  it("refuses control characters, bidi controls, separators, lone surrogates, formula starts and bad lengths", () => {
    const bad: [string, RegExp][] = [
      ["", /is required/],
      ["   ", /is required/],
      ["a\u0000b", /control characters/],
      ["a\tb", /control characters/],
      ["a\r\nb", /control characters/],
      ["a\u009bb", /control characters/],
      ["a\u202Eb", /bidirectional/],
      ["a\u2066b", /bidirectional/],
      ["a\u2029b", /line separators/],
      ["a\uDC00", /unpaired surrogate/],
      ["=1+1", /must not start/],
      ["  =1+1", /must not start/], // a leading space is trimmed first
      ["+49 30", /must not start/],
      ["-x", /must not start/],
      ["@here", /must not start/],
      ["\uFF20here", /must not start/],
      ["x".repeat(101), /at most 100/],
      ["x".repeat(100_000), /at most 100/],
    ];
    for (const [n, why] of bad) {
      const r = ZDisplayName.safeParse(n);
      expect(r.success, JSON.stringify(n)).toBe(false);
      expect(r.error!.issues[0]!.message, JSON.stringify(n)).toMatch(why);
    }
    expect(ZDisplayName.safeParse(7).success).toBe(false);
  });
});

describe("ZUserImage", () => {
  it("accepts nothing or a plain https URL only", () => {
    for (const ok of [undefined, null, "https://example.org/a.png"])
      expect(ZUserImage.safeParse(ok).success, String(ok)).toBe(true);
    for (const bad of [
      "javascript:alert(1)",
      "JAVASCRIPT:alert(1)",
      "data:image/png;base64,AAAA",
      "http://example.org/a.png",
      "https://u:p@example.org/",
      "//example.org/a.png",
      'https://example.org/"onerror=',
      "",
    ]) {
      expect(ZUserImage.safeParse(bad).success, bad).toBe(false);
    }
  });
});

describe("ZCreateUser: NIST SP 800-63B 5.1.1.2 for new passwords", () => {
  const user = (password: string) => ({ name: "Rita Reviewer", email: "rita@example.test", password });

  it("refuses common, repetitive, sequential, keyboard and service-specific passwords with a password field error", () => {
    for (const p of [
      "aaaaaaaaaa",
      "0123456789",
      "1234567890",
      "abcdefghij",
      "password123",
      "Password1!",
      "qwertyuiop",
      "1q2w3e4r5t",
      "iloveyou12",
      "letmein123",
      "framewise1",
      "p@ssw0rd12",
    ]) {
      const r = ZCreateUser.safeParse(user(p));
      expect(r.success, p).toBe(false);
      expect(issue(r)![0], p).toMatch(/^password: is too easy to guess/);
    }
  });

  it("accepts long passphrases and random passwords, and judges only a prefix of very long ones", () => {
    for (const p of [
      "correct horse battery",
      "violet-Tractor-mango-7",
      "rita-password-123",
      "Zx8#qLw2!vN0",
      `${"a".repeat(9)}Qz7#kLm2@pW9vR4`,
    ]) {
      expect(ZCreateUser.safeParse(user(p)).success, p).toBe(true);
    }
    const start = performance.now();
    expect(ZCreateUser.safeParse(user("ab1!".repeat(64))).success).toBe(false);
    expect(performance.now() - start).toBeLessThan(2000);
  });

  it("reports length before guessability, once", () => {
    expect(issue(ZCreateUser.safeParse(user("short")))).toEqual(["password: must be at least 10 characters"]);
    expect(issue(ZCreateUser.safeParse(user("x".repeat(257))))).toEqual(["password: must be at most 256 characters"]);
  });
});
