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

type Handler<T extends RecordType> = (s: ImportState, rec: RecordOf<T>) => Promise<Problem | null>;

/** A span's article and label, both defined earlier in the file and in the same project. */
function spanParents(s: ImportState, rec: { articleId: string; labelId: string }) {
  const article = s.articles.get(rec.articleId);
  if (!article) return problem("articleId", `unknown article ${rec.articleId}`);
  const label = s.labels.get(rec.labelId);
  if (!label || label.project !== article.project)
    return problem("labelId", `unknown label ${rec.labelId} in the article's project`);
  return { article, label };
}

const project: Handler<"project"> = async (s, rec) => {
  if (duplicateId(s, "project", rec.id)) return problem("project", `project ${rec.id} appears twice`);
  const entry = { dbId: rec.id, project: rec.id, name: rec.name };
  s.projects.set(rec.id, entry);
  const { type: _t, id: _i, ...rest } = rec;
  await queue(s, "project", rec.id, () => ({
    ...rest,
    id: entry.dbId,
    createdAt: date(rec.createdAt),
    updatedAt: date(rec.updatedAt),
  }));
  return null;
};

const labelGroup: Handler<"label_group"> = async (s, rec) => {
  const parent = s.projects.get(rec.projectId);
  if (!parent) return problem("projectId", `unknown project ${rec.projectId}`);
  if (duplicateId(s, "label_group", rec.id)) return problem("label_group", `label group ${rec.id} appears twice`);
  const nameKey = `g\u0000${rec.projectId}\u0000${rec.name}`;
  if (s.namesInProject.has(nameKey))
    return problem("name", `a label group "${rec.name}" already exists in this project`);
  s.namesInProject.add(nameKey);
  const entry = { dbId: rec.id, project: rec.projectId };
  s.groups.set(rec.id, entry);
  await queue(s, "label_group", rec.id, () => ({
    id: entry.dbId,
    projectId: parent.dbId,
    name: rec.name,
    order: rec.order,
  }));
  return null;
};

const label: Handler<"label"> = async (s, rec) => {
  const parent = s.projects.get(rec.projectId);
  if (!parent) return problem("projectId", `unknown project ${rec.projectId}`);
  const group = s.groups.get(rec.groupId);
  if (!group || group.project !== rec.projectId)
    return problem("groupId", `unknown label group ${rec.groupId} in this project`);
  if (duplicateId(s, "label", rec.id)) return problem("label", `label ${rec.id} appears twice`);
  const nameKey = `l\u0000${rec.projectId}\u0000${rec.name}`;
  if (s.namesInProject.has(nameKey)) return problem("name", `a label "${rec.name}" already exists in this project`);
  s.namesInProject.add(nameKey);
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
  return null;
};

const question: Handler<"question"> = async (s, rec) => {
  const parent = s.projects.get(rec.projectId);
  if (!parent) return problem("projectId", `unknown project ${rec.projectId}`);
  if (duplicateId(s, "question", rec.id)) return problem("question", `question ${rec.id} appears twice`);
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
  return null;
};

const user: Handler<"user"> = async (s, rec) => {
  if (duplicateId(s, "user", rec.id)) return problem("user", `user ${rec.id} appears twice`);
  if (s.emails.has(rec.email)) return problem("email", `${rec.email} appears twice`);
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
  return null;
};

const codebookVersion: Handler<"codebook_version"> = async (s, rec) => {
  const parent = s.projects.get(rec.projectId);
  if (!parent) return problem("projectId", `unknown project ${rec.projectId}`);
  if (duplicateId(s, "codebook_version", rec.id))
    return problem("codebook_version", `codebook version ${rec.id} appears twice`);
  const versionKey = `c\u0000${rec.projectId}\u0000${rec.version}`;
  if (s.namesInProject.has(versionKey))
    return problem("version", `codebook version ${rec.version} already exists in this project`);
  s.namesInProject.add(versionKey);
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
  return null;
};

const round: Handler<"round"> = async (s, rec) => {
  const parent = s.projects.get(rec.projectId);
  if (!parent) return problem("projectId", `unknown project ${rec.projectId}`);
  const codebook = s.codebooks.get(rec.codebookVersionId);
  if (!codebook || codebook.project !== rec.projectId)
    return problem("codebookVersionId", `unknown codebook version ${rec.codebookVersionId} in this project`);
  if (duplicateId(s, "round", rec.id)) return problem("round", `round ${rec.id} appears twice`);
  const nameKey = `r\u0000${rec.projectId}\u0000${rec.name}`;
  if (s.namesInProject.has(nameKey)) return problem("name", `a round "${rec.name}" already exists in this project`);
  s.namesInProject.add(nameKey);
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
  return null;
};

