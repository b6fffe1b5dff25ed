import type { CompareData } from "@/lib/server/adjudication/get-compare-data";
import { CandidateButtons } from "./candidate-buttons";
import { CandidateKeys } from "./candidate-keys";
import { STATUS_TEXT, type AdjudicationActions, safeColour } from "./types";

const DECISION_TEXT = { accepted: "in gold", rejected: "rejected", open: "open" } as const;
export const CANDIDATE_LIST_ID = "cmp-candidate-list";

/**
 * The candidates of the page beside the text: who marked each, how many agree, what was decided,
 * and (admins) accept / reject, also from the keyboard (e edits its gold span in the gold list). `more` links the next list page.
 */
export function CandidateList({
  data,
  actions,
  pageLink,
}: {
  data: CompareData;
  actions?: AdjudicationActions;
  pageLink: (from: number) => string;
}) {
  const labels = new Map(data.labels.map((l) => [l.id, l]));
  const names = new Map(data.raters.map((r) => [r.id, r.name]));
  const { from, total, open } = data.candidateList;
  const to = from + data.candidates.length;
  const editable = actions && data.canAdjudicate;
  return (
    <section className="cmp-side" aria-label="Candidates" data-testid="candidate-panel">
      <h2>Candidates</h2>
      <p className="cmp-small" data-testid="open-count">
        <strong>{open}</strong> open of {total} on this page · {data.totals.open} open of {data.totals.candidates} in
        the article
      </p>
      {editable && <CandidateKeys listId={CANDIDATE_LIST_ID} />}
      {total === 0 && <p className="muted">No reviewer spans on this page match the filters.</p>}
      {total > data.candidates.length && (
        <p className="cmp-small" data-testid="candidate-range">
          {from + 1}–{to} of {total}
          {from > 0 && (
            <>
              {" "}
              · <a href={pageLink(Math.max(0, from - data.candidates.length))}>previous</a>
            </>
          )}
          {to < total && (
            <>
              {" "}
              ·{" "}
              <a href={pageLink(to)} data-testid="candidates-next">
                next
              </a>
            </>
          )}
        </p>
      )}
      <ol className="cmp-candidates" id={CANDIDATE_LIST_ID} data-testid="candidates">
        {data.candidates.map((c) => {
          const label = labels.get(c.label);
          return (
            <li
              key={c.key}
              id={c.anchor}
              tabIndex={-1}
              data-key={c.key}
              data-gold={c.goldId ?? undefined}
              data-testid="candidate"
              data-status={c.status}
              data-decision={c.decision}
            >
              <div>
                <span className="swatch" style={{ background: safeColour(label?.colour) }} />
                <strong>{label?.name ?? "?"}</strong> <span className="cmp-quote">“{c.quote}”</span>{" "}
                <span className="muted cmp-small">
                  [{c.start}, {c.end})
                </span>
              </div>
              <div className="cmp-small">
                {c.raters.map((r) => names.get(r) ?? "a former reviewer").join(", ")}{" "}
                <span className={`badge cmp-status-${c.status}`} data-testid="candidate-agreement">
                  {c.support} of {c.of} · {STATUS_TEXT[c.status]}
                </span>{" "}
                <span className={`badge cmp-decision-${c.decision}`}>{DECISION_TEXT[c.decision]}</span>
                {c.conflicts.length > 0 && (
                  <span className="muted">
                    {" "}
                    ·{" "}
                    {c.conflicts.some((x) => x.kind === "boundaries")
                      ? "other boundaries marked"
                      : "other label on the same text"}
                  </span>
                )}
              </div>
              {editable && (
                <div className="cmp-actions">
                  <CandidateButtons
                    candidate={{ articleId: data.article.id, labelId: c.label, start: c.start, end: c.end }}
                    decision={c.decision}
                    accept={actions.acceptCandidate}
                    reject={actions.rejectCandidate}
                  />
                  {c.goldId && <a href={`#gold-${c.goldId}`}>gold span</a>}
                </div>
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
