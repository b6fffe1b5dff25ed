"use client";

import { useState, useTransition } from "react";
import type { ArticleQuestion } from "@/lib/schemas/question";
import { answerQuestionAction } from "../question-actions";

/** Article-level questions: the reviewer's own answers, saved on change (rolled back with a message if refused). */
export function Questions({
  articleId,
  questions,
  locked,
}: {
  articleId: string;
  questions: ArticleQuestion[];
  locked: boolean;
}) {
  const [answers, setAnswers] = useState<Record<string, string | null>>(() =>
    Object.fromEntries(questions.map((q) => [q.id, q.answer])),
  );
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [, startTransition] = useTransition();
  if (questions.length === 0) return null;

  function answer(questionId: string, value: string | null) {
    const before = answers[questionId] ?? null;
    setAnswers((a) => ({ ...a, [questionId]: value }));
    setError(null);
    setSaved(null);
    startTransition(async () => {
      const r = await answerQuestionAction({ questionId, articleId, value });
      if (r.ok) setSaved(questionId);
      else {
        setAnswers((a) => ({ ...a, [questionId]: before }));
        setError(r.error);
      }
    });
  }

  return (
    <section className="fw-questions" aria-labelledby="fw-questions-title" data-testid="questions">
      <h2 id="fw-questions-title">About the whole article</h2>
      {questions.map((q) => (
        <fieldset key={q.id} disabled={locked} data-testid="question">
          <legend>{q.prompt}</legend>
          {q.choices.map((c) => (
            <label key={c.value}>
              <input
                type="radio"
                name={`q-${q.id}`}
                value={c.value}
                checked={answers[q.id] === c.value}
                onChange={() => answer(q.id, c.value)}
              />{" "}
              {c.label}
            </label>
          ))}
          {answers[q.id] !== null && answers[q.id] !== undefined && (
            <button type="button" className="link" onClick={() => answer(q.id, null)}>
              Clear
            </button>
          )}
          {saved === q.id && (
            <span className="notice" role="status">
              Saved
            </span>
          )}
        </fieldset>
      ))}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
