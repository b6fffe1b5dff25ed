import "server-only";
import { canDeleteLabel, checkLabel, reorder } from "@/lib/domain/taxonomy/rules";
import type { TCreateLabel, TLabelId, TMoveLabel, TUpdateLabel } from "@/lib/schemas/taxonomy";
import type { Actor } from "../actor";
import { requireProject } from "../projects/access";
import { snapshotCodebook } from "../rounds/codebook";
import { db } from "../db";
import { AppError } from "../errors";
import { labelSelect } from "./label-select";

async function peers(projectId: string) {
  return db.label.findMany({
    where: { projectId },
    select: { id: true, name: true, hotkey: true, archivedAt: true, order: true, groupId: true },
  });
}

function enforce(violations: ReturnType<typeof checkLabel>) {
  if (violations.length)
    throw new AppError("INVALID", violations.map((v) => `${v.field}: ${v.message}`).join("; "), violations);
}

async function labelOrThrow(id: string) {
  const label = await db.label.findUnique({ where: { id } });
  if (!label) throw new AppError("NOT_FOUND", "id: no such label", [{ field: "id", message: "no such label" }]);
  return label;
}

export async function listTaxonomy(projectId: string) {
  return db.labelGroup.findMany({
    where: { projectId },
    orderBy: { order: "asc" },
    select: {
      id: true,
      name: true,
      labels: {
        orderBy: { order: "asc" },
        select: { ...labelSelect, order: true, _count: { select: { annotations: true } } },
      },
    },
  });
}

export async function createLabel(actor: Actor, input: TCreateLabel) {
  await requireProject(actor, input.projectId, "manage");
  const group = await db.labelGroup.findFirst({ where: { id: input.groupId, projectId: input.projectId } });
  if (!group)
    throw new AppError("INVALID", "groupId: not a group of this project", [
      { field: "groupId", message: "not a group of this project" },
    ]);
  const others = await peers(input.projectId);
  enforce(checkLabel({ name: input.name, hotkey: input.hotkey, colour: input.colour }, others));
  const order = Math.max(-1, ...others.filter((o) => o.groupId === group.id).map((o) => o.order)) + 1;
  return db.label.create({ data: { ...input, order } });
}

export async function updateLabel(actor: Actor, input: TUpdateLabel) {
  const label = await labelOrThrow(input.id);
  await requireProject(actor, label.projectId, "manage");
  const next = {
    name: input.name ?? label.name,
    hotkey: input.hotkey === undefined ? label.hotkey : input.hotkey,
    colour: input.colour ?? label.colour,
  };
  enforce(checkLabel({ id: label.id, ...next }, await peers(label.projectId)));
  const { id, ...data } = input;
  // What a label means is part of the codebook: a new name, definition or guideline starts a new version.
  const meaning = (["name", "definition", "guideline"] as const).some(
    (k) => data[k] !== undefined && data[k] !== label[k],
  );
  if (!meaning) return db.label.update({ where: { id }, data });
  return db.$transaction(async (tx) => {
    const updated = await tx.label.update({ where: { id }, data });
    await snapshotCodebook(tx, label.projectId);
    return updated;
  });
}

export async function moveLabel(actor: Actor, input: TMoveLabel) {
  const label = await labelOrThrow(input.id);
  await requireProject(actor, label.projectId, "manage");
  const siblings = await db.label.findMany({
    where: { groupId: label.groupId },
    orderBy: [{ order: "asc" }, { name: "asc" }],
    select: { id: true },
  });
  const ids = reorder(
    siblings.map((s) => s.id),
    label.id,
    input.toIndex,
  );
  await db.$transaction(ids.map((id, order) => db.label.update({ where: { id }, data: { order } })));
  return ids;
}

export async function setLabelArchived(actor: Actor, { id }: TLabelId, archived: boolean) {
  const label = await labelOrThrow(id);
  await requireProject(actor, label.projectId, "manage");
  if (!archived && label.hotkey) {
    // Un-archiving must not create a hotkey clash with a label added meanwhile.
    enforce(
      checkLabel(
        { id: label.id, name: label.name, hotkey: label.hotkey, colour: label.colour },
        await peers(label.projectId),
      ),
    );
  }
  return db.label.update({ where: { id }, data: { archivedAt: archived ? new Date() : null } });
}

export async function deleteLabel(actor: Actor, { id }: TLabelId) {
  await requireProject(actor, (await labelOrThrow(id)).projectId, "manage");
  const used = await db.annotation.count({ where: { labelId: id } });
  if (!canDeleteLabel(used))
    throw new AppError("CONFLICT", `id: this label is used by ${used} span(s); archive it instead`, [
      { field: "id", message: "label in use" },
    ]);
  await db.label.delete({ where: { id } });
}
