import type { TrainingFeedback as Feedback } from "@/lib/domain/assignment";

const pct = (v: number | null) => (v === null ? "—" : `${(100 * v).toFixed(0)} %`);

/** A training article marked done: the annotator's spans against gold, per label (server-rendered). */
export function TrainingFeedback({ feedback, labelName }: { feedback: Feedback; labelName: Record<string, string> }) {
  return (
    <section className="fw-training" data-testid="training-feedback" aria-labelledby="training-title">
      <h2 id="training-title">Training feedback: your spans against gold</h2>
      <p data-testid="training-f1">
        F1 {pct(feedback.f1)} (precision {pct(feedback.precision)}, recall {pct(feedback.recall)}): {feedback.matched}{" "}
        matched exactly, {feedback.missed} missed, {feedback.extra} extra.
      </p>
      <table className="grid">
        <thead>
          <tr>
            <th>Label</th>
            <th>Matched</th>
            <th>Missed</th>
            <th>Extra</th>
          </tr>
        </thead>
        <tbody>
          {feedback.perLabel.map((r) => (
            <tr key={r.label}>
              <td>{labelName[r.label] ?? r.label}</td>
              <td>{r.matched}</td>
              <td>{r.missed}</td>
              <td>{r.extra}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
