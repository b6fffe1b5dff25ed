"use server";

import { ZAnswerQuestion } from "@/schemas/question";
import { runAction } from "@/server/action";
import { answerQuestion } from "@/server/questions/answer-question";

export async function answerQuestionAction(raw: unknown) {
  return runAction(ZAnswerQuestion, raw, answerQuestion);
}
