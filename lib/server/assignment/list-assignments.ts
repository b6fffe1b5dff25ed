import "server-only";
import { ZId } from "@/lib/schemas/common";
import { ZRoundName } from "@/lib/schemas/project";
import type { Actor } from "../actor";
import { db } from "../db";
import { invalid } from "../errors";
import { requireProject } from "../projects/access";
import { pairKey } from "./unstarted";

export type AssignmentRow = { article_id: string; user_id: string; user_email: string; round: string; status: string };
export const ASSIGNMENT_COLUMNS = ["article_id", "user_id", "user_email", "round", "status"] as const;

const PAGE = 5_000;

/**
 * Curators and managers: every assignment of the project (or of one round) with its annotator's status
 * on the article (not_started, in_progress, done; "reserved" for a pull reservation not yet started),
 * in corpus order, read a page at a time.
 */
export async function* listAssignments(
  actor: Actor,
  opts: { projectId: string; round?: string },
): AsyncGenerator<AssignmentRow[]> {
  if (!ZId.safeParse(opts.projectId).success) throw invalid("projectId", "is not a valid id");
  const round = opts.round === undefined ? undefined : ZRoundName.safeParse(opts.round);
  if (round && !round.success) throw invalid("round", round.error.issues[0]!.message);
  await requireProject(actor, opts.projectId, "curate");
  let roundId: string | undefined;
  if (round?.success) {
    const r = await db.round.findUnique({
      where: { projectId_name: { projectId: opts.projectId, name: round.data } },
      select: { id: true },
    });
    if (!r) throw invalid("round", "the project has no round of this name");
    roundId = r.id;
  }
  let cursor: string | undefined;
  for (;;) {
    const page = await db.assignment.findMany({
      where: { projectId: opts.projectId, ...(roundId && { roundId }) },
      orderBy: { id: "asc" },
      take: PAGE,
      ...(cursor && { cursor: { id: cursor }, skip: 1 }),
      select: {
        id: true,
        articleId: true,
        userId: true,
        status: true,
        user: { select: { email: true } },
        round: { select: { name: true } },
      },
    });
    if (page.length === 0) return;
    cursor = page.at(-1)!.id;
    const statuses = await db.articleStatus.findMany({
      where: {
        articleId: { in: [...new Set(page.map((a) => a.articleId))] },
        userId: { in: [...new Set(page.map((a) => a.userId))] },
      },
      select: { articleId: true, userId: true, status: true },
    });
    const statusOf = new Map(statuses.map((s) => [pairKey(s.articleId, s.userId), s.status]));
    yield page.map((a) => ({
      article_id: a.articleId,
      user_id: a.userId,
      user_email: a.user.email,
      round: a.round.name,
      status: statusOf.get(pairKey(a.articleId, a.userId)) ?? (a.status === "reserved" ? "reserved" : "not_started"),
    }));
    if (page.length < PAGE) return;
  }
}
