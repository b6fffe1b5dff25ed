import { describe, expect, it } from "vitest";
import { codePointLess, isoOf, pageRows, sqlDate, sqlDateOf } from "./raw";

describe("timestamps of raw rows", () => {
  const d = new Date("2025-03-01T12:34:56.789Z");
  it("isoOf reads every form a driver returns as the same ISO UTC text", () => {
    for (const v of [
      d,
      "2025-03-01T12:34:56.789Z",
      "2025-03-01T12:34:56.789+00:00",
      "2025-03-01T14:34:56.789+02:00",
      "2025-03-01 12:34:56.789",
      "2025-03-01T12:34:56.789",
      String(d.getTime()),
    ]) {
      expect(isoOf(v), String(v)).toBe("2025-03-01T12:34:56.789Z");
    }
    expect(isoOf("1970-01-01T00:00:00.000+00:00")).toBe("1970-01-01T00:00:00.000Z");
    expect(isoOf("-1000")).toBe("1969-12-31T23:59:59.000Z");
  });

  it("sqlDateOf writes what Prisma stores on SQLite, from a Date or any ISO string", () => {
    for (const v of [d, "2025-03-01T12:34:56.789Z", "2025-03-01T14:34:56.789+02:00", "2025-03-01T12:34:56.789000Z"]) {
      expect(sqlDateOf(v), String(v)).toBe("2025-03-01T12:34:56.789+00:00");
    }
    expect(sqlDateOf("2025-03-01T12:34:56Z")).toBe(sqlDate(new Date("2025-03-01T12:34:56Z")));
  });
});

describe("JSON pages of annotations", () => {
  it("codePointLess orders like SQLite's BINARY collation (UTF-8 bytes), not like UTF-16 units", () => {
    const sorted = ["", "A", "B", "a", "ab", "b", "\uE000", "\uFFFF", "😀", "😀a", "😁"];
    for (let i = 0; i < sorted.length; i++) {
      for (let j = 0; j < sorted.length; j++) {
        expect(codePointLess(sorted[i]!, sorted[j]!), `${sorted[i]} < ${sorted[j]}`).toBe(i < j);
        const bytes = Buffer.compare(Buffer.from(sorted[i]!), Buffer.from(sorted[j]!));
        expect(bytes < 0).toBe(i < j);
      }
    }
    expect("\uFFFF" < "😀").toBe(false); // UTF-16 would put the astral code point first
  });

  it("pageRows reads packed rows and refuses a page out of id order", () => {
    const rows = pageRows(
      JSON.stringify([
        ["a", "art", "u", "l", 1, 4, "", "2025-03-01T12:00:00.000+00:00", 1740830400000, "quo", 2, 3],
        ["b", "art", "u", "l", 2, 3, "n", "x", "y", "q", 1, null],
      ]),
      true,
    );
    expect(rows[0]).toEqual({
      id: "a",
      articleId: "art",
      userId: "u",
      labelId: "l",
      start: 1,
      end: 4,
      note: "",
      createdAt: "2025-03-01T12:00:00.000+00:00",
      updatedAt: 1740830400000,
      quote: "quo",
      version: 2,
      codebookVersion: 3,
    });
    expect(rows[1]).toMatchObject({ quote: "q", codebookVersion: null });
    expect(pageRows("[]", false)).toEqual([]);
    expect(
      pageRows(
        JSON.stringify([
          ["\uFFFF", "a", "u", "l", 0, 1, "", "", ""],
          ["😀", "a", "u", "l", 0, 1, "", "", ""],
        ]),
        false,
      ),
    ).toHaveLength(2);
    expect(() =>
      pageRows(
        JSON.stringify([
          ["b", "a", "u", "l", 0, 1, "", "", ""],
          ["a", "a", "u", "l", 0, 1, "", "", ""],
        ]),
        false,
      ),
    ).toThrow(/order/);
  });
});
