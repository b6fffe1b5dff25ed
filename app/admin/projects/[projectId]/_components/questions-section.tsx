import { redirect } from "next/navigation";
import { currentActor } from "@/lib/server/auth";
import { listQuestions } from "@/lib/server/questions/list-questions";
import { setQuestionArchivedAction } from "../../../question-actions";
import { NewQuestionForm } from "./question-form";

const KIND: Record<string, string> = {
  choice: "single choice (nominal)",
  ordinal: "ordered choice (ordinal)",
  frame: "framing label (nominal)",
};

/** Article-level questions of a project: list, archive/restore, add (server component). */
export async function QuestionsSection({ projectId }: { projectId: string }) {
  const actor = await currentActor();
  if (!actor) redirect("/sign-in");
  const questions = await listQuestions(actor, projectId);
  return (
    <>
      <h2>Article-level questions</h2>
      <p className="muted">
        Reviewers answer these once per article, below the text; agreement on them is on the agreement dashboard.
      </p>
      {questions.length > 0 && (
        <table className="grid" data-testid="questions">
          <thead>
            <tr>
              <th>Question</th>
              <th>Kind</th>
              <th>Options</th>
              <th>Answers</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {questions.map((q) => (
              <tr key={q.id} className={q.archived ? "muted" : undefined}>
                <td>
                  {q.prompt}
                  {q.archived && " (archived)"}
                </td>
                <td>{KIND[q.kind] ?? q.kind}</td>
                <td>{q.kind === "frame" ? "the framing labels" : q.options.join(" · ")}</td>
                <td>{q.answers}</td>
                <td>
                  <form action={setQuestionArchivedAction}>
                    <input type="hidden" name="id" value={q.id} />
                    <input type="hidden" name="projectId" value={projectId} />
                    <input type="hidden" name="archived" value={String(!q.archived)} />
                    <button type="submit">{q.archived ? "Restore" : "Archive"}</button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <details>
        <summary>Add a question</summary>
        <NewQuestionForm projectId={projectId} />
      </details>
    </>
  );
}
