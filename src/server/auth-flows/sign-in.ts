import "server-only";
import { safeParseInput } from "@/schemas/common";
import { headers } from "next/headers";
import { ZSignIn } from "@/schemas/user";
import { getAuth } from "../auth";
import { AppError, fromZod } from "../errors";
import { clearFailures, lockoutSeconds, recordFailure } from "../users/sign-in-throttle";

/** Email + password sign-in with a per-account lockout after repeated failures. Sets the session cookie. */
export async function signIn(raw: unknown): Promise<void> {
  const parsed = safeParseInput(ZSignIn, raw);
  if (!parsed.success) throw fromZod(parsed.error);
  const { email, password } = parsed.data;
  const key = `email:${email}`;
  const wait = await lockoutSeconds(key);
  if (wait > 0) throw new AppError("RATE_LIMITED", `Too many failed sign-ins for this account; try again in ${Math.ceil(wait / 60)} minute(s).`);
  try {
    await getAuth().api.signInEmail({ body: { email, password }, headers: await headers() });
  } catch (e) {
    const status = (e as { statusCode?: number; status?: unknown }).statusCode;
    if (status === 401 || status === 403) {
      await recordFailure(key);
      throw new AppError("UNAUTHENTICATED", "Wrong email or password.");
    }
    if (status === 429) throw new AppError("RATE_LIMITED", "Too many requests; wait a minute and try again.");
    throw e;
  }
  await clearFailures(key);
}
