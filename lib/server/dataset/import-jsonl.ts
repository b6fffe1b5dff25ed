import "server-only";
import { randomUUID } from "node:crypto";
import { isNormalisedText, OffsetIndex, validateSpan } from "@/lib/domain/offsets";
import type { Prisma } from "@/lib/generated/sqlite/client";
import { type Actor, assertAdmin } from "../actor";
import { textHash } from "../articles/article-row";
import { db } from "../db";
import { Hash52Set } from "./hash-set";
import { DatasetImportError, type ImportIssue, IssueLog } from "./issues";
import { parseDatasetRecord, type TDatasetRecord } from "./jsonl-format";
import { numberedLineBatches } from "./lines";
import { type AnnotationInsert, existingAnnotationIds, insertAnnotations } from "./raw";

type Tx = Prisma.TransactionClient;
type RecordType = TDatasetRecord["type"];

export type ImportJsonlOptions = {
  /** Skip bad lines (and lines that depend on them) and import the rest; default: any bad line imports nothing. */
  skipBadRows?: boolean;
  /** Called every 50,000 lines with the line number reached. */
  onProgress?: (line: number) => void;
};

export type ImportJsonlResult = {
  projects: { id: string; name: string }[];
  /** Records written, by type. */
  created: Partial<Record<RecordType, number>>;
  /** Users in the file that matched an existing account by email (not created again). */
  usersMatched: number;
  /** Records that got a new id because theirs was already taken in this database. */
  idsChanged: number;
  /** Lines skipped (only with skipBadRows). */
  skipped: ImportIssue[];
};

const WRITE_BATCH = 5000;

/** seq: a small number per user, label and article of the file, for hashing annotation keys. */
type Entry = { dbId: string; project: string; seq?: number };
type ArticleEntry = Entry & { index: OffsetIndex };

/** 52-bit FNV-1a-style hash of a string (two 32-bit lanes), for memory-light duplicate detection. */
function hash52(s: string): number {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x9e3779b9;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  return (a >>> 12) * 2 ** 32 + (b >>> 0);
}

/** hash52 of a tuple of 32-bit integers, without making a string of it. */
function hashInts52(v1: number, v2: number, v3: number, v4: number, v5: number): number {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x9e3779b9;
  const mix = (v: number) => {
    a = Math.imul(a ^ v, 0x01000193);
    b = Math.imul(b ^ v, 0x5bd1e995);
    b ^= b >>> 15;
  };
  mix(v1);
  mix(v2);
  mix(v3);
  mix(v4);
  mix(v5);
  return (a >>> 12) * 2 ** 32 + (b >>> 0);
}

/**
 * Detects repeated unique keys among millions of rows without keeping the keys: a hash set answers
 * "new", and only a hash hit (a real duplicate, or a one-in-billions collision) is checked exactly.
 */
class KeyGuard {
  private readonly seen = new Hash52Set();
  private pending = new Set<string>();
  constructor(private readonly existsInDb: (key: string) => Promise<boolean>) {}
  /**
   * `hash` must be the same for equal keys (hash52(key) unless the caller hashes the key's parts).
   * Synchronous unless the database has to be asked (a hash hit outside the pending batch).
   */
  isDuplicate(key: string, trustHash: boolean, hash = hash52(key)): boolean | Promise<boolean> {
    if (this.seen.add(hash)) {
      this.pending.add(key);
      return false;
    }
    if (this.pending.has(key)) return true;
    if (trustHash) return true;
    return this.existsInDb(key).then((found) => {
      if (!found) this.pending.add(key);
      return found;
    });
  }
  flushed(): void {
    this.pending = new Set();
  }
}

const date = (s: string) => new Date(s);
const dateOrNull = (s: string | null) => (s === null ? null : new Date(s));

/**
 * Imports a JSONL dataset (see jsonl-format.ts), e.g. an export from another instance, in one transaction.
 * Projects are always created (a project id already present here gets a fresh id, so importing twice
 * gives two copies); users are matched by email and otherwise created without a password (an admin sets
 * one before they can sign in). Ids are kept unless already taken. Article texts must be stored-form
 * (NFC, "\n"); every span's quote is checked against its article's text at its code-point offsets.
 * Any bad line (with its line number) imports nothing, unless skipBadRows.
 */
export async function importJsonl(actor: Actor, input: string | AsyncIterable<string>, opts: ImportJsonlOptions = {}): Promise<ImportJsonlResult> {
  assertAdmin(actor);
  return db.$transaction((tx) => runImport(tx, input, opts), { timeout: 60 * 60_000, maxWait: 30_000 });
}

