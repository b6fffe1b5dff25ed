import "server-only";
import { normaliseText, codePointLength } from "@/lib/domain/offsets";
import type { TDeleteArticle, TMoveArticle, TUpdateArticle } from "@/lib/schemas/article";
import type { Actor } from "../actor";
import { bumpAnnotationRevision, bumpArticleRevisions } from "../agreement/revision";
import { db } from "../db";
import { AppError } from "../errors";
import { requireProject } from "../projects/access";
import { articleMetaSelect, textHash } from "./article-row";

/** Work on an article that its text must not move under: spans, gold, rejections, answers, started statuses. */
export async function workOn(articleId: string) {
  const a = await db.article.findUnique({
    where: { id: articleId },
    select: {
      id: true,
      projectId: true,
      _count: {
        select: { annotations: true, goldSpans: true, rejectedCandidates: true, answers: true, statuses: true },
      },
    },
  });
  if (!a) throw new AppError("NOT_FOUND", "id: no such article", [{ field: "id", message: "no such article" }]);
  const c = a._count;
  return {
    article: a,
    annotated: c.annotations + c.goldSpans + c.rejectedCandidates + c.answers + c.statuses > 0,
    spans: c.annotations,
  };
}

/** workOn, for a manager of the article's project (the admin included). */
async function managedWork(actor: Actor, articleId: string) {
  const work = await workOn(articleId);
  await requireProject(actor, work.article.projectId, "manage");
  return work;
}

/**
 * Edits an article's metadata at any time, and its text while nobody has worked on it (spans are offsets
 * into the text, so once anyone has, the text is fixed). The text is normalised and hashed as on import.
 */
// input: parsed at the boundary with ZUpdateArticle.
export async function updateArticle(actor: Actor, input: TUpdateArticle) {
  const { article, annotated } = await managedWork(actor, input.id);
  const data: Record<string, unknown> = {
    title: input.title,
    source: input.source ?? "",
    url: input.url,
    author: input.author ?? null,
    publishedAt: input.publishedAt,
  };
  if (input.text !== undefined) {
    const text = normaliseText(input.text);
    const current = await db.article.findUniqueOrThrow({ where: { id: input.id }, select: { textHash: true } });
    const hash = textHash(text);
    if (hash !== current.textHash) {
      if (annotated) {
        const message = "can no longer change: the article has been annotated (spans point into its text)";
        throw new AppError("CONFLICT", `text: ${message}`, [{ field: "text", message }]);
      }
      const duplicate = await db.article.findFirst({
        where: { projectId: article.projectId, textHash: hash, NOT: { id: input.id } },
        select: { title: true },
      });
      if (duplicate)
        throw new AppError("CONFLICT", `text: the same text is already in this project as "${duplicate.title}"`, [
          { field: "text", message: "duplicate of an existing article" },
        ]);
      Object.assign(data, { text, textHash: hash, length: codePointLength(text) });
    }
  }
  const [updated] = await db.$transaction([
    db.article.update({
      where: { id: input.id },
      data,
      select: { id: true, title: true, length: true, textHash: true },
    }),
    bumpAnnotationRevision(article.projectId),
    bumpArticleRevisions([input.id]),
  ]);
  return updated;
}

/** Deletes an article nobody has worked on; anything else is refused and nothing changes. */
// input: parsed at the boundary with ZDeleteArticle.
export async function deleteArticle(actor: Actor, input: TDeleteArticle) {
  const { article, annotated, spans } = await managedWork(actor, input.id);
  if (annotated) {
    const message =
      spans > 0
        ? `has ${spans} span(s); only an article without annotations can be deleted`
        : "reviewers have started on it; only an untouched article can be deleted";
    throw new AppError("CONFLICT", `id: ${message}`, [{ field: "id", message }]);
  }
  await db.$transaction([db.article.delete({ where: { id: input.id } }), bumpAnnotationRevision(article.projectId)]);
  return { id: input.id };
}

/** Moves an article one place up or down in its project's order (queue, neighbours, exports). */
// input: parsed at the boundary with ZMoveArticle.
export async function moveArticle(actor: Actor, input: TMoveArticle) {
  await managedWork(actor, input.id);
  return db.$transaction(async (tx) => {
    const me = await tx.article.findUnique({
      where: { id: input.id },
      select: { id: true, projectId: true, position: true },
    });
    if (!me) throw new AppError("NOT_FOUND", "id: no such article", [{ field: "id", message: "no such article" }]);
    const up = input.direction === "up";
    const other = await tx.article.findFirst({
      where: {
        projectId: me.projectId,
        OR: [
          { position: up ? { lt: me.position } : { gt: me.position } },
          { position: me.position, id: up ? { lt: me.id } : { gt: me.id } },
        ],
      },
      orderBy: up ? [{ position: "desc" }, { id: "desc" }] : [{ position: "asc" }, { id: "asc" }],
      select: { id: true, position: true },
    });
    if (!other) return { moved: false };
    // Equal positions (older data) are pulled apart so the order is strict afterwards.
    const [mine, theirs] =
      other.position === me.position
        ? up
          ? [me.position - 1, me.position]
          : [me.position + 1, me.position]
        : [other.position, me.position];
    await tx.article.update({ where: { id: me.id }, data: { position: mine } });
    await tx.article.update({ where: { id: other.id }, data: { position: theirs } });
    return { moved: true };
  });
}

/** One article for the edit form: its metadata, its text, and whether the text may still change. */
export async function getArticleForEdit(actor: Actor, articleId: string) {
  const { annotated } = await managedWork(actor, articleId);
  const a = await db.article.findUniqueOrThrow({
    where: { id: articleId },
    select: {
      id: true,
      projectId: true,
      ...articleMetaSelect,
      text: true,
      length: true,
    },
  });
  return { ...a, textEditable: !annotated };
}
