import "server-only";
import { randomUUID } from "node:crypto";
import type { Prisma } from "@/lib/generated/sqlite/client";
import { type Entry, type ImportState, type PendingBatch, type RecordType, stopped } from "./import-state";
import { type AnnotationInsert, existingAnnotationIds, insertAnnotations } from "./raw";

const WRITE_BATCH = 5000;

type Taken = (ids: string[]) => Promise<{ id: string }[]>;

/** The batch's ids already present in the database (they get new ones). */
async function freshIds(s: ImportState, ids: string[], taken: Taken): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const clash = new Set((await taken(ids)).map((r) => r.id));
  s.idsChanged += clash.size;
  return clash;
}

/** The batch's rows, each whose file id is already taken here given a fresh one. */
async function rowsWithFreshIds<R extends { id?: string }>(
  s: ImportState,
  batch: PendingBatch,
  taken: Taken,
): Promise<R[]> {
  const clash = await freshIds(s, batch.ids, taken);
  const rows = batch.rows.map((b) => b()) as R[];
  for (const r of rows) if (r.id && clash.has(r.id)) r.id = randomUUID();
  return rows;
}

/** Gives the entries whose file id is taken here a fresh database id (before their rows are built). */
async function remapTaken<E extends Entry>(s: ImportState, map: Map<string, E>, batch: PendingBatch, taken: Taken) {
  for (const id of await freshIds(s, batch.ids, taken)) {
    const e = map.get(id);
    if (e) e.dbId = randomUUID();
  }
}

const rowsOf = <R>(batch: PendingBatch) => batch.rows.map((b) => b()) as R[];

/** Users are matched by email first; only the unmatched are created. Returns how many were. */
async function writeUsers(s: ImportState, batch: PendingBatch): Promise<number> {
  const where = { OR: [{ id: { in: batch.ids } }, { email: { in: batch.emails ?? [] } }] };
  const existing = await s.tx.user.findMany({ where, select: { id: true, email: true } });
  const byEmail = new Map(existing.map((u) => [u.email, u.id]));
  const takenIds = new Set(existing.map((u) => u.id));
  const rows: Prisma.UserCreateManyInput[] = [];
  batch.ids.forEach((fileId, i) => {
    const entry = s.users.get(fileId)!;
    const match = byEmail.get(batch.emails?.[i] ?? "");
    if (match !== undefined) {
      entry.dbId = match;
      s.usersMatched++;
      return;
    }
    if (takenIds.has(fileId)) {
      entry.dbId = randomUUID();
      s.idsChanged++;
    }
    rows.push(batch.rows[i]!() as Prisma.UserCreateManyInput);
  });
  if (rows.length) await s.tx.user.createMany({ data: rows });
  return rows.length;
}

async function writeAnnotations(s: ImportState, batch: PendingBatch): Promise<void> {
  // Ids in the file are unique (checked as they are read) and renamed ones are random, so only an
  // annotation that was here before the import can clash: when there was none, there is nothing to ask.
  s.annotationsBefore ??= (await s.tx.annotation.findFirst({ select: { id: true } })) !== null;
  if (s.annotationsBefore) {
    const taken: Taken = async (ids) => (await existingAnnotationIds(s.tx, ids)).map((id) => ({ id }));
    for (const id of await freshIds(s, batch.ids, taken)) s.annotationIds.set(id, randomUUID());
  }
  await insertAnnotations(s.tx, rowsOf<AnnotationInsert>(batch));
}

/**
 * One writer per record type (a new record type adds its writer here and its handler in import-records.ts).
 * Returns the number of rows created when it differs from the batch's (users matched by email).
 */
type Writer =
  | ((s: ImportState, batch: PendingBatch) => Promise<void>)
  | ((s: ImportState, batch: PendingBatch) => Promise<number>);