async function runImport(tx: Tx, input: string | AsyncIterable<string>, opts: ImportJsonlOptions): Promise<ImportJsonlResult> {
  const log = new IssueLog();
  const skipBad = opts.skipBadRows === true;
  /** Once a line is bad (and bad lines are not skipped) nothing more is written; the rest is only checked. */
  const stopped = () => !skipBad && log.count > 0;
  const created: Partial<Record<RecordType, number>> = {};
  let usersMatched = 0;
  let idsChanged = 0;

  const projects = new Map<string, Entry & { name: string }>();
  const groups = new Map<string, Entry>();
  const labels = new Map<string, Entry>();
  const questions = new Map<string, Entry>();
  const users = new Map<string, Entry>();
  const emails = new Set<string>();
  const articles = new Map<string, ArticleEntry>();
  const namesInProject = new Set<string>();
  const textsInProject = new Set<string>();
  const annotationIds = new Map<string, string>();
  let nextSeq = 0;

  const userDb = (fileId: string) => users.get(fileId)?.dbId ?? fileId;
  const annotationKeys = new KeyGuard(async (key) => {
    const [a, u, l, s, e] = key.split("\u0000");
    return (await tx.annotation.count({ where: { articleId: articles.get(a!)?.dbId, userId: userDb(u!), labelId: labels.get(l!)?.dbId, start: Number(s), end: Number(e) } })) > 0;
  });
  const goldKeys = new KeyGuard(async (key) => {
    const [a, l, s, e] = key.split("\u0000");
    return (await tx.goldSpan.count({ where: { articleId: articles.get(a!)?.dbId, labelId: labels.get(l!)?.dbId, start: Number(s), end: Number(e) } })) > 0;
  });
  // Span ids are checked like span keys: a Set of a million id strings would cost more than the spans' text.
  const annotationIdGuard = new KeyGuard(async (id) => (await tx.annotation.count({ where: { id: annotationIds.get(id) ?? id } })) > 0);
  const goldIdGuard = new KeyGuard(async (id) => (await tx.goldSpan.count({ where: { id } })) > 0);
  /** Projects (and so articles) are always created anew, so a rejection key can only repeat within the file. */
  const rejectionKeys = new Set<string>();
  const statusKeys = new Set<string>();
  const answerKeys = new Set<string>();
  const seenIds: Record<string, Set<string>> = {};
  const duplicateId = (type: RecordType, id: string) => {
    const set = (seenIds[type] ??= new Set());
    if (set.has(id)) return true;
    set.add(id);
    return false;
  };

  // One pending batch (of one record type) at a time; a type change or a full batch writes it.
  type Pending = { type: RecordType; rows: (() => unknown)[]; ids: string[]; emails?: string[] };
  let pending: Pending | null = null;
  /** Whether the database had annotations before this import's first annotation batch (asked once). */
  let annotationsBefore: boolean | undefined;

  /** New ids for the batch's ids already present in the database. */
  async function freshIds(ids: string[], taken: (ids: string[]) => Promise<{ id: string }[]>): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const clash = new Set((await taken(ids)).map((r) => r.id));
    idsChanged += clash.size;
    return clash;
  }

  /** The batch's rows, each whose file id is already taken here given a fresh one. */
  async function rowsWithFreshIds<R extends { id?: string }>(batch: { ids: string[]; rows: (() => unknown)[] }, taken: (ids: string[]) => Promise<{ id: string }[]>): Promise<R[]> {
    const clash = await freshIds(batch.ids, taken);
    const rows = batch.rows.map((b) => b()) as R[];
    for (const r of rows) if (r.id && clash.has(r.id)) r.id = randomUUID();
    return rows;
  }

  async function flush(): Promise<void> {
    const batch = pending;
    pending = null;
    // The guards' pending keys are the batch's rows: once those are written the database answers for them.
    // (Only for the batch's own type: a batch of another type is written just after an annotation's key
    // was recorded, before that annotation is queued, and forgetting it let a repeat through.)
    if (batch?.type === "annotation") for (const g of [annotationKeys, annotationIdGuard]) g.flushed();
    if (batch?.type === "gold_span") for (const g of [goldKeys, goldIdGuard]) g.flushed();
    if (!batch || batch.rows.length === 0 || stopped()) return;
    const n = batch.rows.length;
    const remap = <E extends { dbId: string }>(map: Map<string, E>, clash: Set<string>) => {
      for (const id of clash) {
        const e = map.get(id);
        if (e) e.dbId = randomUUID();
      }
    };
    switch (batch.type) {
      case "project":
        remap(projects, await freshIds(batch.ids, (ids) => tx.project.findMany({ where: { id: { in: ids } }, select: { id: true } })));
        await tx.project.createMany({ data: batch.rows.map((b) => b()) as Prisma.ProjectCreateManyInput[] });
        break;
      case "label_group":
        remap(groups, await freshIds(batch.ids, (ids) => tx.labelGroup.findMany({ where: { id: { in: ids } }, select: { id: true } })));
        await tx.labelGroup.createMany({ data: batch.rows.map((b) => b()) as Prisma.LabelGroupCreateManyInput[] });
        break;
      case "label":
        remap(labels, await freshIds(batch.ids, (ids) => tx.label.findMany({ where: { id: { in: ids } }, select: { id: true } })));
        await tx.label.createMany({ data: batch.rows.map((b) => b()) as Prisma.LabelCreateManyInput[] });
        break;
      case "question":
        remap(questions, await freshIds(batch.ids, (ids) => tx.question.findMany({ where: { id: { in: ids } }, select: { id: true } })));
        await tx.question.createMany({ data: batch.rows.map((b) => b()) as Prisma.QuestionCreateManyInput[] });
        break;
      case "user": {
        const existing = await tx.user.findMany({ where: { OR: [{ id: { in: batch.ids } }, { email: { in: batch.emails ?? [] } }] }, select: { id: true, email: true } });
        const byEmail = new Map(existing.map((u) => [u.email, u.id]));
        const takenIds = new Set(existing.map((u) => u.id));
        const rows: Prisma.UserCreateManyInput[] = [];
        batch.ids.forEach((fileId, i) => {
          const entry = users.get(fileId)!;
          const email = batch.emails?.[i] ?? "";
          const match = byEmail.get(email);
          if (match !== undefined) {
            entry.dbId = match;
            usersMatched++;
            return;
          }
          if (takenIds.has(fileId)) {
            entry.dbId = randomUUID();
            idsChanged++;
          }
          rows.push(batch.rows[i]!() as Prisma.UserCreateManyInput);
        });
        if (rows.length) await tx.user.createMany({ data: rows });
        created.user = (created.user ?? 0) + rows.length;
        return;
      }
      case "article":
        remap(articles, await freshIds(batch.ids, (ids) => tx.article.findMany({ where: { id: { in: ids } }, select: { id: true } })));
        await tx.article.createMany({ data: batch.rows.map((b) => b()) as Prisma.ArticleCreateManyInput[] });
        break;
      case "annotation": {
        // Ids in the file are unique (checked as they are read) and renamed ones are random, so only an
        // annotation that was here before the import can clash: when there was none, there is nothing to ask.
        annotationsBefore ??= (await tx.annotation.findFirst({ select: { id: true } })) !== null;
        const clash = annotationsBefore ? await freshIds(batch.ids, async (ids) => (await existingAnnotationIds(tx, ids)).map((id) => ({ id }))) : new Set<string>();
        for (const id of clash) annotationIds.set(id, randomUUID());
        await insertAnnotations(tx, batch.rows.map((b) => b()) as AnnotationInsert[]);
        break;
      }
      case "status":
        await tx.articleStatus.createMany({ data: batch.rows.map((b) => b()) as Prisma.ArticleStatusCreateManyInput[] });
        break;
      case "answer":
        await tx.answer.createMany({ data: await rowsWithFreshIds<Prisma.AnswerCreateManyInput>(batch, (ids) => tx.answer.findMany({ where: { id: { in: ids } }, select: { id: true } })) });
        break;
      case "gold_span":
        await tx.goldSpan.createMany({ data: await rowsWithFreshIds<Prisma.GoldSpanCreateManyInput>(batch, (ids) => tx.goldSpan.findMany({ where: { id: { in: ids } }, select: { id: true } })) });
        break;
      case "rejection":
        await tx.rejectedCandidate.createMany({ data: await rowsWithFreshIds<Prisma.RejectedCandidateCreateManyInput>(batch, (ids) => tx.rejectedCandidate.findMany({ where: { id: { in: ids } }, select: { id: true } })) });
        break;
      case "header":
        return;
    }
    created[batch.type] = (created[batch.type] ?? 0) + n;
  }

  async function queue(type: RecordType, id: string, build: () => unknown, email?: string): Promise<void> {
    if (pending && pending.type !== type) await flush();
    if (stopped()) return;
    pending ??= { type, rows: [], ids: [], ...(type === "user" && { emails: [] }) };
    pending.rows.push(build);
    pending.ids.push(id);
    if (email !== undefined) pending.emails?.push(email);
    if (pending.rows.length >= WRITE_BATCH) await flush();
  }

  /** Checks one record against what came before; returns an error message, or queues it for writing. */
  async function accept(rec: TDatasetRecord): Promise<string | null> {
    switch (rec.type) {
      case "header":
        return "a second header line";
      case "project": {
        if (duplicateId("project", rec.id)) return `project ${rec.id} appears twice`;
        const entry = { dbId: rec.id, project: rec.id, name: rec.name };
        projects.set(rec.id, entry);
        const { type: _t, id: _i, ...rest } = rec;
        await queue("project", rec.id, () => ({ ...rest, id: entry.dbId, createdAt: date(rec.createdAt), updatedAt: date(rec.updatedAt) }));
        return null;
      }
      case "label_group": {
        const project = projects.get(rec.projectId);
        if (!project) return `projectId: unknown project ${rec.projectId}`;
        if (duplicateId("label_group", rec.id)) return `label group ${rec.id} appears twice`;
        const nameKey = `g\u0000${rec.projectId}\u0000${rec.name}`;
        if (namesInProject.has(nameKey)) return `name: a label group "${rec.name}" already exists in this project`;
        namesInProject.add(nameKey);
        const entry = { dbId: rec.id, project: rec.projectId };
        groups.set(rec.id, entry);
        await queue("label_group", rec.id, () => ({ id: entry.dbId, projectId: project.dbId, name: rec.name, order: rec.order }));
        return null;
      }
      case "label": {
        const project = projects.get(rec.projectId);
        if (!project) return `projectId: unknown project ${rec.projectId}`;
        const group = groups.get(rec.groupId);
        if (!group || group.project !== rec.projectId) return `groupId: unknown label group ${rec.groupId} in this project`;
        if (duplicateId("label", rec.id)) return `label ${rec.id} appears twice`;
        const nameKey = `l\u0000${rec.projectId}\u0000${rec.name}`;
        if (namesInProject.has(nameKey)) return `name: a label "${rec.name}" already exists in this project`;
        namesInProject.add(nameKey);
        const entry = { dbId: rec.id, project: rec.projectId, seq: nextSeq++ };
        labels.set(rec.id, entry);
        await queue("label", rec.id, () => ({
          id: entry.dbId, projectId: project.dbId, groupId: group.dbId, name: rec.name, definition: rec.definition, guideline: rec.guideline, colour: rec.colour,
          hotkey: rec.hotkey, order: rec.order, archivedAt: dateOrNull(rec.archivedAt), createdAt: date(rec.createdAt), updatedAt: date(rec.updatedAt),
        }));
        return null;
      }
      case "question": {
        const project = projects.get(rec.projectId);
        if (!project) return `projectId: unknown project ${rec.projectId}`;
        if (duplicateId("question", rec.id)) return `question ${rec.id} appears twice`;
        const entry = { dbId: rec.id, project: rec.projectId };
        questions.set(rec.id, entry);
        await queue("question", rec.id, () => ({
          id: entry.dbId, projectId: project.dbId, prompt: rec.prompt, kind: rec.kind, options: JSON.stringify(rec.options), order: rec.order,
          archivedAt: dateOrNull(rec.archivedAt), createdAt: date(rec.createdAt),
        }));
        return null;
      }
      case "user": {
        if (duplicateId("user", rec.id)) return `user ${rec.id} appears twice`;
        if (emails.has(rec.email)) return `email: ${rec.email} appears twice`;
        emails.add(rec.email);
        const entry = { dbId: rec.id, project: "", seq: nextSeq++ };
        users.set(rec.id, entry);
        await queue("user", rec.id, () => ({ id: entry.dbId, name: rec.name, email: rec.email, role: rec.role, createdAt: date(rec.createdAt) }), rec.email);
        return null;
      }
      case "article": {
        const project = projects.get(rec.projectId);
        if (!project) return `projectId: unknown project ${rec.projectId}`;
        if (duplicateId("article", rec.id)) return `article ${rec.id} appears twice`;
        if (rec.text.trim() === "") return "text: must not be empty";
        if (!isNormalisedText(rec.text)) return "text: is not in stored form (NFC with \\n line ends), so its offsets cannot be trusted";
        const hash = textHash(rec.text);
        const textKey = `${rec.projectId}\u0000${hash}`;
        if (textsInProject.has(textKey)) return "text: the same text appears twice in this project";
        textsInProject.add(textKey);
        const index = new OffsetIndex(rec.text);
        const entry: ArticleEntry = { dbId: rec.id, project: rec.projectId, index, seq: nextSeq++ };
        articles.set(rec.id, entry);
        await queue("article", rec.id, () => ({
          id: entry.dbId, projectId: project.dbId, title: rec.title, source: rec.source, url: rec.url, author: rec.author, publishedAt: dateOrNull(rec.publishedAt),
          text: rec.text, textHash: hash, length: index.codePointLength, position: rec.position, createdAt: date(rec.createdAt), updatedAt: date(rec.updatedAt),
          adjudicatedAt: dateOrNull(rec.adjudicatedAt), adjudicatedById: rec.adjudicatedById === null ? null : userDb(rec.adjudicatedById),
        }));
        return null;
      }
      case "annotation": {
        const article = articles.get(rec.articleId);
        if (!article) return `articleId: unknown article ${rec.articleId}`;
        const label = labels.get(rec.labelId);
        if (!label || label.project !== article.project) return `labelId: unknown label ${rec.labelId} in the article's project`;
        const user = users.get(rec.userId);
        if (!user) return `userId: unknown user ${rec.userId}`;
        const check = validateSpan(article.index, rec);
        if (!check.ok) return `${check.field}: ${check.reason}`;
        // (The guards answer synchronously unless they must ask the database: no await per line then.)
        const idDup = annotationIdGuard.isDuplicate(rec.id, stopped());
        if (idDup === true || (idDup !== false && (await idDup))) return `annotation ${rec.id} appears twice`;
        // The key's hash from the entries' numbers: equal keys (same file ids) have equal numbers.
        const key = [rec.articleId, rec.userId, rec.labelId, rec.start, rec.end].join("\u0000");
        const keyDup = annotationKeys.isDuplicate(key, stopped(), hashInts52(article.seq!, user.seq!, label.seq!, rec.start, rec.end));
        if (keyDup === true || (keyDup !== false && (await keyDup))) return "the same reviewer, label and offsets appear twice on this article";
        await queue("annotation", rec.id, () => ({
          id: annotationIds.get(rec.id) ?? rec.id, articleId: article.dbId, userId: user.dbId, labelId: label.dbId, start: rec.start, end: rec.end,
          quote: rec.quote, note: rec.note, version: rec.version, createdAt: rec.createdAt, updatedAt: rec.updatedAt,
        }) satisfies AnnotationInsert);
        return null;
      }
      case "status": {
        const article = articles.get(rec.articleId);
        if (!article) return `articleId: unknown article ${rec.articleId}`;
        const user = users.get(rec.userId);
        if (!user) return `userId: unknown user ${rec.userId}`;
        const key = `${rec.articleId}\u0000${rec.userId}`;
        if (statusKeys.has(key)) return "a second status for this article and reviewer";
        statusKeys.add(key);
        await queue("status", key, () => ({ articleId: article.dbId, userId: user.dbId, status: rec.status, updatedAt: date(rec.updatedAt) }));
        return null;
      }
      case "answer": {
        const article = articles.get(rec.articleId);
        if (!article) return `articleId: unknown article ${rec.articleId}`;
        const question = questions.get(rec.questionId);
        if (!question || question.project !== article.project) return `questionId: unknown question ${rec.questionId} in the article's project`;
        const user = users.get(rec.userId);
        if (!user) return `userId: unknown user ${rec.userId}`;
        if (duplicateId("answer", rec.id)) return `answer ${rec.id} appears twice`;
        const key = `${rec.questionId}\u0000${rec.articleId}\u0000${rec.userId}`;
        if (answerKeys.has(key)) return "a second answer to this question by this reviewer on this article";
        answerKeys.add(key);
        await queue("answer", rec.id, () => ({ id: rec.id, questionId: question.dbId, articleId: article.dbId, userId: user.dbId, value: rec.value, updatedAt: date(rec.updatedAt) }));
        return null;
      }
      case "gold_span": {
        const article = articles.get(rec.articleId);
        if (!article) return `articleId: unknown article ${rec.articleId}`;
        const label = labels.get(rec.labelId);
        if (!label || label.project !== article.project) return `labelId: unknown label ${rec.labelId} in the article's project`;
        const check = validateSpan(article.index, rec);
        if (!check.ok) return `${check.field}: ${check.reason}`;
        if (await goldIdGuard.isDuplicate(rec.id, stopped())) return `gold span ${rec.id} appears twice`;
        if (await goldKeys.isDuplicate([rec.articleId, rec.labelId, rec.start, rec.end].join("\u0000"), stopped())) return "the same gold label and offsets appear twice on this article";
        await queue("gold_span", rec.id, () => ({
          id: rec.id, articleId: article.dbId, labelId: label.dbId, start: rec.start, end: rec.end, quote: rec.quote, note: rec.note,
          sourceAnnotationIds: JSON.stringify(rec.sourceAnnotationIds.map((id) => annotationIds.get(id) ?? id)),
          sourceUserIds: JSON.stringify(rec.sourceUserIds.map(userDb)),
          decidedById: userDb(rec.decidedById), createdAt: date(rec.createdAt), updatedAt: date(rec.updatedAt),
        }));
        return null;
      }
      case "rejection": {
        const article = articles.get(rec.articleId);
        if (!article) return `articleId: unknown article ${rec.articleId}`;
        const label = labels.get(rec.labelId);
        if (!label || label.project !== article.project) return `labelId: unknown label ${rec.labelId} in the article's project`;
        if (!(rec.start < rec.end && rec.end <= article.index.codePointLength)) return `end: must satisfy start < end <= ${article.index.codePointLength} (the article's length in code points)`;
        if (duplicateId("rejection", rec.id)) return `rejection ${rec.id} appears twice`;
        const key = `${rec.articleId}\u0000${rec.labelId}\u0000${rec.start}\u0000${rec.end}`;
        if (rejectionKeys.has(key)) return "the same rejected label and offsets appear twice on this article";
        rejectionKeys.add(key);
        await queue("rejection", rec.id, () => ({ id: rec.id, articleId: article.dbId, labelId: label.dbId, start: rec.start, end: rec.end, decidedById: userDb(rec.decidedById), createdAt: date(rec.createdAt) }));
        return null;
      }
    }
  }

  let sawHeader = false;
  let fatal = false;
  let lastLine = 0;
  // Lines a chunk at a time: an await per line of an async generator costs more than most lines' work.
  lines: for await (const batch of numberedLineBatches(input)) {
    for (const { line, text } of batch) {
      lastLine = line;
      if (opts.onProgress && line % 50_000 === 0) opts.onProgress(line);
      if (text.trim() === "") continue;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (e) {
        log.add({ line, field: "$", message: `invalid JSON: ${e instanceof Error ? e.message : String(e)}` });
        continue;
      }
      const parsed = parseDatasetRecord(value);
      if (!sawHeader) {
        if (!parsed.success || parsed.data.type !== "header") {
          const detail = parsed.success ? "" : `: ${parsed.error.issues.map((i) => `${i.path.join(".") || "$"} ${i.message}`).join("; ")}`;
          log.add({ line, field: "type", message: `the first line must be a framewise-dataset header${detail}` });
          fatal = true;
          break lines;
        }
        sawHeader = true;
        continue;
      }
      if (!parsed.success) {
        const type = typeof (value as { type?: unknown })?.type === "string" ? `${(value as { type: string }).type} ` : "";
        for (const i of parsed.error.issues.slice(0, 3)) log.add({ line, field: `${type}${i.path.join(".") || "$"}`.trim(), message: i.message });
        continue;
      }
      const error = await accept(parsed.data);
      if (error !== null) {
        const colon = error.indexOf(": ");
        const field = colon > 0 && !error.slice(0, colon).includes(" ") ? error.slice(0, colon) : parsed.data.type;
        log.add({ line, field, message: colon > 0 && field !== parsed.data.type ? error.slice(colon + 2) : error });
      }
    }
  }
  if (!sawHeader && !fatal) {
    log.add({ line: Math.max(1, lastLine), field: "$", message: "no framewise-dataset header line" });
    fatal = true;
  }
  if (fatal || stopped()) throw new DatasetImportError(log.issues, log.truncated);
  await flush();
  return {
    projects: [...projects.values()].map((p) => ({ id: p.dbId, name: p.name })),
    created,
    usersMatched,
    idsChanged,
    skipped: log.issues,
  };
}
