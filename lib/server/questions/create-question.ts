import "server-only";
import type { TCreateQuestion } from "@/lib/schemas/question";
import type { Actor } from "../actor";
import { requireProject } from "../projects/access";
import { bumpAnnotationRevision } from "../agreement/revision";
import { db } from "../db";

/** Admin: adds an article-level question to a project. */
export async function createQuestion(actor: Actor, input: TCreateQuestion) {
  await requireProject(actor, input.projectId, "manage");
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
