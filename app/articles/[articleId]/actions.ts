"use server";

import { revalidatePath } from "next/cache";
import { ZCreateAnnotation, ZDeleteAnnotation, ZSetArticleStatus, ZUpdateAnnotation } from "@/lib/schemas/annotation";
import { runAction } from "@/lib/server/action";
import { createAnnotation } from "@/lib/server/annotations/create-annotation";
import { deleteAnnotation } from "@/lib/server/annotations/delete-annotation";
import { updateAnnotation } from "@/lib/server/annotations/update-annotation";
import { setArticleStatus } from "@/lib/server/articles/set-article-status";

export async function createAnnotationAction(raw: unknown) {
  return runAction(ZCreateAnnotation, raw, createAnnotation);
}

export async function updateAnnotationAction(raw: unknown) {
  return runAction(ZUpdateAnnotation, raw, updateAnnotation);
}

export async function deleteAnnotationAction(raw: unknown) {
  return runAction(ZDeleteAnnotation, raw, deleteAnnotation);
}

export async function setArticleStatusAction(raw: unknown) {
  const r = await runAction(ZSetArticleStatus, raw, setArticleStatus);
  // Marking a training article done reveals its feedback against gold (a server part of the page).
  if (r.ok && r.data.status === "done") revalidatePath(`/articles/${r.data.articleId}`);
  return r;
}
