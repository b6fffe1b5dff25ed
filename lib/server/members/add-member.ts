import "server-only";
import type { TAddMember } from "@/lib/schemas/project";
import type { Actor } from "../actor";
import { db } from "../db";
import { invalid } from "../errors";
import { requireProject } from "../projects/access";

/** Manager: gives an account a role in the project (or changes it). Their spans and assignments stay. */
export async function addMember(actor: Actor, input: TAddMember) {
  await requireProject(actor, input.projectId, "manage");
  const user = await db.user.findUnique({
    where: { email: input.email },
    select: { id: true, name: true, email: true },
  });
  if (!user) throw invalid("email", "no account has this email");
  const member = await db.projectMember.upsert({
    where: { projectId_userId: { projectId: input.projectId, userId: user.id } },
    create: { projectId: input.projectId, userId: user.id, role: input.role },
    update: { role: input.role },
    select: { projectId: true, userId: true, role: true },
  });
  return { ...member, name: user.name, email: user.email };
}