const member: Handler<"member"> = async (s, rec) => {
  const parent = s.projects.get(rec.projectId);
  if (!parent) return problem("projectId", `unknown project ${rec.projectId}`);
  const person = s.users.get(rec.userId);
  if (!person) return problem("userId", `unknown user ${rec.userId}`);
  const key = `${rec.projectId}\u0000${rec.userId}`;
  if (s.memberKeys.has(key)) return problem("member", "a second membership of this user in this project");
  s.memberKeys.add(key);
  s.projectsWithMembers.add(rec.projectId);
  await queue(s, "member", key, () => ({
    projectId: parent.dbId,
    userId: person.dbId,
    role: rec.role,
    createdAt: date(rec.createdAt),
  }));
  return null;
};

const qualification: Handler<"qualification"> = async (s, rec) => {
  const parent = s.rounds.get(rec.roundId);
  if (!parent) return problem("roundId", `unknown round ${rec.roundId}`);
  const person = s.users.get(rec.userId);
  if (!person) return problem("userId", `unknown user ${rec.userId}`);
  const decider = s.users.get(rec.decidedById);
  if (!decider) return problem("decidedById", `unknown user ${rec.decidedById}`);
  const key = `${rec.roundId}\u0000${rec.userId}`;
  if (s.qualificationKeys.has(key))
    return problem("qualification", "a second qualification decision for this user in this round");
  s.qualificationKeys.add(key);
  await queue(s, "qualification", key, () => ({
    roundId: parent.dbId,
    userId: person.dbId,
    qualified: rec.qualified,
    decidedById: decider.dbId,
    createdAt: date(rec.createdAt),
  }));
  return null;
};

const assignment: Handler<"assignment"> = async (s, rec) => {
  const parent = s.rounds.get(rec.roundId);
  if (!parent) return problem("roundId", `unknown round ${rec.roundId}`);
  const art = s.articles.get(rec.articleId);
  if (!art || art.project !== parent.project)
    return problem("articleId", `unknown article ${rec.articleId} in the round's project`);
  const person = s.users.get(rec.userId);
  if (!person) return problem("userId", `unknown user ${rec.userId}`);
  if (duplicateId(s, "assignment", rec.id)) return problem("assignment", `assignment ${rec.id} appears twice`);
  const slotKey = `${parent.seq}.${art.seq}.${rec.slot}`;
  if (s.assignmentKeys.has(slotKey))
    return problem("slot", `slot ${rec.slot} of this article is taken twice in this round`);
  const userKey = `${parent.seq}.${art.seq}u${person.seq}`;
  if (s.assignmentKeys.has(userKey)) return problem("userId", "this user is assigned this article twice in this round");
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
  return null;
};

const article: Handler<"article"> = async (s, rec) => {
  const parent = s.projects.get(rec.projectId);
  if (!parent) return problem("projectId", `unknown project ${rec.projectId}`);
  if (duplicateId(s, "article", rec.id)) return problem("article", `article ${rec.id} appears twice`);
  const bad = articleTextProblem(rec.text);
  if (bad) return bad;
  const hash = textHash(rec.text);
  const textKey = `${rec.projectId}\u0000${hash}`;
  if (s.textsInProject.has(textKey)) return problem("text", "the same text appears twice in this project");
  s.textsInProject.add(textKey);
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
  }));
  return null;
};

