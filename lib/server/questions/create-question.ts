import "server-only";
import { ZCreateQuestion } from "@/lib/schemas/question";
import type { Actor } from "../actor";
import { requireProject } from "../projects/access";
import { bumpAnnotationRevision } from "../agreement/revision";
import { db } from "../db";
import { AppError, fromZod } from "../errors";

/** Admin: adds an article-level question to a project. */
export async function createQuestion(actor: Actor, raw: unknown) {
  const parsed = ZCreateQuestion.safeParse(raw);
  if (!parsed.success) throw fromZod(parsed.error);
  const input = parsed.data;
  await requireProject(actor, input.projectId, "manage");
  const order = await db.question.count({ where: { projectId: input.projectId } });
  const [question] = await db.$transaction([
    db.question.create({
      data: { projectId: input.projectId, prompt: input.prompt, kind: input.kind, options: JSON.stringify(input.kind === "frame" ? [] : input.options), order },
      select: { id: true, prompt: true, kind: true, options: true, order: true },
    }),
    bumpAnnotationRevision(input.projectId),
  ]);
  return question;
}