const WRITERS: { [T in RecordType]: Writer } = {
  header: async () => 0,
  project: async (s, b) => {
    await remapTaken(s, s.projects, b, (ids) =>
      s.tx.project.findMany({ where: { id: { in: ids } }, select: { id: true } }),
    );
    await s.tx.project.createMany({ data: rowsOf<Prisma.ProjectCreateManyInput>(b) });
  },
  label_group: async (s, b) => {
    await remapTaken(s, s.groups, b, (ids) =>
      s.tx.labelGroup.findMany({ where: { id: { in: ids } }, select: { id: true } }),
    );
    await s.tx.labelGroup.createMany({ data: rowsOf<Prisma.LabelGroupCreateManyInput>(b) });
  },
  label: async (s, b) => {
    await remapTaken(s, s.labels, b, (ids) =>
      s.tx.label.findMany({ where: { id: { in: ids } }, select: { id: true } }),
    );
    await s.tx.label.createMany({ data: rowsOf<Prisma.LabelCreateManyInput>(b) });
  },
  question: async (s, b) => {
    await remapTaken(s, s.questions, b, (ids) =>
      s.tx.question.findMany({ where: { id: { in: ids } }, select: { id: true } }),
    );
    await s.tx.question.createMany({ data: rowsOf<Prisma.QuestionCreateManyInput>(b) });
  },
  codebook_version: async (s, b) => {
    await remapTaken(s, s.codebooks, b, (ids) =>
      s.tx.codebookVersion.findMany({ where: { id: { in: ids } }, select: { id: true } }),
    );
    await s.tx.codebookVersion.createMany({ data: rowsOf<Prisma.CodebookVersionCreateManyInput>(b) });
  },
  round: async (s, b) => {
    await remapTaken(s, s.rounds, b, (ids) =>
      s.tx.round.findMany({ where: { id: { in: ids } }, select: { id: true } }),
    );
    await s.tx.round.createMany({ data: rowsOf<Prisma.RoundCreateManyInput>(b) });
  },
  user: writeUsers,
  member: async (s, b) => {
    await s.tx.projectMember.createMany({ data: rowsOf<Prisma.ProjectMemberCreateManyInput>(b) });
  },
  qualification: async (s, b) => {
    await s.tx.roundQualification.createMany({ data: rowsOf<Prisma.RoundQualificationCreateManyInput>(b) });
  },
  article: async (s, b) => {
    await remapTaken(s, s.articles, b, (ids) =>
      s.tx.article.findMany({ where: { id: { in: ids } }, select: { id: true } }),
    );
    await s.tx.article.createMany({ data: rowsOf<Prisma.ArticleCreateManyInput>(b) });
  },
  assignment: async (s, b) => {
    const taken: Taken = (ids) => s.tx.assignment.findMany({ where: { id: { in: ids } }, select: { id: true } });
    await s.tx.assignment.createMany({ data: await rowsWithFreshIds<Prisma.AssignmentCreateManyInput>(s, b, taken) });
  },
  annotation: writeAnnotations,
  status: async (s, b) => {
    await s.tx.articleStatus.createMany({ data: rowsOf<Prisma.ArticleStatusCreateManyInput>(b) });
  },
  answer: async (s, b) => {
    const taken: Taken = (ids) => s.tx.answer.findMany({ where: { id: { in: ids } }, select: { id: true } });
    await s.tx.answer.createMany({ data: await rowsWithFreshIds<Prisma.AnswerCreateManyInput>(s, b, taken) });
  },
  gold_span: async (s, b) => {
    const taken: Taken = (ids) => s.tx.goldSpan.findMany({ where: { id: { in: ids } }, select: { id: true } });
    await s.tx.goldSpan.createMany({ data: await rowsWithFreshIds<Prisma.GoldSpanCreateManyInput>(s, b, taken) });
  },
  rejection: async (s, b) => {
    const taken: Taken = (ids) => s.tx.rejectedCandidate.findMany({ where: { id: { in: ids } }, select: { id: true } });
    await s.tx.rejectedCandidate.createMany({
      data: await rowsWithFreshIds<Prisma.RejectedCandidateCreateManyInput>(s, b, taken),
    });
  },
};

/** Writes the pending batch (nothing once the import has stopped on a bad line). */
export async function flush(s: ImportState): Promise<void> {
  const batch = s.pending;
  s.pending = null;
  // The guards' pending keys are the batch's rows: once those are written the database answers for them.
  // (Only for the batch's own type: a batch of another type is written just after an annotation's key
  // was recorded, before that annotation is queued, and forgetting it let a repeat through.)
  if (batch?.type === "annotation") for (const g of [s.annotationKeys, s.annotationIdGuard]) g.flushed();
  if (batch?.type === "gold_span") for (const g of [s.goldKeys, s.goldIdGuard]) g.flushed();
  if (!batch || batch.rows.length === 0 || stopped(s)) return;
  const written = await WRITERS[batch.type](s, batch);
  if (batch.type === "header") return;
  s.created[batch.type] = (s.created[batch.type] ?? 0) + (typeof written === "number" ? written : batch.rows.length);
}

/** Queues one row (built lazily, after the ids of its parents are final) for its type's next batch. */
export async function queue(
  s: ImportState,
  type: RecordType,
  id: string,
  build: () => unknown,
  email?: string,
): Promise<void> {
  if (s.pending && s.pending.type !== type) await flush(s);
  if (stopped(s)) return;
  s.pending ??= { type, rows: [], ids: [], ...(type === "user" && { emails: [] }) };
  s.pending.rows.push(build);
  s.pending.ids.push(id);
  if (email !== undefined) s.pending.emails?.push(email);
  if (s.pending.rows.length >= WRITE_BATCH) await flush(s);
}
