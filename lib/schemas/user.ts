import { z } from "zod";
import { passwordProblem } from "@/lib/domain/password-policy";
import { ZId } from "./common";
import { MAX_EMAIL_CHARS, MAX_IMAGE_URL_CHARS, MAX_NAME_CHARS, MAX_PASSWORD_CHARS, MIN_PASSWORD_CHARS } from "./limits";

export const ZEmail = z
  .string()
  .trim()
  .toLowerCase()
  .max(MAX_EMAIL_CHARS, "is too long")
  .pipe(z.email("is not a valid email address"));

// Characters a display name may not hold. Control characters (NUL, newlines, tab, DEL, C1) break
// headers, CSV and JSONL round trips; bidi overrides and isolates reorder what others read; line and
// paragraph separators act as newlines in JavaScript and many viewers.
const CONTROL = /\p{Cc}/u;
const BIDI_OR_SEPARATOR = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\u2028\u2029]/u;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// A name starting with these is a formula in a spreadsheet (CSV exports carry names). Refused rather
// than escaped: a person's name never needs them first.
const FORMULA_START = /^[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]/u;

/**
 * A person's display name, the one schema for every path that stores one (setup, admin forms, the
 * better-auth database hooks, imports): NFC, trimmed, 1..MAX_NAME_CHARS, printable, no formula start.
 */
export const ZDisplayName = z
  .string({ error: "must be text" })
  .max(MAX_NAME_CHARS * 4, `must be at most ${MAX_NAME_CHARS} characters`)
  .refine((s) => !LONE_SURROGATE.test(s), "contains an unpaired surrogate")
  .transform((s) => s.normalize("NFC").trim())
  .pipe(
    z
      .string()
      .min(1, "is required")
      .max(MAX_NAME_CHARS, `must be at most ${MAX_NAME_CHARS} characters`)
      .refine((s) => !CONTROL.test(s), "must not contain control characters (NUL, newline, tab …)")
      .refine((s) => !BIDI_OR_SEPARATOR.test(s), "must not contain bidirectional controls or line separators")
      .refine((s) => !FORMULA_START.test(s), "must not start with =, +, - or @"),
  );

/** better-auth's `image`: the app shows none, so only absent, null or a plain https URL is stored. */
export const ZUserImage = z
  .url({ protocol: /^https$/, error: "must be an https URL" })
  .max(MAX_IMAGE_URL_CHARS, `must be at most ${MAX_IMAGE_URL_CHARS} characters`)
  .refine(
    (u) => !/[\s"'<>\\]/.test(u) && URL.canParse(u) && new URL(u).username === "" && new URL(u).password === "",
    "must be a plain https URL",
  )
  .nullable()
  .optional();

/** Any password being set; the common-password check needs the account (see withPasswordPolicy). */
export const ZPassword = z
  .string({ error: "is required" })
  .min(MIN_PASSWORD_CHARS, `must be at least ${MIN_PASSWORD_CHARS} characters`)
  .max(MAX_PASSWORD_CHARS, `must be at most ${MAX_PASSWORD_CHARS} characters`);

/**
 * Refuses a common, guessable or account-related new password (NIST SP 800-63B §5.1.1.2) with a
 * `password` field error. Apply to every schema through which a password is set.
 */
export function withPasswordPolicy<S extends z.ZodType<{ password: string; name?: string; email?: string }>>(
  schema: S,
) {
  return schema.superRefine((v, ctx) => {
    // zod runs this even when a field failed already: only a password that passed its own checks is judged.
    if (
      typeof v.password !== "string" ||
      v.password.length < MIN_PASSWORD_CHARS ||
      v.password.length > MAX_PASSWORD_CHARS
    )
      return;
    const context = [v.name, v.email].filter((c): c is string => typeof c === "string");
    const problem = passwordProblem(v.password, context);
    if (problem) ctx.addIssue({ code: "custom", path: ["password"], message: problem });
  });
}

export const ZCreateUser = withPasswordPolicy(
  z.object({ name: ZDisplayName, email: ZEmail, password: ZPassword }).strict(),
);
export type TCreateUser = z.infer<typeof ZCreateUser>;

/**
 * The admin's new account: the account fields, its global role, and the projects it joins as an annotator
 * (the account form's ticked projects; the command line's users add).
 */
export const ZCreateAccount = withPasswordPolicy(
  z
    .object({
      name: ZDisplayName,
      email: ZEmail,
      password: ZPassword,
      role: z.enum(["admin", "reviewer"], { error: "must be admin or reviewer" }).default("reviewer"),
      projectIds: z
        .array(ZId, { error: "must be a list of project ids" })
        .max(1000, "names too many projects")
        .default([]),
    })
    .strict(),
);
export type TCreateAccount = z.infer<typeof ZCreateAccount>;

export const ZSignIn = z
  .object({ email: ZEmail, password: z.string().min(1, "is required").max(MAX_PASSWORD_CHARS, "is too long") })
  .strict();
export type TSignIn = z.infer<typeof ZSignIn>;

export const ZGlobalRole = z.enum(["admin", "reviewer"], { error: "must be admin or reviewer" });
export type TGlobalRole = z.infer<typeof ZGlobalRole>;
export const ZUserEmail = z.object({ email: ZEmail }).strict();
export const ZUserId = z.object({ userId: z.string().min(1, "is required").max(64, "is too long") }).strict();
export const ZSetUserActive = ZUserId.extend({ active: z.boolean() }).strict();
export const ZSetUserRole = ZUserId.extend({ role: ZGlobalRole }).strict();
export const ZResetPassword = ZUserId.extend({ password: ZPassword }).strict();
/** The user's own profile: the same name rule as the admin's account form. */
export const ZChangeOwnName = z.object({ name: ZDisplayName }).strict();
export const ZChangeOwnPassword = z
  .object({ currentPassword: z.string().min(1, "is required").max(256, "is too long"), newPassword: ZPassword })
  .strict();
/** One-time setup token (printed in the server log, see lib/server/users/setup-token.ts). */
export const ZSetupToken = z
  .string({ error: "is required" })
  .trim()
  .min(1, "is required — copy it from the server log or data/setup-token")
  .max(200, "is not a valid setup token");
export const ZCreateFirstAdmin = withPasswordPolicy(
  z.object({ name: ZDisplayName, email: ZEmail, password: ZPassword, token: ZSetupToken }).strict(),
);
export type TCreateFirstAdmin = z.infer<typeof ZCreateFirstAdmin>;

/** The admin's unlock of an account locked by failed sign-ins. */
export const ZUnlockUser = z.object({ email: ZEmail }).strict();
