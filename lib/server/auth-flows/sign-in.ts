import "server-only";
import { headers } from "next/headers";
import type { TSignIn } from "@/lib/schemas/user";
import { getAuth, LOCKED_OUT } from "../auth";
import { AppError } from "../errors";

/** Email + password sign-in (per-account lockout after repeated failures, see server/auth.ts). Sets the session cookie. */
export async function signIn({ email, password }: TSignIn): Promise<void> {
  try {
    await getAuth().api.signInEmail({ body: { email, password }, headers: await headers() });
  } catch (e) {
    const status = (e as { statusCode?: number; status?: unknown }).statusCode;
    // The lockout itself lives in better-auth's hooks (server/auth.ts), so the HTTP endpoint has it too.
    if (status === 401 || status === 403) throw new AppError("UNAUTHENTICATED", "Wrong email or password.");
    if (status === 429) {
      const locked = (e as { body?: { code?: string; message?: string } }).body;
      throw new AppError("RATE_LIMITED", locked?.code === LOCKED_OUT && locked.message ? locked.message : "Too many requests; wait a minute and try again.");
    }
    throw e;
  }
}
