import { candidateKey } from "@/lib/domain/adjudication";
import type { CompareCandidate, CompareData } from "@/lib/server/adjudication/get-compare-data";
import { ActionForm } from "./action-form";
import { STATUS_TEXT, type AdjudicationActions, safeColour } from "./types";

const DECISION_TEXT = { accepted: "in gold", rejected: "rejected", open: "open" } as const;

/** One row per candidate: who marked it, how many agree, what was decided, and (admins) accept / reject. */
export function CandidateTable({ data, candidates, anchors, actions }: { data: CompareData; candidates: CompareCandidate[]; anchors: Map<string, string>; actions?: AdjudicationActions }) {
  const labels = new Map(data.labels.map((l) => [l.id, l]));
  const quoteOf = new Map(data.spans.map((s) => [candidateKey(s.labelId, s.start, s.end), s.quote]));
  if (candidates.length === 0) return <p className="muted">No reviewer spans match the filters.</p>;
  return (
    <table className="grid cmp-candidates" data-testid="candidates">
      <thead>
        <tr><th>Label</th><th>Text</th><th>Marked by</th><th>Agreement</th><th>Decision</th>{actions && <th>Actions</th>}</tr>
      </thead>
      <tbody>
        {candidates.map((c) => {
          const label = labels.get(c.label);
          return (
            <tr key={c.key} id={anchors.get(c.key)} data-testid="candidate" data-status={c.status} data-decision={c.decision}>
              <td><span className="swatch" style={{ background: safeColour(label?.colour) }} />{label?.name ?? "?"}</td>
              <td><span className="cmp-quote">“{quoteOf.get(c.key)}”</span> <span className="muted">[{c.start}, {c.end})</span></td>
              <td>{data.raters.filter((r) => c.raters.includes(r.id)).map((r) => r.name).join(", ")}</td>
              <td>
                <span className={`badge cmp-status-${c.status}`} data-testid="candidate-agreement">{c.support} of {c.of} · {STATUS_TEXT[c.status]}</span>
                {c.conflicts.length > 0 && <div className="muted cmp-small">{c.conflicts.some((x) => x.kind === "boundaries") ? "other boundaries marked" : "other label on the same text"}</div>}
              </td>
              <td><span className={`badge cmp-decision-${c.decision}`}>{DECISION_TEXT[c.decision]}</span></td>
              {actions && (
                <td>
                  {data.canAdjudicate && (
                    <div className="cmp-actions">
                      {c.decision !== "accepted" && (
                        <ActionForm action={actions.acceptCandidate} testId="accept-candidate">
                          <CandidateFields data={data} c={c} />
                          <button className="primary">Accept</button>
                        </ActionForm>
                      )}
                      {c.decision !== "rejected" && (
                        <ActionForm action={actions.rejectCandidate} testId="reject-candidate">
                          <CandidateFields data={data} c={c} />
                          <button>Reject</button>
                        </ActionForm>
                      )}
                    </div>
                  )}
                </td>
              )}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function CandidateFields({ data, c }: { data: CompareData; c: CompareCandidate }) {
  return (
    <>
      <input type="hidden" name="articleId" value={data.article.id} />
      <input type="hidden" name="labelId" value={c.label} />
      <input type="hidden" name="start" value={c.start} />
      <input type="hidden" name="end" value={c.end} />
    </>
  );
}
