import "server-only";
import { headers } from "next/headers";
import type { TSignIn } from "@/lib/schemas/user";
import { getAuth } from "../auth";
import { AppError } from "../errors";
import { DEACTIVATED, DEACTIVATED_MESSAGE } from "../users/account-state";

/**
 * Email + password sign-in; sets the session cookie. The sign-in budgets (per address, per account +
 * address, per account) and the cap on concurrent password hashing live in better-auth's hooks and
 * options (server/auth.ts), so this in-process call and the HTTP endpoint share them.
 */
export async function signIn({ email, password }: TSignIn): Promise<void> {
  try {
    await getAuth().api.signInEmail({ body: { email, password }, headers: await headers() });
  } catch (e) {
    const status = (e as { statusCode?: number }).statusCode;
    const body = (e as { body?: { message?: string; code?: string } }).body;
    const message = body?.message;
    if (body?.code === DEACTIVATED) throw new AppError("FORBIDDEN", DEACTIVATED_MESSAGE);
    if (status === 401 || status === 403) throw new AppError("UNAUTHENTICATED", "Wrong email or password.");
    if (status === 429)
      throw new AppError("RATE_LIMITED", message ?? "Too many requests; wait a minute and try again.");
    if (status === 503)
      throw new AppError("UNAVAILABLE", message ?? "Sign-in is busy; please try again in a few seconds.");
    throw e;
  }
}
