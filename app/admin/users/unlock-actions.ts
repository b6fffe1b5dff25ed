"use server";

import { revalidatePath } from "next/cache";
import { ZUnlockUser } from "@/lib/schemas/user";
import { assertForm, runAction } from "@/lib/server/action";
import { AppError } from "@/lib/server/errors";
import { unlockUser } from "@/lib/server/users/unlock-user";

/** The admin's "Unlock" beside an account locked by failed sign-ins. */
export async function unlockUserAction(form: FormData): Promise<void> {
  assertForm(form);
  const r = await runAction(ZUnlockUser, { email: form.get("email") }, (actor, { email }) =>
    unlockUser({ actor, email }),
  );
  if (!r.ok) throw new AppError(r.code, r.error, r.fields);
  revalidatePath("/admin/users");
}
