import "server-only";
import type { TArchiveQuestion } from "@/lib/schemas/question";
import type { Actor } from "../actor";
import { requireProject } from "../projects/access";
import { bumpAnnotationRevision } from "../agreement/revision";
import { db } from "../db";
import { AppError } from "../errors";

/** Admin: hides a question from reviewers (answers are kept, and reappear on restore). */
export async function setQuestionArchived(actor: Actor, input: TArchiveQuestion) {
  const existing = await db.question.findUnique({ where: { id: input.id }, select: { projectId: true } });
  if (!existing)
    throw new AppError("NOT_FOUND", "id: no such question", [{ field: "id", message: "no such question" }]);
  await requireProject(actor, existing.projectId, "manage");
  const [question] = await db.$transaction([
    db.question.update({
      where: { id: input.id },
      data: { archivedAt: input.archived ? new Date() : null },
      select: { id: true, archivedAt: true },
    }),
    bumpAnnotationRevision(existing.projectId),
  ]);
  return question;
}
