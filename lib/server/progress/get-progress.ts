import "server-only";
import type { Actor } from "../actor";
import { db } from "../db";
import { requireProject } from "../projects/access";
import { liveAssignment } from "../projects/access";

export type AnnotatorProgress = {
  userId: string;
  name: string;
  email: string;
  assigned: number;
  notStarted: number;
  inProgress: number;
  done: number;
  spans: number;
  lastActive: Date | null;
};

/**
 * Curators and managers: per annotator, how many articles are assigned (every article in "everyone"
 * mode), not started, in progress and done, their spans and when they last worked. Grouped in the
 * database, so the cost follows the number of annotators, not of articles.
 */
export async function getProgress(
  actor: Actor,
  projectId: string,
): Promise<{
  mode: string;
  k: number;
  reservationMinutes: number;
  anonymiseCurators: boolean;
  routing: { metric: string; below: number | null; max: number };
  annotators: AnnotatorProgress[];
}> {
  const access = await requireProject(actor, projectId, "curate");
  const project = await db.project.findUniqueOrThrow({
    where: { id: projectId },
    select: {
      overlapK: true,
      reservationMinutes: true,
      anonymiseCurators: true,
      routeMetric: true,
      routeBelow: true,
      routeMax: true,
      _count: { select: { articles: true } },
    },
  });
  const scope = { article: { projectId } };
  const [members, assigned, statuses, spans, lastSpan] = await Promise.all([
    db.projectMember.findMany({
      where: { projectId, role: "annotator" },
      orderBy: [{ createdAt: "asc" }, { userId: "asc" }],
      select: { user: { select: { id: true, name: true, email: true } } },
    }),
    db.assignment.groupBy({ by: ["userId"], where: { projectId, ...liveAssignment() }, _count: { _all: true } }),
    db.articleStatus.groupBy({
      by: ["userId", "status"],
      where: scope,
      _count: { _all: true },
      _max: { updatedAt: true },
    }),
    db.annotation.groupBy({ by: ["userId"], where: scope, _count: { _all: true } }),
    db.annotation.groupBy({ by: ["userId"], where: scope, _max: { updatedAt: true } }),
  ]);
  const assignedOf = new Map(assigned.map((a) => [a.userId, a._count._all]));
  const spansOf = new Map(spans.map((s) => [s.userId, s._count._all]));
  const lastOf = new Map(lastSpan.map((s) => [s.userId, s._max.updatedAt]));
  const annotators = members.map(({ user }) => {
    const mine = statuses.filter((s) => s.userId === user.id);
    const count = (status: string) => mine.find((s) => s.status === status)?._count._all ?? 0;
    const total = access.mode === "everyone" ? project._count.articles : (assignedOf.get(user.id) ?? 0);
    const inProgress = count("in_progress");
    const done = count("done");
    const times = [lastOf.get(user.id), ...mine.map((s) => s._max.updatedAt)].filter(
      (d): d is Date => d instanceof Date,
    );
    return {
      userId: user.id,
      name: user.name,
      email: user.email,
      assigned: total,
      notStarted: Math.max(0, total - inProgress - done),
      inProgress,
      done,
      spans: spansOf.get(user.id) ?? 0,
      lastActive: times.length ? new Date(Math.max(...times.map((t) => t.getTime()))) : null,
    };
  });
  return {
    mode: access.mode,
    k: project.overlapK,
    reservationMinutes: project.reservationMinutes,
    anonymiseCurators: project.anonymiseCurators,
    routing: { metric: project.routeMetric, below: project.routeBelow, max: project.routeMax },
    annotators,
  };
}
