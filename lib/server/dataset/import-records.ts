import "server-only";
import { OffsetIndex, validateSpan } from "@/lib/domain/offsets";
import { textHash } from "../articles/article-row";
import {
  type ArticleEntry,
  duplicateId,
  type ImportState,
  type Problem,
  type RecordType,
  stopped,
  userDb,
} from "./import-state";
import { queue } from "./import-writer";
import { articleTextProblem, type RecordOf } from "./jsonl-format";
import { hashInts52 } from "./key-guard";
import type { AnnotationInsert } from "./raw";

const date = (s: string) => new Date(s);
const dateOrNull = (s: string | null) => (s === null ? null : new Date(s));
const problem = (field: string, message: string): Problem => ({ field, message });

type Handler<T extends RecordType> = (s: ImportState, rec: RecordOf<T>) => Promise<void>;

/** What is wrong with a record: thrown by a handler's checks, returned by acceptRecord. */
class RecordProblem extends Error {
  constructor(readonly problem: Problem) {
    super(problem.message);
  }
}

function fail(field: string, message: string): never {
  throw new RecordProblem(problem(field, message));
}

/** The entry `id` names, defined earlier in the file; else the problem "unknown <what> <id>" on `field`. */
function known<E>(entries: ReadonlyMap<string, E>, id: string, field: string, what: string): E {
  return entries.get(id) ?? fail(field, `unknown ${what} ${id}`);
}

/** A record id seen for the first time; else "<what> <id> appears twice". */
function once(s: ImportState, type: RecordType, id: string, what: string): void {
  if (duplicateId(s, type, id)) fail(type, `${what} ${id} appears twice`);
}

/** A key unique in the file (a name in its project, one status per pair …), claimed; else `message`. */
function claim(keys: Set<string>, key: string, field: string, message: string): void {
  if (keys.has(key)) fail(field, message);
  keys.add(key);
}

/** A span's article and label, both defined earlier in the file and in the same project. */
function spanParents(s: ImportState, rec: { articleId: string; labelId: string }) {
  const article = known(s.articles, rec.articleId, "articleId", "article");
  const label = s.labels.get(rec.labelId);
  if (!label || label.project !== article.project)
    fail("labelId", `unknown label ${rec.labelId} in the article's project`);
  return { article, label };
}

const project: Handler<"project"> = async (s, rec) => {
  once(s, "project", rec.id, "project");
  const entry = { dbId: rec.id, project: rec.id, name: rec.name };
  s.projects.set(rec.id, entry);
  const { type: _t, id: _i, ...rest } = rec;
  await queue(s, "project", rec.id, () => ({
    ...rest,
    id: entry.dbId,
    createdAt: date(rec.createdAt),
    updatedAt: date(rec.updatedAt),
  }));
};

const labelGroup: Handler<"label_group"> = async (s, rec) => {
  const parent = known(s.projects, rec.projectId, "projectId", "project");
  once(s, "label_group", rec.id, "label group");
  const nameKey = `g\u0000${rec.projectId}\u0000${rec.name}`;
  claim(s.namesInProject, nameKey, "name", `a label group "${rec.name}" already exists in this project`);
  const entry = { dbId: rec.id, project: rec.projectId };
  s.groups.set(rec.id, entry);
  await queue(s, "label_group", rec.id, () => ({
    id: entry.dbId,
    projectId: parent.dbId,
    name: rec.name,
    order: rec.order,
  }));
};

const label: Handler<"label"> = async (s, rec) => {
  const parent = known(s.projects, rec.projectId, "projectId", "project");
  const group = s.groups.get(rec.groupId);
  if (!group || group.project !== rec.projectId) fail("groupId", `unknown label group ${rec.groupId} in this project`);
  once(s, "label", rec.id, "label");
  const nameKey = `l\u0000${rec.projectId}\u0000${rec.name}`;
  claim(s.namesInProject, nameKey, "name", `a label "${rec.name}" already exists in this project`);
  const entry = { dbId: rec.id, project: rec.projectId, seq: s.nextSeq++ };
  s.labels.set(rec.id, entry);
  await queue(s, "label", rec.id, () => ({
    id: entry.dbId,
    projectId: parent.dbId,
    groupId: group.dbId,
    name: rec.name,
    definition: rec.definition,
    guideline: rec.guideline,
    colour: rec.colour,
    hotkey: rec.hotkey,
    order: rec.order,
    archivedAt: dateOrNull(rec.archivedAt),
    createdAt: date(rec.createdAt),
    updatedAt: date(rec.updatedAt),
  }));
};

