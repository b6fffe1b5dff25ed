import { z } from "zod";

export const ZEmail = z.string().trim().toLowerCase().max(254, "is too long").pipe(z.email("is not a valid email address"));
export const ZPassword = z.string().min(10, "must be at least 10 characters").max(256, "must be at most 256 characters");
export const ZDisplayName = z.string().trim().min(1, "is required").max(100, "must be at most 100 characters");

export const ZCreateUser = z.object({ name: ZDisplayName, email: ZEmail, password: ZPassword }).strict();
export type TCreateUser = z.infer<typeof ZCreateUser>;

export const ZSignIn = z.object({ email: ZEmail, password: z.string().min(1, "is required").max(256, "is too long") }).strict();
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
export const ZChangeOwnPassword = z.object({ currentPassword: z.string().min(1, "is required").max(256, "is too long"), newPassword: ZPassword }).strict();
