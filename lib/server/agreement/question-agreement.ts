import "server-only";
import { computeItemAgreement, type ItemAgreementReport, type RatingRecord } from "@/lib/domain/agreement/item";
import { mace } from "@/lib/domain/agreement/item/mace";
import { parseOptions, questionLevel } from "@/lib/schemas/question";
import { db } from "../db";
import { framingLabels } from "../questions/framing-labels";
import { questionSelect } from "../questions/question-select";
import type { ArticleEntry } from "./article-state";
import type { QuestionAgreement } from "./types";

/**
 * A question's answers, in one fixed order (article id, then reviewer id: the unique index's). Item order
 * decides which articles a seeded bootstrap draws, so without it the same seed could give other intervals
 * from one read to the next.
 */
export const answersInOrder = {
  select: { articleId: true, userId: true, value: true },
  orderBy: [{ articleId: "asc" as const }, { userId: "asc" as const }],
};

/** Item-level agreement of each question of the project (recomputed on every revision: thousands of records). */
export async function questionAgreement(projectId: string): Promise<QuestionAgreement[]> {
  const questions = await db.question.findMany({
    where: { projectId },
    orderBy: { order: "asc" },
    select: {
      ...questionSelect,
      archivedAt: true,
      answers: answersInOrder,
    },
  });
  return questions.map((q) => {
    const { level, records } = questionRecords(q);
    return {
      questionId: q.id,
      raterIds: [...new Set(records.map((r) => r.rater))],
      prompt: q.prompt,
      kind: q.kind,
      level,
      archived: q.archivedAt !== null,
      answers: records.length,
      report: computeItemAgreement(records, { level }),
      mace: level === "nominal" ? maceSummary(records) : null,
    };
  });
}

function maceSummary(records: readonly RatingRecord[]): QuestionAgreement["mace"] {
  if (records.length === 0) return { competence: null, undefinedReason: "No answers yet." };
  const r = mace(records);
  if (!r.ok) return { competence: null, undefinedReason: r.undefinedReason };
  return { competence: r.competence.map((c) => ({ ...c })), undefinedReason: null };
}

/** A question's answers as item records (item = article). Ordinal options are ranked by their position. */
export function questionRecords(q: {
  kind: string;
  options: string;
  answers: readonly { articleId: string; userId: string; value: string }[];
}): { level: "nominal" | "ordinal"; records: RatingRecord[] } {
  const level = questionLevel(q.kind);
  const options = parseOptions(q.options);
  const records: RatingRecord[] = [];
  for (const a of q.answers) {
    if (level === "ordinal") {
      // An answer whose option was since removed is left out.
      const rank = options.indexOf(a.value);
      if (rank >= 0) records.push({ item: a.articleId, rater: a.userId, value: rank });
    } else records.push({ item: a.articleId, rater: a.userId, value: a.value });
  }
  return { level, records };
}

/** Agreement on each rater's primary frame per article, from the articles' covers (see ProjectAgreementFigures). */
export async function primaryFrameAgreement(
  projectId: string,
  articles: readonly { id: string }[],
  entries: ReadonlyMap<string, ArticleEntry>,
): Promise<ItemAgreementReport> {
  const frames = new Set((await framingLabels(projectId)).map((l) => l.id));
  const records: RatingRecord[] = [];
  for (const a of articles) {
    const cover = entries.get(a.id)!.cover;
    for (const rater of [...cover.keys()].sort()) {
      let best: [string, number, number] | null = null;
      for (const [label, [chars, n]] of cover.get(rater)!) {
        if (!frames.has(label)) continue;
        if (!best || chars > best[1] || (chars === best[1] && (n > best[2] || (n === best[2] && label < best[0]))))
          best = [label, chars, n];
      }
      if (best) records.push({ item: a.id, rater, value: best[0] });
    }
  }
  return computeItemAgreement(records, { level: "nominal" });
}
