/**
 * What a server action or route answers, shared by server and client (client code may not import
 * lib/server). lib/server/errors.ts builds these from AppError and re-exports the types.
 */
export type ErrorCode =
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "INVALID"
  | "CONFLICT"
  | "LOCKED"
  | "RATE_LIMITED"
  | "TOO_LARGE"
  | "UNAVAILABLE";

export type FieldError = { field: string; message: string };

export type ActionResult<T> =
  | { ok: true; data: T }
  | { ok: false; code: ErrorCode; error: string; fields: FieldError[] };

/** Digest that app/error.tsx recognises: Next passes an error's own digest through to the client boundary. */
export const UNAVAILABLE_DIGEST = "FRAMEWISE_DB_UNAVAILABLE";
