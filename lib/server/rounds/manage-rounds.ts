import "server-only";
import type { TCreateRound, TMoveRound, TSetQualification, TUpdateGuidelines } from "@/lib/schemas/project";
import type { Actor } from "../actor";
import { db } from "../db";
import { AppError, invalid } from "../errors";
import { requireProject } from "../projects/access";
import { type Qualification, roundQualifications } from "./qualification";
import { roundNamed, snapshotCodebook } from "./codebook";

/** Manager: a new round (e.g. "Calibration 1"), started under a snapshot of the guidelines and labels. */
export async function createRound(actor: Actor, input: TCreateRound) {
  await requireProject(actor, input.projectId, "manage");
  const exists = await db.round.findUnique({
    where: { projectId_name: { projectId: input.projectId, name: input.name } },
    select: { id: true },
  });
  if (exists) throw invalid("name", "a round of this name already exists in the project");
  return db.$transaction(async (tx) => {
    const round = await roundNamed(tx, input.projectId, input.name);
    return tx.round.update({
      where: { id: round.id },
      data: { training: input.training, qualifyF1: input.qualifyF1 ?? null },
      select: { id: true, name: true, training: true, qualifyF1: true, position: true },
    });
  });
}

/** Manager: moves a round one place earlier or later; the order decides which rounds a training round gates. */
export async function moveRound(actor: Actor, input: TMoveRound) {
  const round = await db.round.findUnique({ where: { id: input.roundId }, select: { projectId: true } });
  if (!round)
    throw new AppError("NOT_FOUND", "roundId: no such round", [{ field: "roundId", message: "no such round" }]);
  await requireProject(actor, round.projectId, "manage");
  return db.$transaction(async (tx) => {
    const rounds = await tx.round.findMany({
      where: { projectId: round.projectId },
      orderBy: [{ position: "asc" }, { createdAt: "asc" }],
      select: { id: true },
    });
    const i = rounds.findIndex((r) => r.id === input.roundId);
    const j = input.direction === "up" ? i - 1 : i + 1;
    if (j < 0 || j >= rounds.length) return { moved: false };
    [rounds[i], rounds[j]] = [rounds[j]!, rounds[i]!];
    // Positions rewritten 0..n-1: a strict order afterwards whatever it was before.
    for (const [position, r] of rounds.entries()) await tx.round.update({ where: { id: r.id }, data: { position } });
    return { moved: true };
  });
}

/**
 * Manager: edits the project's guidelines. A change starts a new codebook version, so spans made from
 * now on record it and the figures per round say under which guidelines they were made.
 */
export async function updateGuidelines(actor: Actor, input: TUpdateGuidelines) {
  await requireProject(actor, input.projectId, "manage");
  return db.$transaction(async (tx) => {
    const before = await tx.project.findUniqueOrThrow({ where: { id: input.projectId }, select: { guidelines: true } });
    if (before.guidelines === input.guidelines) return { changed: false };
    await tx.project.update({ where: { id: input.projectId }, data: { guidelines: input.guidelines } });
    const version = await snapshotCodebook(tx, input.projectId);
    return { changed: true, version: version.version };
  });
}

/** Manager: lets an annotator through a training round's gate, holds them back, or returns to the F1 rule. */
export async function setQualification(actor: Actor, input: TSetQualification) {
  const round = await db.round.findUnique({
    where: { id: input.roundId },
    select: { projectId: true, training: true, qualifyF1: true },
  });
  if (!round)
    throw new AppError("NOT_FOUND", "roundId: no such round", [{ field: "roundId", message: "no such round" }]);
  await requireProject(actor, round.projectId, "manage");
  if (!round.training || round.qualifyF1 === null) throw invalid("roundId", "is not a training round with a threshold");
  const member = await db.projectMember.findUnique({
    where: { projectId_userId: { projectId: round.projectId, userId: input.userId } },
    select: { role: true },
  });
  if (member?.role !== "annotator") throw invalid("userId", "is not an annotator of this project");
  const key = { roundId_userId: { roundId: input.roundId, userId: input.userId } };
  if (input.decision === "auto")
    await db.roundQualification.deleteMany({ where: { roundId: input.roundId, userId: input.userId } });
  else {
    const qualified = input.decision === "qualified";
    await db.roundQualification.upsert({
      where: key,
      create: { roundId: input.roundId, userId: input.userId, qualified, decidedById: actor.id },
      update: { qualified, decidedById: actor.id },
    });
  }
  return (await roundQualifications(input.roundId, round.qualifyF1, [input.userId])).get(input.userId) ?? null;
}

export type RoundSummary = {
  id: string;
  name: string;
  position: number;
  training: boolean;
  qualifyF1: number | null;
  codebookVersion: number;
  articles: number;
  assignments: number;
  /** Gated training rounds: each annotator's standing (annotators of the project, by name). */
  qualifications: (Qualification & { name: string })[] | null;
};

/** Curators and managers: the rounds, their codebook versions, sizes and, for gated training rounds, who qualified. */
export async function listRounds(actor: Actor, projectId: string): Promise<RoundSummary[]> {
  await requireProject(actor, projectId, "curate");
  const [rounds, annotators] = await Promise.all([
    db.round.findMany({
      where: { projectId },
      orderBy: [{ position: "asc" }, { createdAt: "asc" }],
      select: {
        id: true,
        name: true,
        position: true,
        training: true,
        qualifyF1: true,
        codebookVersion: { select: { version: true } },
        _count: { select: { assignments: true } },
      },
    }),
    db.projectMember.findMany({
      where: { projectId, role: "annotator" },
      orderBy: [{ user: { createdAt: "asc" } }, { userId: "asc" }],
      select: { user: { select: { id: true, name: true } } },
    }),
  ]);
  // One row per round, whatever the number of assignments.
  const counts = await db.$queryRaw<{ roundId: string; articles: unknown }[]>`
    SELECT g."roundId" AS "roundId", COUNT(DISTINCT g."articleId") AS "articles"
    FROM "Assignment" g WHERE g."projectId" = ${projectId} GROUP BY g."roundId"`;
  const articlesOf = new Map(counts.map((c) => [c.roundId, Number(c.articles)]));
  const out: RoundSummary[] = [];
  for (const r of rounds) {
    let qualifications: RoundSummary["qualifications"] = null;
    if (r.training && r.qualifyF1 !== null) {
      const q = await roundQualifications(r.id, r.qualifyF1);
      qualifications = annotators.map(({ user }) => ({
        ...(q.get(user.id) ?? {
          userId: user.id,
          articles: 0,
          tally: { matched: 0, missed: 0, extra: 0 },
          f1: null,
          override: null,
          qualified: false,
        }),
        name: user.name,
      }));
    }
    out.push({
      id: r.id,
      name: r.name,
      position: r.position,
      training: r.training,
      qualifyF1: r.qualifyF1,
      codebookVersion: r.codebookVersion.version,
      articles: articlesOf.get(r.id) ?? 0,
      assignments: r._count.assignments,
      qualifications,
    });
  }
  return out;
}