const question: Handler<"question"> = async (s, rec) => {
  const parent = known(s.projects, rec.projectId, "projectId", "project");
  once(s, "question", rec.id, "question");
  const entry = { dbId: rec.id, project: rec.projectId };
  s.questions.set(rec.id, entry);
  await queue(s, "question", rec.id, () => ({
    id: entry.dbId,
    projectId: parent.dbId,
    prompt: rec.prompt,
    kind: rec.kind,
    options: JSON.stringify(rec.options),
    order: rec.order,
    archivedAt: dateOrNull(rec.archivedAt),
    createdAt: date(rec.createdAt),
  }));
};

const user: Handler<"user"> = async (s, rec) => {
  once(s, "user", rec.id, "user");
  if (s.emails.has(rec.email)) fail("email", `${rec.email} appears twice`);
  s.emails.add(rec.email);
  const entry = { dbId: rec.id, project: "", seq: s.nextSeq++, role: rec.role };
  s.users.set(rec.id, entry);
  const row = () => ({
    id: entry.dbId,
    name: rec.name,
    email: rec.email,
    role: rec.role,
    createdAt: date(rec.createdAt),
  });
  await queue(s, "user", rec.id, row, rec.email);
};

const codebookVersion: Handler<"codebook_version"> = async (s, rec) => {
  const parent = known(s.projects, rec.projectId, "projectId", "project");
  once(s, "codebook_version", rec.id, "codebook version");
  const versionKey = `c\u0000${rec.projectId}\u0000${rec.version}`;
  claim(s.namesInProject, versionKey, "version", `codebook version ${rec.version} already exists in this project`);
  const entry = { dbId: rec.id, project: rec.projectId };
  s.codebooks.set(rec.id, entry);
  await queue(s, "codebook_version", rec.id, () => ({
    id: entry.dbId,
    projectId: parent.dbId,
    version: rec.version,
    guidelines: rec.guidelines,
    taxonomy: JSON.stringify(rec.taxonomy),
    createdAt: date(rec.createdAt),
  }));
};

const round: Handler<"round"> = async (s, rec) => {
  const parent = known(s.projects, rec.projectId, "projectId", "project");
  const codebook = s.codebooks.get(rec.codebookVersionId);
  if (!codebook || codebook.project !== rec.projectId)
    fail("codebookVersionId", `unknown codebook version ${rec.codebookVersionId} in this project`);
  once(s, "round", rec.id, "round");
  const nameKey = `r\u0000${rec.projectId}\u0000${rec.name}`;
  claim(s.namesInProject, nameKey, "name", `a round "${rec.name}" already exists in this project`);
  s.projectsWithRounds.add(rec.projectId);
  const entry = { dbId: rec.id, project: rec.projectId, seq: s.nextSeq++ };
  s.rounds.set(rec.id, entry);
  await queue(s, "round", rec.id, () => ({
    id: entry.dbId,
    projectId: parent.dbId,
    name: rec.name,
    position: rec.position,
    training: rec.training,
    qualifyF1: rec.qualifyF1,
    codebookVersionId: codebook.dbId,
    createdAt: date(rec.createdAt),
  }));
};

const member: Handler<"member"> = async (s, rec) => {
  const parent = known(s.projects, rec.projectId, "projectId", "project");
  const person = known(s.users, rec.userId, "userId", "user");
  const key = `${rec.projectId}\u0000${rec.userId}`;
  claim(s.memberKeys, key, "member", "a second membership of this user in this project");
  s.projectsWithMembers.add(rec.projectId);
  await queue(s, "member", key, () => ({
    projectId: parent.dbId,
    userId: person.dbId,
    role: rec.role,
    createdAt: date(rec.createdAt),
  }));
};

const qualification: Handler<"qualification"> = async (s, rec) => {
  const parent = known(s.rounds, rec.roundId, "roundId", "round");
  const person = known(s.users, rec.userId, "userId", "user");
  const decider = known(s.users, rec.decidedById, "decidedById", "user");
  const key = `${rec.roundId}\u0000${rec.userId}`;
  claim(s.qualificationKeys, key, "qualification", "a second qualification decision for this user in this round");
  await queue(s, "qualification", key, () => ({
    roundId: parent.dbId,
    userId: person.dbId,
    qualified: rec.qualified,
    decidedById: decider.dbId,
    createdAt: date(rec.createdAt),
  }));
};

