import { beforeAll, describe, expect, it } from "vitest";
import { mace } from "@/lib/domain/agreement/item/mace";
import { ZCreateQuestion } from "@/lib/schemas/question";
import type { Actor } from "@/lib/server/actor";
import { computeProjectAgreement } from "@/lib/server/agreement/compute-project-agreement";
import { answerQuestion } from "@/lib/server/questions/answer-question";
import { createQuestion } from "@/lib/server/questions/create-question";
import { makeArticle, makeProject, makeUser, viaSchema } from "../factories";

let reviewers: Actor[];
let admin: Actor;
let projectId: string;
let articleIds: string[];

beforeAll(async () => {
  reviewers = await Promise.all(["Ann", "Ben", "Cat"].map((n) => makeUser("reviewer", n)));
  admin = await makeUser("admin", "Ada");
  projectId = (await makeProject()).project.id;
  articleIds = [];
  for (let i = 0; i < 6; i++)
    articleIds.push((await makeArticle(projectId, `Article number ${i} says something ${i * 7}.`, `A${i}`)).id);
});

describe("dashboard figures: MACE competence for categorical questions", () => {
  it("equals the domain's MACE on the answers, for nominal questions only", async () => {
    const topic = await viaSchema(
      ZCreateQuestion,
      { projectId, prompt: "Topic?", kind: "choice", options: ["war", "trade", "health"] },
      (input) => createQuestion(admin, input),
    );
    const slant = await viaSchema(
      ZCreateQuestion,
      { projectId, prompt: "Slant?", kind: "ordinal", options: ["critical", "neutral", "supportive"] },
      (input) => createQuestion(admin, input),
    );
    const truth = ["war", "trade", "health", "war", "trade", "health"];
    const records: { item: string; rater: string; value: string }[] = [];
    for (const [a, articleId] of articleIds.entries()) {
      // Ann and Ben give the true topic; Cat always says "war".
      const answers = [truth[a]!, truth[a]!, "war"];
      for (const [k, who] of reviewers.entries()) {
        await answerQuestion(who, { questionId: topic.id, articleId, value: answers[k]! });
        await answerQuestion(who, { questionId: slant.id, articleId, value: "neutral" });
        records.push({ item: articleId, rater: who.id, value: answers[k]! });
      }
    }
    const figures = await computeProjectAgreement(admin, projectId);
    const t = figures.questions.find((q) => q.questionId === topic.id)!;
    const expected = mace(records);
    if (!expected.ok) throw new Error("expected MACE to be defined");
    // Competences of the same records; the database may hand the answers over in another order.
    const sorted = (cs: readonly { rater: string; competence: number; ratings: number }[]) =>
      [...cs].sort((a, b) => (a.rater < b.rater ? -1 : 1)).map((c) => [c.rater, c.competence.toFixed(4), c.ratings]);
    expect(t.mace!.undefinedReason).toBeNull();
    expect(sorted(t.mace!.competence!)).toEqual(sorted(expected.competence));
    const by = new Map(t.mace!.competence!.map((c) => [c.rater, c.competence]));
    expect(by.get(reviewers[2]!.id)!).toBeLessThan(by.get(reviewers[0]!.id)!);
    expect(figures.questions.find((q) => q.questionId === slant.id)!.mace).toBeNull();
  });
});
