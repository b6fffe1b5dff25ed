import { ActionForm } from "@/components/compare/action-form";
import type { RoundSummary } from "@/lib/server/rounds/manage-rounds";
import { createRoundAction, moveRoundAction, setQualificationAction, updateGuidelinesAction } from "../actions";

const pct = (v: number | null) => (v === null ? "—" : v.toFixed(2));

/** Rounds with their codebook versions; gated training rounds list who qualified (managers can override). */
export function RoundsSection({
  projectId,
  rounds,
  guidelines,
  manage,
}: {
  projectId: string;
  rounds: RoundSummary[];
  guidelines: string;
  manage: boolean;
}) {
  return (
    <>
      <h2>Rounds and codebook</h2>
      <table className="grid" data-testid="rounds-table">
        <thead>
          <tr>
            <th>Round</th>
            <th>Kind</th>
            <th>Codebook</th>
            <th>Articles</th>
            <th>Assignments</th>
            {manage && <th>Order</th>}
          </tr>
        </thead>
        <tbody>
          {rounds.map((r, i) => (
            <tr key={r.id} data-testid="round-row">
              <td>{r.name}</td>
              <td>
                {r.training ? `training${r.qualifyF1 === null ? "" : `, qualifies at F1 ≥ ${r.qualifyF1}`}` : "main"}
              </td>
              <td>v{r.codebookVersion}</td>
              <td>{r.articles}</td>
              <td>{r.assignments}</td>
              {manage && (
                <td>
                  {(["up", "down"] as const)
                    .filter((d) => (d === "up" ? i > 0 : i < rounds.length - 1))
                    .map((d) => (
                      <ActionForm key={d} action={moveRoundAction}>
                        <input type="hidden" name="projectId" value={projectId} />
                        <input type="hidden" name="roundId" value={r.id} />
                        <input type="hidden" name="direction" value={d} />
                        <button type="submit" aria-label={`Move ${r.name} ${d === "up" ? "earlier" : "later"}`}>
                          {d === "up" ? "↑" : "↓"}
                        </button>
                      </ActionForm>
                    ))}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {rounds
        .filter((r) => r.qualifications)
        .map((r) => (
          <div key={r.id}>
            <h3>Qualification: {r.name}</h3>
            <table className="grid" data-testid="qualification-table">
              <thead>
                <tr>
                  <th>Annotator</th>
                  <th>Training articles done</th>
                  <th>F1 against gold</th>
                  <th>Standing</th>
                  {manage && <th>Decide</th>}
                </tr>
              </thead>
              <tbody>
                {r.qualifications!.map((q) => (
                  <tr key={q.userId} data-testid="qualification-row">
                    <td>{q.name}</td>
                    <td>{q.articles}</td>
                    <td>{pct(q.f1)}</td>
                    <td data-testid="qualification-standing">
                      {q.qualified ? "qualified" : "held back"}
                      {q.override === null ? "" : " (manager's decision)"}
                    </td>
                    {manage && (
                      <td>
                        <ActionForm action={setQualificationAction}>
                          <input type="hidden" name="projectId" value={projectId} />
                          <input type="hidden" name="roundId" value={r.id} />
                          <input type="hidden" name="userId" value={q.userId} />
                          <select
                            name="decision"
                            defaultValue={q.override === null ? "auto" : q.override ? "qualified" : "held"}
                            aria-label={`Qualification of ${q.name}`}
                          >
                            <option value="auto">by F1</option>
                            <option value="qualified">let through</option>
                            <option value="held">hold back</option>
                          </select>
                          <button type="submit">Set</button>
                        </ActionForm>
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
      {manage && (
        <>
          <ActionForm action={createRoundAction} className="stack" testId="create-round-form">
            <input type="hidden" name="projectId" value={projectId} />
            <label className="field">
              New round
              <input name="name" required maxLength={80} placeholder="Calibration 1" />
            </label>
            <label>
              <input type="checkbox" name="training" /> Training round (annotators see their spans against gold when
              done)
            </label>
            <label className="field">
              Qualifies for the next rounds at F1 ≥ (0–1, training rounds; empty: no gate)
              <input name="qualifyF1" inputMode="decimal" />
            </label>
            <button type="submit">Add round</button>
          </ActionForm>
          <ActionForm action={updateGuidelinesAction} className="stack" testId="guidelines-form">
            <input type="hidden" name="projectId" value={projectId} />
            <label className="field">
              Guidelines (a change starts a new codebook version)
              <textarea name="guidelines" rows={6} defaultValue={guidelines} />
            </label>
            <button type="submit">Save guidelines</button>
          </ActionForm>
        </>
      )}
    </>
  );
}
