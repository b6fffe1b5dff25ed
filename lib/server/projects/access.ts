import "server-only";
import type { Prisma } from "@/lib/generated/sqlite/client";
import { type TAssignmentMode, type TProjectRole, ZAssignmentMode, ZProjectRole } from "@/lib/schemas/project";
import type { Actor } from "../actor";
import { db } from "../db";
import { AppError } from "../errors";
import { passesGates } from "../rounds/qualification";

/**
 * The one place that answers "what may this actor do in this project?". The admin is global (every
 * project, every capability); everyone else has at most one per-project role, from ProjectMember.
 *  - view:     see the project and its queue (any member)
 *  - annotate: label an article (an annotator of it: every annotator in "everyone" mode, else assigned)
 *  - curate:   agreement dashboard, compare, adjudication, exports of everyone's spans (curator, manager)
 *  - manage:   corpus, taxonomy, questions, members, assignment, rounds, reveal/lock (manager)
 */
export type Capability = "view" | "annotate" | "curate" | "manage";
export type EffectiveRole = TProjectRole | "admin";

const GRANTS: Record<EffectiveRole, ReadonlySet<Capability>> = {
  admin: new Set(["view", "annotate", "curate", "manage"]),
  manager: new Set(["view", "curate", "manage"]),
  curator: new Set(["view", "curate"]),
  annotator: new Set(["view", "annotate"]),
};

export type ProjectAccess = {
  projectId: string;
  role: EffectiveRole | null;
  mode: TAssignmentMode;
  anonymise: boolean;
};

/** Reads the two facts every check needs: the member role and the project's assignment mode. */
export async function projectAccess(actor: Actor, projectId: string): Promise<ProjectAccess> {
  const project = await db.project.findUnique({
    where: { id: projectId },
    select: {
      id: true,
      assignmentMode: true,
      anonymiseCurators: true,
      members: { where: { userId: actor.id }, select: { role: true } },
    },
  });
  if (!project)
    throw new AppError("NOT_FOUND", "projectId: no such project", [{ field: "projectId", message: "no such project" }]);
  return {
    projectId,
    role: roleOf(actor, project.members[0]?.role),
    mode: ZAssignmentMode.catch("everyone").parse(project.assignmentMode),
    anonymise: project.anonymiseCurators,
  };
}

export function roleOf(actor: Actor, memberRole: string | null | undefined): EffectiveRole | null {
  if (actor.role === "admin") return "admin";
  const parsed = ZProjectRole.safeParse(memberRole);
  return parsed.success ? parsed.data : null;
}

export function can(role: EffectiveRole | null, capability: Capability): boolean {
  return role !== null && GRANTS[role].has(capability);
}

const REFUSALS: Record<Capability, string> = {
  view: "You are not a member of this project.",
  annotate: "This article is not assigned to you.",
  curate: "Only the project's curators and managers can do this.",
  manage: "Only the project's managers can do this.",
};

export function refuseAnnotate(message = REFUSALS.annotate): never {
  throw new AppError("FORBIDDEN", message);
}

function refuse(capability: Capability): never {
  throw new AppError("FORBIDDEN", REFUSALS[capability]);
}

/** The project, if the actor holds `capability` in it (FORBIDDEN otherwise, NOT_FOUND when missing). */
export async function requireProject(actor: Actor, projectId: string, capability: Capability): Promise<ProjectAccess> {
  const access = await projectAccess(actor, projectId);
  if (!can(access.role, capability)) refuse(capability);
  return access;
}

/** A live assignment: "assigned", or a pull reservation that has not lapsed. */
export function liveAssignment(now = new Date()): Prisma.AssignmentWhereInput {
  return { OR: [{ status: "assigned" }, { reservedUntil: { gt: now } }] };
}

/**
 * Whether the actor annotates this article: the admin always; in "everyone" mode every annotator member;
 * in the other modes only an annotator with a live assignment of the article.
 */
