import { z } from "zod";
import { MAX_DISPLAY_NAME } from "./limits";

export const ZEmail = z.string().trim().toLowerCase().max(254, "is too long").pipe(z.email("is not a valid email address"));
export const ZPassword = z.string().min(10, "must be at least 10 characters").max(256, "must be at most 256 characters");
export const ZDisplayName = z.string().trim().min(1, "is required").max(MAX_DISPLAY_NAME, `must be at most ${MAX_DISPLAY_NAME} characters`);

export const ZCreateUser = z.object({ name: ZDisplayName, email: ZEmail, password: ZPassword }).strict();
export type TCreateUser = z.infer<typeof ZCreateUser>;

export const ZSignIn = z.object({ email: ZEmail, password: z.string().min(1, "is required").max(256, "is too long") }).strict();
export type TSignIn = z.infer<typeof ZSignIn>;
