import { describe, expect, it } from "vitest";
import { ZId, safeParseInput } from "./common";

describe("safeParseInput (shim for a zod 4.6 TypeError)", () => {
  const hostile = { length: Object.create(null) as object };

  it("is still needed: zod's length checks throw on an object whose length has no prototype", () => {
    // When this stops throwing, the upstream fix landed and safeParseInput can become schema.safeParse.
    expect(() => ZId.safeParse(hostile)).toThrow(TypeError);
  });

  it("turns that throw into an ordinary validation failure", () => {
    const r = safeParseInput(ZId, hostile);
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toBe("is not valid input");
    expect(safeParseInput(ZId, "abc_123")).toMatchObject({ success: true, data: "abc_123" });
  });
});
