import { describe, expect, it } from "vitest";
import { isoOf, sqlDate, sqlDateOf } from "./raw";

describe("timestamps of raw rows", () => {
  const d = new Date("2025-03-01T12:34:56.789Z");
  it("isoOf reads every form a driver returns as the same ISO UTC text", () => {
    for (const v of [d, "2025-03-01T12:34:56.789Z", "2025-03-01T12:34:56.789+00:00", "2025-03-01T14:34:56.789+02:00", "2025-03-01 12:34:56.789", "2025-03-01T12:34:56.789", String(d.getTime())]) {
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
