import "server-only";
import { ZodError } from "zod";
import { type ActionResult, type ErrorCode, type FieldError, UNAVAILABLE_DIGEST } from "@/lib/schemas/result";

export { type ActionResult, type ErrorCode, type FieldError, UNAVAILABLE_DIGEST };

const STATUS: Record<ErrorCode, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  INVALID: 422,
  CONFLICT: 409,
  LOCKED: 423,
  RATE_LIMITED: 429,
  TOO_LARGE: 413,
  UNAVAILABLE: 503,
};

/** An error whose message is safe to show to the user. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields: FieldError[] = [],
  ) {
    super(message);
    this.name = "AppError";
  }
  get status(): number {
    return STATUS[this.code];
  }
}

export function invalid(field: string, message: string): AppError {
  return new AppError("INVALID", `${field}: ${message}`, [{ field, message }]);
}

export function fromZod(error: ZodError): AppError {
  const fields = error.issues.map((i) => ({ field: i.path.join(".") || "(input)", message: i.message }));
  return new AppError("INVALID", fields.map((f) => `${f.field}: ${f.message}`).join("; "), fields);
}

/**
 * Prisma's request-error codes that a use case can meet in normal operation (dub's handleApiError maps
 * them in one place too): a unique constraint (P2002) and a record that vanished meanwhile (P2025).
 */
const PRISMA_CODES = { P2002: "CONFLICT", P2025: "NOT_FOUND" } as const satisfies Record<string, ErrorCode>;
export type PrismaCode = keyof typeof PRISMA_CODES;

export function prismaCode(e: unknown): PrismaCode | undefined {
  const code = typeof e === "object" && e !== null ? (e as { code?: unknown }).code : undefined;
  return typeof code === "string" && code in PRISMA_CODES ? (code as PrismaCode) : undefined;
}

/**
 * What to throw for a failed write: the use case's own field-specific AppError for a known Prisma code,
 * else `e` unchanged (toActionError still maps a P2002/P2025 nobody named to a generic CONFLICT/NOT_FOUND).
 * Usage: `catch (e) { throw fromPrisma(e, { P2002: new AppError("CONFLICT", …) }); }`
 */
export function fromPrisma(e: unknown, errors: Partial<Record<PrismaCode, AppError>>): unknown {
  const code = prismaCode(e);
  return (code && errors[code]) ?? e;
}

const PRISMA_MESSAGES: Record<PrismaCode, string> = {
  P2002: "This already exists; nothing was changed.",
  P2025: "This no longer exists; reload the page.",
};

/** Maps any thrown value to a user-safe result; unknown errors are logged, never shown. */
export function toActionError(e: unknown): Extract<ActionResult<never>, { ok: false }> {
  if (e instanceof AppError) return { ok: false, code: e.code, error: e.message, fields: e.fields };
  if (e instanceof ZodError) {
    const app = fromZod(e);
    return { ok: false, code: app.code, error: app.message, fields: app.fields };
  }
  if (isUnavailable(e))
    return { ok: false, code: "UNAVAILABLE", error: "The database is unavailable; please retry shortly.", fields: [] };
  const prisma = prismaCode(e);
  if (prisma) return { ok: false, code: PRISMA_CODES[prisma], error: PRISMA_MESSAGES[prisma], fields: [] };
  console.error(e);
  return { ok: false, code: "INVALID", error: "Something went wrong; nothing was changed.", fields: [] };
}

/** The database cannot be reached: 503 for routes, a "try again shortly" page for pages. */
export function unavailable(): AppError {
  return Object.assign(new AppError("UNAVAILABLE", "The database is unavailable; please retry shortly."), {
    digest: UNAVAILABLE_DIGEST,
  });
}

export function isUnavailable(e: unknown): boolean {
  if (e instanceof AppError) return e.code === "UNAVAILABLE";
  const text = String((e as { message?: unknown })?.message ?? e);
  return /ECONNREFUSED|Can't reach database|Connection terminated|database system is (starting up|shutting down)/i.test(
    text,
  );
}

export function statusOf(e: unknown): number {
  if (e instanceof AppError) return e.status;
  if (e instanceof ZodError) return 422;
  if (isUnavailable(e)) return 503;
  const prisma = prismaCode(e);
  if (prisma) return STATUS[PRISMA_CODES[prisma]];
  return 500;
}
