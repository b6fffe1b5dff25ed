import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeUtf8, decodeUtf8Stream, InvalidUtf8Error, invalidUtf8Offset } from "./utf8";

const bytes = (...parts: (string | number[])[]) =>
  Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p, "utf8") : Buffer.from(p))));

async function decodeChunks(chunks: Uint8Array[]): Promise<string> {
  let out = "";
  async function* gen() {
    yield* chunks;
  }
  for await (const s of decodeUtf8Stream(gen())) out += s;
  return out;
}

function offsetOf(f: () => unknown): number {
  try {
    f();
  } catch (e) {
    if (e instanceof InvalidUtf8Error) return e.byteOffset;
    throw e;
  }
  return -1;
}

describe("strict UTF-8", () => {
  it("decodes well-formed text (emoji, CJK, RTL) and names the first bad byte of ill-formed input", () => {
    expect(decodeUtf8(bytes("a 👍🏽 情報 שלום"))).toBe("a 👍🏽 情報 שלום");
    // Reference cases: Unicode 15 §3.9 Table 3-7 (well-formed byte sequences) and Markus Kuhn's UTF-8 stress test.
    expect(offsetOf(() => decodeUtf8(bytes("ab", [0xff], "c")))).toBe(2); // never valid
    expect(offsetOf(() => decodeUtf8(bytes("é", [0xc0, 0xaf])))).toBe(2); // overlong "/"
    expect(offsetOf(() => decodeUtf8(bytes("x", [0xed, 0xa0, 0x80])))).toBe(1); // CESU surrogate
    expect(offsetOf(() => decodeUtf8(bytes("x", [0xf4, 0x90, 0x80, 0x80])))).toBe(1); // above U+10FFFF
    expect(offsetOf(() => decodeUtf8(bytes("xyz", [0xe2, 0x82])))).toBe(3); // truncated at the end
    expect(offsetOf(() => decodeUtf8(bytes("x", [0xe2, 0x41])))).toBe(1); // lead byte without continuation
    expect(new InvalidUtf8Error(7).message).toBe("invalid UTF-8 at byte 7");
  });

  it("agrees with TextDecoder on random bytes, and a stream in any chunking reports the same offset", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 40 }), fc.array(fc.nat(40), { maxLength: 4 }), async (raw, cuts) => {
        let valid = true;
        try {
          new TextDecoder("utf-8", { fatal: true }).decode(raw);
        } catch {
          valid = false;
        }
        expect(invalidUtf8Offset(raw) === -1).toBe(valid);
        const whole = offsetOf(() => decodeUtf8(raw));
        const points = [...new Set(cuts.map((c) => Math.min(c, raw.length)))].sort((a, b) => a - b);
        const chunks = [0, ...points].map((p, i, all) => raw.subarray(p, all[i + 1] ?? raw.length));
        let streamed = -1;
        try {
          const text = await decodeChunks(chunks);
          if (valid) expect(text).toBe(decodeUtf8(raw));
        } catch (e) {
          if (!(e instanceof InvalidUtf8Error)) throw e;
          streamed = e.byteOffset;
        }
        expect(streamed).toBe(whole);
      }),
      { numRuns: 2000 },
    );
  });
});
