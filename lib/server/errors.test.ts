import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError, fromPrisma, statusOf, toActionError } from "./errors";
import { parseInput } from "./input";

// Prisma's known request errors carry their code on the error object (PrismaClientKnownRequestError.code).
const prismaError = (code: string) => Object.assign(new Error(`prisma ${code}`), { code });

describe("Prisma error codes map to AppError in one place", () => {
  it("uses the use case's own error for a code it names, and passes anything else through", () => {
    const mine = new AppError("CONFLICT", "email: already in use", [{ field: "email", message: "already in use" }]);
    expect(fromPrisma(prismaError("P2002"), { P2002: mine })).toBe(mine);
    const other = prismaError("P2025");
    expect(fromPrisma(other, { P2002: mine })).toBe(other);
    const plain = new Error("boom");
    expect(fromPrisma(plain, { P2002: mine })).toBe(plain);
  });

  it("maps an unnamed unique violation to CONFLICT (409) and a vanished record to NOT_FOUND (404)", () => {
    expect(toActionError(prismaError("P2002"))).toMatchObject({ ok: false, code: "CONFLICT" });
    expect(statusOf(prismaError("P2002"))).toBe(409);
    expect(toActionError(prismaError("P2025"))).toMatchObject({ ok: false, code: "NOT_FOUND" });
    expect(statusOf(prismaError("P2025"))).toBe(404);
    expect(statusOf(prismaError("P2003"))).toBe(500);
  });
});

describe("parseInput", () => {
  const Z = z.object({ name: z.string().min(1, "is required"), n: z.number() }).strict();

  it("returns the typed output, or throws one INVALID AppError naming each field", () => {
    expect(parseInput(Z, { name: "a", n: 1 })).toEqual({ name: "a", n: 1 });
    const e = (() => {
      try {
        parseInput(Z, { name: "", n: "x" });
      } catch (x) {
        return x;
      }
    })();
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe("INVALID");
    expect((e as AppError).fields.map((f) => f.field)).toEqual(["name", "n"]);
  });

  it("refuses hostile values that make zod itself throw (safeParseInput)", () => {
    expect(() => parseInput(z.string().min(1), { length: Object.create(null) })).toThrow(AppError);
  });
});