const assignment: Handler<"assignment"> = async (s, rec) => {
  const parent = known(s.rounds, rec.roundId, "roundId", "round");
  const art = s.articles.get(rec.articleId);
  if (!art || art.project !== parent.project)
    fail("articleId", `unknown article ${rec.articleId} in the round's project`);
  const person = known(s.users, rec.userId, "userId", "user");
  once(s, "assignment", rec.id, "assignment");
  const slotKey = `${parent.seq}.${art.seq}.${rec.slot}`;
  if (s.assignmentKeys.has(slotKey)) fail("slot", `slot ${rec.slot} of this article is taken twice in this round`);
  const userKey = `${parent.seq}.${art.seq}u${person.seq}`;
  if (s.assignmentKeys.has(userKey)) fail("userId", "this user is assigned this article twice in this round");
  s.assignmentKeys.add(slotKey).add(userKey);
  const project = s.projects.get(parent.project)!;
  await queue(s, "assignment", rec.id, () => ({
    id: rec.id,
    projectId: project.dbId,
    roundId: parent.dbId,
    articleId: art.dbId,
    userId: person.dbId,
    slot: rec.slot,
    status: rec.status,
    reservedUntil: dateOrNull(rec.reservedUntil),
    routed: rec.routed,
    createdAt: date(rec.createdAt),
  }));
};

const article: Handler<"article"> = async (s, rec) => {
  const parent = known(s.projects, rec.projectId, "projectId", "project");
  once(s, "article", rec.id, "article");
  const bad = articleTextProblem(rec.text);
  if (bad) fail(bad.field, bad.message);
  const hash = textHash(rec.text);
  const textKey = `${rec.projectId}\u0000${hash}`;
  claim(s.textsInProject, textKey, "text", "the same text appears twice in this project");
  const index = new OffsetIndex(rec.text);
  const entry: ArticleEntry = { dbId: rec.id, project: rec.projectId, index, seq: s.nextSeq++ };
  s.articles.set(rec.id, entry);
  await queue(s, "article", rec.id, () => ({
    id: entry.dbId,
    projectId: parent.dbId,
    title: rec.title,
    source: rec.source,
    url: rec.url,
    author: rec.author,
    publishedAt: dateOrNull(rec.publishedAt),
    text: rec.text,
    textHash: hash,
    length: index.codePointLength,
    position: rec.position,
    createdAt: date(rec.createdAt),
    updatedAt: date(rec.updatedAt),
    adjudicatedAt: dateOrNull(rec.adjudicatedAt),
    adjudicatedById: rec.adjudicatedById === null ? null : userDb(s, rec.adjudicatedById),
    comparisonOpenedAt: dateOrNull(rec.comparisonOpenedAt ?? null),
  }));
};

const annotation: Handler<"annotation"> = async (s, rec) => {
  const { article: parent, label: lab } = spanParents(s, rec);
  const person = known(s.users, rec.userId, "userId", "user");
  const check = validateSpan(parent.index, rec);
  if (!check.ok) fail(check.field, check.reason);
  if (rec.codebookVersion !== null && !s.namesInProject.has(`c\u0000${parent.project}\u0000${rec.codebookVersion}`))
    fail("codebookVersion", `no codebook version ${rec.codebookVersion} in the article's project`);
  // (The guards answer synchronously unless they must ask the database: no await per line then.)
  const idDup = s.annotationIdGuard.isDuplicate(rec.id, stopped(s));
  if (idDup === true || (idDup !== false && (await idDup))) fail("annotation", `annotation ${rec.id} appears twice`);
  // The key's hash from the entries' numbers: equal keys (same file ids) have equal numbers.
  const key = [rec.articleId, rec.userId, rec.labelId, rec.start, rec.end].join("\u0000");
  const keyDup = s.annotationKeys.isDuplicate(
    key,
    stopped(s),
    hashInts52(parent.seq!, person.seq!, lab.seq!, rec.start, rec.end),
  );
  if (keyDup === true || (keyDup !== false && (await keyDup))) {
    fail("annotation", "the same reviewer, label and offsets appear twice on this article");
  }
  await queue(
    s,
    "annotation",
    rec.id,
    () =>
      ({
        id: s.annotationIds.get(rec.id) ?? rec.id,
        articleId: parent.dbId,
        userId: person.dbId,
        labelId: lab.dbId,
        start: rec.start,
        end: rec.end,
        quote: rec.quote,
        note: rec.note,
        version: rec.version,
        codebookVersion: rec.codebookVersion,
        createdAt: rec.createdAt,
        updatedAt: rec.updatedAt,
      }) satisfies AnnotationInsert,
  );
};

