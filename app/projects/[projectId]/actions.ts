"use server";

import { redirect } from "next/navigation";
import { ZPullNext } from "@/lib/schemas/project";
import { assertForm, runAction } from "@/lib/server/action";
import { pullNext } from "@/lib/server/assignment/pull-next";
import { AppError } from "@/lib/server/errors";

/** Pull mode: take the next article and open it. */
export async function pullNextAction(form: FormData): Promise<void> {
  assertForm(form);
  const r = await runAction(ZPullNext, { projectId: form.get("projectId") }, pullNext);
  if (!r.ok) throw new AppError(r.code, r.error, r.fields);
  redirect(r.data.articleId ? `/articles/${r.data.articleId}` : `/projects/${String(form.get("projectId"))}?none=1`);
}
