import { describe, expect, it } from "vitest";
import { MAX_IMPORT_FILE_BYTES } from "@/lib/schemas/limits";
import { DatasetImportError, assertImportSize } from "./issues";
import { numberedLineBatches, numberedLines } from "./lines";

async function all(input: string | AsyncIterable<string>, max?: number) {
  const out = [];
  for await (const l of numberedLines(input, max)) out.push(l);
  return out;
}

async function* chunks(...parts: string[]) {
  yield* parts;
}

describe("import limits", () => {
  it("refuses a whole-file import over the size limit, naming the file and the limit", () => {
    expect(() => assertImportSize("small.csv", "title,text\n")).not.toThrow();
    const big = "x".repeat(MAX_IMPORT_FILE_BYTES + 1);
    try {
      assertImportSize("big.csv", big);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(DatasetImportError);
      expect((e as DatasetImportError).message).toMatch(/big\.csv.*at most 64 MiB/);
    }
  });

  it("counts UTF-8 bytes, not UTF-16 units", () => {
    // MAX/3 code points of 3 UTF-8 bytes each are within the limit; one more is not.
    const n = Math.floor(MAX_IMPORT_FILE_BYTES / 3);
    expect(() => assertImportSize("cjk.txt", "情".repeat(n))).not.toThrow();
    expect(() => assertImportSize("cjk.txt", "情".repeat(n + 1))).toThrow(DatasetImportError);
  });

  it("refuses an over-long line in a string and in a stream, with its line number", async () => {
    expect(await all("ab\ncd", 2)).toEqual([
      { line: 1, text: "ab" },
      { line: 2, text: "cd" },
    ]);
    await expect(all("ab\nabc\n", 2)).rejects.toMatchObject({ issues: [{ line: 2, field: "line" }] });
    // A stream with no line break at all stops as soon as the buffer passes the limit.
    await expect(all(chunks("ok\n", "xx", "xx", "xx"), 4)).rejects.toMatchObject({ issues: [{ line: 2 }] });
  });

  it("gives the same lines in batches, from a string or chunks split anywhere, and the lines before an over-long one", async () => {
    const text = "\uFEFFa\r\n\nb😀c\r\nlast";
    const expected = [
      { line: 1, text: "a" },
      { line: 2, text: "" },
      { line: 3, text: "b😀c" },
      { line: 4, text: "last" },
    ];
    const flat = async (input: string | AsyncIterable<string>, max?: number) => {
      const out = [];
      for await (const batch of numberedLineBatches(input, max)) {
        expect(batch.length).toBeGreaterThan(0);
        out.push(...batch);
      }
      return out;
    };
    expect(await flat(text)).toEqual(expected);
    for (let cut = 0; cut <= text.length; cut++)
      expect(await flat(chunks(text.slice(0, cut), text.slice(cut)))).toEqual(expected);
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const batch of numberedLineBatches(chunks("ab\ncd\nabcdef\nx\n"), 3))
          seen.push(...batch.map((l) => l.line));
      })(),
    ).rejects.toMatchObject({ issues: [{ line: 3, field: "line" }] });
    expect(seen).toEqual([1, 2]);
  });
});
