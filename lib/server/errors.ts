import "server-only";
import { ZodError } from "zod";

export type ErrorCode = "UNAUTHENTICATED" | "FORBIDDEN" | "NOT_FOUND" | "INVALID" | "CONFLICT" | "LOCKED" | "RATE_LIMITED" | "TOO_LARGE" | "UNAVAILABLE";

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

export type FieldError = { field: string; message: string };

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

export type ActionResult<T> = { ok: true; data: T } | { ok: false; code: ErrorCode; error: string; fields: FieldError[] };

/** Maps any thrown value to a user-safe result; unknown errors are logged, never shown. */
export function toActionError(e: unknown): Extract<ActionResult<never>, { ok: false }> {
  if (e instanceof AppError) return { ok: false, code: e.code, error: e.message, fields: e.fields };
  if (e instanceof ZodError) {
    const app = fromZod(e);
    return { ok: false, code: app.code, error: app.message, fields: app.fields };
  }
  if (isUnavailable(e)) return { ok: false, code: "UNAVAILABLE", error: "The database is unavailable; please retry shortly.", fields: [] };
  console.error(e);
  return { ok: false, code: "INVALID", error: "Something went wrong; nothing was changed.", fields: [] };
}

/** Digest that app/error.tsx recognises: Next passes an error's own digest through to the client boundary. */
export const UNAVAILABLE_DIGEST = "FRAMEWISE_DB_UNAVAILABLE";

/** The database cannot be reached: 503 for routes, a "try again shortly" page for pages. */
export function unavailable(): AppError {
  return Object.assign(new AppError("UNAVAILABLE", "The database is unavailable; please retry shortly."), { digest: UNAVAILABLE_DIGEST });
}

export function isUnavailable(e: unknown): boolean {
  if (e instanceof AppError) return e.code === "UNAVAILABLE";
  const text = String((e as { message?: unknown })?.message ?? e);
  return /ECONNREFUSED|Can't reach database|Connection terminated|database system is (starting up|shutting down)/i.test(text);
}

export function statusOf(e: unknown): number {
  if (e instanceof AppError) return e.status;
  if (e instanceof ZodError) return 422;
  if (isUnavailable(e)) return 503;
  return 500;
}
