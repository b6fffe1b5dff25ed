import "server-only";
import { ZArchiveQuestion } from "@/lib/schemas/question";
import type { Actor } from "../actor";
import { requireProject } from "../projects/access";
import { bumpAnnotationRevision } from "../agreement/revision";
import { db } from "../db";
import { AppError, fromZod } from "../errors";

/** Admin: hides a question from reviewers (answers are kept, and reappear on restore). */
export async function setQuestionArchived(actor: Actor, raw: unknown) {
  const parsed = ZArchiveQuestion.safeParse(raw);
  if (!parsed.success) throw fromZod(parsed.error);
  const existing = await db.question.findUnique({ where: { id: parsed.data.id }, select: { projectId: true } });
  if (!existing) throw new AppError("NOT_FOUND", "id: no such question", [{ field: "id", message: "no such question" }]);
  await requireProject(actor, existing.projectId, "manage");
  const [question] = await db.$transaction([
    db.question.update({ where: { id: parsed.data.id }, data: { archivedAt: parsed.data.archived ? new Date() : null }, select: { id: true, archivedAt: true } }),
    bumpAnnotationRevision(existing.projectId),
  ]);
  return question;
}