const annotation: Handler<"annotation"> = async (s, rec) => {
  const parents = spanParents(s, rec);
  if ("field" in parents) return parents;
  const { article: parent, label: lab } = parents;
  const person = s.users.get(rec.userId);
  if (!person) return problem("userId", `unknown user ${rec.userId}`);
  const check = validateSpan(parent.index, rec);
  if (!check.ok) return problem(check.field, check.reason);
  if (rec.codebookVersion !== null && !s.namesInProject.has(`c\u0000${parent.project}\u0000${rec.codebookVersion}`))
    return problem("codebookVersion", `no codebook version ${rec.codebookVersion} in the article's project`);
  // (The guards answer synchronously unless they must ask the database: no await per line then.)
  const idDup = s.annotationIdGuard.isDuplicate(rec.id, stopped(s));
  if (idDup === true || (idDup !== false && (await idDup)))
    return problem("annotation", `annotation ${rec.id} appears twice`);
  // The key's hash from the entries' numbers: equal keys (same file ids) have equal numbers.
  const key = [rec.articleId, rec.userId, rec.labelId, rec.start, rec.end].join("\u0000");
  const keyDup = s.annotationKeys.isDuplicate(
    key,
    stopped(s),
    hashInts52(parent.seq!, person.seq!, lab.seq!, rec.start, rec.end),
  );
  if (keyDup === true || (keyDup !== false && (await keyDup))) {
    return problem("annotation", "the same reviewer, label and offsets appear twice on this article");
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
  return null;
};

const status: Handler<"status"> = async (s, rec) => {
  const parent = s.articles.get(rec.articleId);
  if (!parent) return problem("articleId", `unknown article ${rec.articleId}`);
  const person = s.users.get(rec.userId);
  if (!person) return problem("userId", `unknown user ${rec.userId}`);
  const key = `${rec.articleId}\u0000${rec.userId}`;
  if (s.statusKeys.has(key)) return problem("status", "a second status for this article and reviewer");
  s.statusKeys.add(key);
  const row = () => ({
    articleId: parent.dbId,
    userId: person.dbId,
    status: rec.status,
    updatedAt: date(rec.updatedAt),
  });
  await queue(s, "status", key, row);
  return null;
};

const answer: Handler<"answer"> = async (s, rec) => {
  const parent = s.articles.get(rec.articleId);
  if (!parent) return problem("articleId", `unknown article ${rec.articleId}`);
  const q = s.questions.get(rec.questionId);
  if (!q || q.project !== parent.project)
    return problem("questionId", `unknown question ${rec.questionId} in the article's project`);
  const person = s.users.get(rec.userId);
  if (!person) return problem("userId", `unknown user ${rec.userId}`);
  if (duplicateId(s, "answer", rec.id)) return problem("answer", `answer ${rec.id} appears twice`);
  const key = `${rec.questionId}\u0000${rec.articleId}\u0000${rec.userId}`;
  if (s.answerKeys.has(key))
    return problem("answer", "a second answer to this question by this reviewer on this article");
  s.answerKeys.add(key);
  await queue(s, "answer", rec.id, () => ({
    id: rec.id,
    questionId: q.dbId,
    articleId: parent.dbId,
    userId: person.dbId,
    value: rec.value,
    updatedAt: date(rec.updatedAt),
  }));
  return null;
};

const goldSpan: Handler<"gold_span"> = async (s, rec) => {
  const parents = spanParents(s, rec);
  if ("field" in parents) return parents;
  const { article: parent, label: lab } = parents;
  const check = validateSpan(parent.index, rec);
  if (!check.ok) return problem(check.field, check.reason);
  if (await s.goldIdGuard.isDuplicate(rec.id, stopped(s)))
    return problem("gold_span", `gold span ${rec.id} appears twice`);
  const key = [rec.articleId, rec.labelId, rec.start, rec.end].join("\u0000");
  if (await s.goldKeys.isDuplicate(key, stopped(s))) {
    return problem("gold_span", "the same gold label and offsets appear twice on this article");
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
  return null;
};

const rejection: Handler<"rejection"> = async (s, rec) => {
  const parents = spanParents(s, rec);
  if ("field" in parents) return parents;
  const { article: parent, label: lab } = parents;
  const length = parent.index.codePointLength;
  if (!(rec.start < rec.end && rec.end <= length)) {
    return problem("end", `must satisfy start < end <= ${length} (the article's length in code points)`);
  }
  if (duplicateId(s, "rejection", rec.id)) return problem("rejection", `rejection ${rec.id} appears twice`);
  const key = `${rec.articleId}\u0000${rec.labelId}\u0000${rec.start}\u0000${rec.end}`;
  if (s.rejectionKeys.has(key))
    return problem("rejection", "the same rejected label and offsets appear twice on this article");
  s.rejectionKeys.add(key);
  await queue(s, "rejection", rec.id, () => ({
    id: rec.id,
    articleId: parent.dbId,
    labelId: lab.dbId,
    start: rec.start,
    end: rec.end,
    decidedById: userDb(s, rec.decidedById),
    createdAt: date(rec.createdAt),
  }));
  return null;
};

/**
 * One handler per record type: checks the record against what came before and queues its row, or says
 * what is wrong. A new record type adds its schema to jsonl-format.ts, a handler here and a writer in
 * import-writer.ts.
 */
export const RECORD_HANDLERS: { [T in RecordType]: Handler<T> } = {
  header: async () => problem("header", "a second header line"),
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
  return (RECORD_HANDLERS[rec.type as T] as Handler<T>)(s, rec);
}