export async function annotatesArticle(
  actor: Actor,
  access: Pick<ProjectAccess, "role" | "mode">,
  articleId: string,
): Promise<boolean> {
  if (access.role === "admin") return true;
  if (!can(access.role, "annotate")) return false;
  if (access.mode === "everyone") return true;
  const hit = await db.assignment.findFirst({
    where: { articleId, userId: actor.id, ...liveAssignment() },
    orderBy: { round: { position: "asc" } },
    select: { round: { select: { position: true, projectId: true } } },
  });
  if (hit === null) return false;
  // A gated training round before this one: only annotators who qualified go on.
  if (!(await passesGates(actor.id, hit.round.projectId, hit.round.position)))
    throw new AppError("FORBIDDEN", HELD_BACK);
  return true;
}

export const HELD_BACK =
  "You have not qualified in the training round yet, so the next round's articles stay closed; your manager can let you through.";

export type ArticleAccess = ProjectAccess & { articleId: string; annotates: boolean };

/**
 * The article, if the actor may use it for `capability`. "view" of an article means reading it: its
 * annotators, and the project's curators and managers; an annotator never opens an article not assigned to them.
 */
export async function requireArticle(actor: Actor, articleId: string, capability: Capability): Promise<ArticleAccess> {
  const article = await db.article.findUnique({ where: { id: articleId }, select: { projectId: true } });
  if (!article)
    throw new AppError("NOT_FOUND", "articleId: no such article", [{ field: "articleId", message: "no such article" }]);
  const access = await projectAccess(actor, article.projectId);
  if (!can(access.role, "view")) refuse("view");
  const annotates = await annotatesArticle(actor, access, articleId);
  const allowed =
    capability === "annotate"
      ? annotates
      : capability === "view"
        ? annotates || can(access.role, "curate")
        : can(access.role, capability);
  if (!allowed) refuse(capability === "view" ? "annotate" : capability);
  return { ...access, articleId, annotates };
}

/** The articles of a project the actor works on: an annotator's assigned ones outside "everyone" mode, else all. */
export function articlesOf(actor: Actor, access: Pick<ProjectAccess, "role" | "mode">): Prisma.ArticleWhereInput {
  if (access.role !== "annotator" || access.mode === "everyone") return {};
  return { assignments: { some: { userId: actor.id, ...liveAssignment() } } };
}

/** Prisma filter for the projects an actor can see (every project for the admin). */
export function visibleProjects(actor: Actor): Prisma.ProjectWhereInput {
  return actor.role === "admin" ? {} : { members: { some: { userId: actor.id } } };
}

/** Prisma filter for the projects in which the actor holds `capability`. */
export function projectsWhere(actor: Actor, capability: Exclude<Capability, "annotate">): Prisma.ProjectWhereInput {
  if (actor.role === "admin") return {};
  const roles = (Object.keys(GRANTS) as EffectiveRole[]).filter((r) => r !== "admin" && GRANTS[r].has(capability));
  return { members: { some: { userId: actor.id, role: { in: roles } } } };
}

/**
 * Pseudonyms for anonymised curators: R1, R2… over the project's annotators in account creation order,
 * so a reviewer has the same number in the compare view, the dashboard and the exports of the project.
 * Anyone else named (a former member with spans) is numbered after them, in the order given.
 */
export async function projectPseudonyms(
  projectId: string,
  alsoNamed: readonly string[] = [],
): Promise<Map<string, string>> {
  const members = await db.projectMember.findMany({
    where: { projectId, role: "annotator" },
    orderBy: [{ user: { createdAt: "asc" } }, { userId: "asc" }],
    select: { userId: true },
  });
  const names = new Map<string, string>();
  for (const id of [...members.map((m) => m.userId), ...alsoNamed])
    if (!names.has(id)) names.set(id, `R${names.size + 1}`);
  return names;
}
