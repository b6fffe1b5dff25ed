import "server-only";
import type { TCreateQuestion } from "@/lib/schemas/question";
import { type Actor, assertAdmin } from "../actor";
import { bumpAnnotationRevision } from "../agreement/revision";
import { db } from "../db";
import { AppError } from "../errors";

/** Admin: adds an article-level question to a project. */
export async function createQuestion(actor: Actor, input: TCreateQuestion) {
  assertAdmin(actor);
  const project = await db.project.findUnique({ where: { id: input.projectId }, select: { id: true } });
  if (!project)
    throw new AppError("NOT_FOUND", "projectId: no such project", [{ field: "projectId", message: "no such project" }]);
  const order = await db.question.count({ where: { projectId: input.projectId } });
  const [question] = await db.$transaction([
    db.question.create({
      data: {
        projectId: input.projectId,
        prompt: input.prompt,
        kind: input.kind,
        options: JSON.stringify(input.kind === "frame" ? [] : input.options),
        order,
      },
      select: { id: true, prompt: true, kind: true, options: true, order: true },
    }),
    bumpAnnotationRevision(input.projectId),
  ]);
  return question;
}
