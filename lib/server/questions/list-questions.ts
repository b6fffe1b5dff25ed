import "server-only";
import { parseOptions } from "@/lib/schemas/question";
import type { Actor } from "../actor";
import { requireProject } from "../projects/access";
import { db } from "../db";
import { questionSelect } from "./question-select";

/** Admin: a project's questions (archived too) with their number of answers. */
export async function listQuestions(actor: Actor, projectId: string) {
  await requireProject(actor, projectId, "manage");
  const rows = await db.question.findMany({
    where: { projectId },
    orderBy: { order: "asc" },
    select: {
      ...questionSelect,
      archivedAt: true,
      _count: { select: { answers: true } },
    },
  });
  return rows.map((q) => ({
    id: q.id,
    prompt: q.prompt,
    kind: q.kind,
    options: parseOptions(q.options),
    archived: q.archivedAt !== null,
    answers: q._count.answers,
  }));
}
