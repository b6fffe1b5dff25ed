import "server-only";
import type { OffsetIndex } from "@/lib/domain/offsets";
import type { Prisma } from "@/lib/generated/sqlite/client";
import { IssueLog } from "./issues";
import type { TDatasetRecord } from "./jsonl-format";
import { KeyGuard } from "./key-guard";

export type Tx = Prisma.TransactionClient;
export type RecordType = TDatasetRecord["type"];

/** What a record handler answers when the record cannot be imported: the field and why. */
export type Problem = { field: string; message: string };

/** seq: a small number per user, label and article of the file, for hashing annotation keys. */
export type Entry = { dbId: string; project: string; seq?: number };
export type ArticleEntry = Entry & { index: OffsetIndex };

/** One pending batch (of one record type) at a time; a type change or a full batch writes it. */
export type PendingBatch = { type: RecordType; rows: (() => unknown)[]; ids: string[]; emails?: string[] };

/** Everything one import run knows: what the file defined so far (file id -> entry), the guards, the counts. */
export type ImportState = {
  readonly tx: Tx;
  readonly log: IssueLog;
  readonly skipBad: boolean;
  readonly created: Partial<Record<RecordType, number>>;
  usersMatched: number;
  idsChanged: number;
  readonly projects: Map<string, Entry & { name: string }>;
  readonly groups: Map<string, Entry>;
  readonly labels: Map<string, Entry>;
  readonly questions: Map<string, Entry>;
  readonly codebooks: Map<string, Entry>;
  readonly rounds: Map<string, Entry>;
  readonly users: Map<string, Entry & { role: "admin" | "reviewer" }>;
  readonly emails: Set<string>;
  readonly articles: Map<string, ArticleEntry>;
  /** The header's format version: a version 1 file predates members, rounds and codebook versions. */
  version: number;
  /** File project ids that have a round / a member record (the others get the defaults at the end). */
  readonly projectsWithRounds: Set<string>;
  readonly projectsWithMembers: Set<string>;
  /**
   * "g"/"l"/"r" + project + name, "c" + project + version: label group, label and round names and codebook
   * version numbers are unique per project.
   */
  readonly namesInProject: Set<string>;
  readonly textsInProject: Set<string>;
  /** File annotation id -> the fresh id it got because the file's was taken here. */
  readonly annotationIds: Map<string, string>;
  nextSeq: number;
  readonly annotationKeys: KeyGuard;
  readonly goldKeys: KeyGuard;
  // Span ids are checked like span keys: a Set of a million id strings would cost more than the spans' text.
  readonly annotationIdGuard: KeyGuard;
  readonly goldIdGuard: KeyGuard;
  /** Projects (and so articles) are always created anew, so these keys can only repeat within the file. */
  readonly rejectionKeys: Set<string>;
  readonly statusKeys: Set<string>;
  readonly answerKeys: Set<string>;
  readonly memberKeys: Set<string>;
  readonly qualificationKeys: Set<string>;
  /** Round, article and slot (or user) as the entries' small numbers: an assignment's two unique keys. */
  readonly assignmentKeys: Set<string>;
  readonly seenIds: Partial<Record<RecordType, Set<string>>>;
  pending: PendingBatch | null;
  /** Whether the database had annotations before this import's first annotation batch (asked once). */
  annotationsBefore: boolean | undefined;
};

export function createImportState(tx: Tx, skipBad: boolean): ImportState {
  const s: ImportState = {
    tx,
    log: new IssueLog(),
    skipBad,
    created: {},
    usersMatched: 0,
    idsChanged: 0,
    projects: new Map(),
    groups: new Map(),
    labels: new Map(),
    questions: new Map(),
    codebooks: new Map(),
    rounds: new Map(),
    users: new Map(),
    version: 0,
    projectsWithRounds: new Set(),
    projectsWithMembers: new Set(),
    emails: new Set(),
    articles: new Map(),
    namesInProject: new Set(),
    textsInProject: new Set(),
    annotationIds: new Map(),
    nextSeq: 0,
    annotationKeys: new KeyGuard(async (key) => {
      const [a, u, l, st, e] = key.split("\u0000");
      const where = {
        articleId: s.articles.get(a!)?.dbId,
        userId: userDb(s, u!),
        labelId: s.labels.get(l!)?.dbId,
        start: Number(st),
        end: Number(e),
      };
      return (await tx.annotation.count({ where })) > 0;
    }),
    goldKeys: new KeyGuard(async (key) => {
      const [a, l, st, e] = key.split("\u0000");
      const where = {
        articleId: s.articles.get(a!)?.dbId,
        labelId: s.labels.get(l!)?.dbId,
        start: Number(st),
        end: Number(e),
      };
      return (await tx.goldSpan.count({ where })) > 0;
    }),
    annotationIdGuard: new KeyGuard(
      async (id) => (await tx.annotation.count({ where: { id: s.annotationIds.get(id) ?? id } })) > 0,
    ),
    goldIdGuard: new KeyGuard(async (id) => (await tx.goldSpan.count({ where: { id } })) > 0),
    rejectionKeys: new Set(),
    statusKeys: new Set(),
    answerKeys: new Set(),
    memberKeys: new Set(),
    qualificationKeys: new Set(),
    assignmentKeys: new Set(),
    seenIds: {},
    pending: null,
    annotationsBefore: undefined,
  };
  return s;
}

/** Once a line is bad (and bad lines are not skipped) nothing more is written; the rest is only checked. */
export function stopped(s: ImportState): boolean {
  return !s.skipBad && s.log.count > 0;
}

/** The database id of a user of the file (matched by email, renamed, or the file's own). */
export function userDb(s: ImportState, fileId: string): string {
  return s.users.get(fileId)?.dbId ?? fileId;
}

/** Records `id` for `type`; true when the file already had it. */
export function duplicateId(s: ImportState, type: RecordType, id: string): boolean {
  const set = (s.seenIds[type] ??= new Set());
  if (set.has(id)) return true;
  set.add(id);
  return false;
}