const status: Handler<"status"> = async (s, rec) => {
  const parent = known(s.articles, rec.articleId, "articleId", "article");
  const person = known(s.users, rec.userId, "userId", "user");
  const key = `${rec.articleId}\u0000${rec.userId}`;
  claim(s.statusKeys, key, "status", "a second status for this article and reviewer");
  const row = () => ({
    articleId: parent.dbId,
    userId: person.dbId,
    status: rec.status,
    updatedAt: date(rec.updatedAt),
  });
  await queue(s, "status", key, row);
};

const answer: Handler<"answer"> = async (s, rec) => {
  const parent = known(s.articles, rec.articleId, "articleId", "article");
  const q = s.questions.get(rec.questionId);
  if (!q || q.project !== parent.project)
    fail("questionId", `unknown question ${rec.questionId} in the article's project`);
  const person = known(s.users, rec.userId, "userId", "user");
  once(s, "answer", rec.id, "answer");
  const key = `${rec.questionId}\u0000${rec.articleId}\u0000${rec.userId}`;
  claim(s.answerKeys, key, "answer", "a second answer to this question by this reviewer on this article");
  await queue(s, "answer", rec.id, () => ({
    id: rec.id,
    questionId: q.dbId,
    articleId: parent.dbId,
    userId: person.dbId,
    value: rec.value,
    updatedAt: date(rec.updatedAt),
  }));
};

const goldSpan: Handler<"gold_span"> = async (s, rec) => {
  const { article: parent, label: lab } = spanParents(s, rec);
  const check = validateSpan(parent.index, rec);
  if (!check.ok) fail(check.field, check.reason);
  if (await s.goldIdGuard.isDuplicate(rec.id, stopped(s))) fail("gold_span", `gold span ${rec.id} appears twice`);
  const key = [rec.articleId, rec.labelId, rec.start, rec.end].join("\u0000");
  if (await s.goldKeys.isDuplicate(key, stopped(s))) {
    fail("gold_span", "the same gold label and offsets appear twice on this article");
  }
  await queue(s, "gold_span", rec.id, () => ({
    id: rec.id,
    articleId: parent.dbId,
    labelId: lab.dbId,
    start: rec.start,
    end: rec.end,
    quote: rec.quote,
    note: rec.note,
    sourceAnnotationIds: JSON.stringify(rec.sourceAnnotationIds.map((id) => s.annotationIds.get(id) ?? id)),
    sourceUserIds: JSON.stringify(rec.sourceUserIds.map((id) => userDb(s, id))),
    decidedById: userDb(s, rec.decidedById),
    editedAt: dateOrNull(rec.editedAt ?? null),
    createdAt: date(rec.createdAt),
    updatedAt: date(rec.updatedAt),
  }));
};

const rejection: Handler<"rejection"> = async (s, rec) => {
  const { article: parent, label: lab } = spanParents(s, rec);
  const length = parent.index.codePointLength;
  if (!(rec.start < rec.end && rec.end <= length)) {
    fail("end", `must satisfy start < end <= ${length} (the article's length in code points)`);
  }
  once(s, "rejection", rec.id, "rejection");
  const key = `${rec.articleId}\u0000${rec.labelId}\u0000${rec.start}\u0000${rec.end}`;
  claim(s.rejectionKeys, key, "rejection", "the same rejected label and offsets appear twice on this article");
  await queue(s, "rejection", rec.id, () => ({
    id: rec.id,
    articleId: parent.dbId,
    labelId: lab.dbId,
    start: rec.start,
    end: rec.end,
    decidedById: userDb(s, rec.decidedById),
    createdAt: date(rec.createdAt),
  }));
};

/**
 * One handler per record type: checks the record against what came before and queues its row, or says
 * what is wrong. A new record type adds its schema to jsonl-format.ts, a handler here and a writer in
 * import-writer.ts.
 */
export const RECORD_HANDLERS: { [T in RecordType]: Handler<T> } = {
  header: async () => fail("header", "a second header line"),
  project,
  label_group: labelGroup,
  label,
  question,
  codebook_version: codebookVersion,
  round,
  user,
  member,
  qualification,
  article,
  assignment,
  annotation,
  status,
  answer,
  gold_span: goldSpan,
  rejection,
};

export function acceptRecord<T extends RecordType>(s: ImportState, rec: RecordOf<T>): Promise<Problem | null> {
  return (RECORD_HANDLERS[rec.type as T] as Handler<T>)(s, rec).then(
    () => null,
    (e: unknown) => {
      if (e instanceof RecordProblem) return e.problem;
      throw e;
    },
  );
}
