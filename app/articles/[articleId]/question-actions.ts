"use server";

import { ZAnswerQuestion } from "@/lib/schemas/question";
import { runAction } from "@/lib/server/action";
import { answerQuestion } from "@/lib/server/questions/answer-question";

export async function answerQuestionAction(raw: unknown) {
  return runAction(ZAnswerQuestion, raw, answerQuestion);
}
