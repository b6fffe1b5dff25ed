import "./compare.css";
import { majorityOf } from "@/lib/domain/adjudication";
import type { TCompareFilters } from "@/lib/schemas/adjudication";
import type { CompareData } from "@/lib/server/adjudication/get-compare-data";
import { ActionForm } from "./action-form";
import { CandidateTable } from "./candidate-table";
import { CompareLanes } from "./compare-lanes";
import { GoldList } from "./gold-list";
import { type AdjudicationActions, safeColour } from "./types";

/**
 * The compare view of one article, shared by the admin's page (with `actions`) and the reviewers'
 * read-only page (without). Filters are a plain GET form: they change what is shown, never the
 * candidates' k of n, which always counts every reviewer.
 */
export function CompareView({ data, filters, path, actions }: { data: CompareData; filters: TCompareFilters; path: string; actions?: AdjudicationActions }) {
  const labelFilter = filters.labels.length ? new Set(filters.labels) : null;
  const raterFilter = filters.raters.length ? new Set(filters.raters) : null;
  const raters = raterFilter ? data.raters.filter((r) => raterFilter.has(r.id)) : data.raters;
  const candidates = data.candidates.filter((c) => (!labelFilter || labelFilter.has(c.label)) && (!raterFilter || c.raters.some((r) => raterFilter.has(r))));
  const gold = data.gold.filter((g) => !labelFilter || labelFilter.has(g.labelId));
  const anchors = new Map(data.candidates.map((c, i) => [c.key, `candidate-${i}`]));
  const usedLabels = new Set([...data.spans.map((s) => s.labelId), ...data.gold.map((g) => g.labelId)]);
  const n = data.raters.length;
  const open = data.candidates.filter((c) => c.decision === "open").length;
  const ids = { articleId: data.article.id, projectId: data.project.id };

  return (
    <div className="cmp">
      <p className="cmp-status" data-testid="adjudication-status" data-adjudicated={data.article.adjudicatedAt ? "" : undefined}>
        {data.article.adjudicatedAt ? (
          <span className="badge done">Adjudicated{data.article.adjudicatedBy ? ` by ${data.article.adjudicatedBy}` : ""} on {data.article.adjudicatedAt.toISOString().slice(0, 10)}</span>
        ) : (
          <span className="badge in_progress">Not adjudicated</span>
        )}{" "}
        <span className="muted">
          {n} reviewer{n === 1 ? "" : "s"} · {data.candidates.length} candidate spans ({open} open) · {data.gold.length} gold
        </span>
      </p>

      {actions && (
        <div className="cmp-toolbar">
          <ActionForm action={actions.setAdjudicated} testId="set-adjudicated">
            <input type="hidden" name="articleId" value={ids.articleId} />
            <input type="hidden" name="projectId" value={ids.projectId} />
            <input type="hidden" name="adjudicated" value={String(!data.article.adjudicatedAt)} />
            <button>{data.article.adjudicatedAt ? "Reopen for adjudication" : "Mark adjudicated"}</button>
          </ActionForm>
          <ActionForm action={actions.setCompareSettings} testId="toggle-revealed">
            <input type="hidden" name="articleId" value={ids.articleId} />
            <input type="hidden" name="projectId" value={ids.projectId} />
            <input type="hidden" name="revealed" value={String(!data.project.revealed)} />
            <button title="Project-wide: reviewers of a revealed project may open this comparison, if allowed">{data.project.revealed ? "Hide comparison from reviewers" : "Reveal project to reviewers"}</button>
          </ActionForm>
          <ActionForm action={actions.setCompareSettings} testId="toggle-may-compare">
            <input type="hidden" name="articleId" value={ids.articleId} />
            <input type="hidden" name="projectId" value={ids.projectId} />
            <input type="hidden" name="reviewersMayCompare" value={String(!data.project.reviewersMayCompare)} />
            <button>{data.project.reviewersMayCompare ? "Forbid reviewers to compare" : "Allow reviewers to compare"}</button>
          </ActionForm>
          <span className="muted cmp-small">
            Reviewers see this page {data.project.reviewersMayCompare ? (data.project.revealed ? "now (project revealed)" : "once the article is adjudicated or the project revealed") : "never (not allowed)"}.
          </span>
        </div>
      )}

      <form method="get" action={path} className="cmp-filters" data-testid="compare-filters">
        <fieldset>
          <legend>Reviewers</legend>
          {data.raters.map((r) => (
            <label key={r.id}><input type="checkbox" name="rater" value={r.id} defaultChecked={!raterFilter || raterFilter.has(r.id)} /> {r.name} <span className="muted cmp-small">({r.status.replace("_", " ")})</span></label>
          ))}
        </fieldset>
        <fieldset>
          <legend>Labels</legend>
          {data.labels.filter((l) => usedLabels.has(l.id)).map((l) => (
            <label key={l.id}><input type="checkbox" name="label" value={l.id} defaultChecked={!labelFilter || labelFilter.has(l.id)} /> <span className="swatch" style={{ background: safeColour(l.colour) }} />{l.name}</label>
          ))}
        </fieldset>
        <button>Filter</button> <a href={path}>Show all</a>
      </form>

      <p className="cmp-legend muted cmp-small">
        <span className="cmp-key cmp-all" /> all agree <span className="cmp-key cmp-majority" /> majority <span className="cmp-key cmp-minority" /> minority{" "}
        <span className="cmp-key cmp-conflict" /> conflicting boundaries or label <span className="cmp-key cmp-gold" /> gold. Text: <span className="cmp-cell cmp-agree">all marked</span>{" "}
        <span className="cmp-cell cmp-differ">some marked</span>. Hover a bar for who labelled what; click it for its row below.
      </p>

      <CompareLanes data={data} raters={raters} labelFilter={labelFilter} candidateAnchor={anchors} />

      <h2>Candidates</h2>
      {actions && data.canAdjudicate && n > 0 && (
        <ActionForm action={actions.acceptMajority} className="cmp-inline cmp-majority-form" testId="accept-majority">
          <input type="hidden" name="articleId" value={ids.articleId} />
          <label>
            Accept every open candidate marked by at least <input name="minSupport" type="number" min={1} max={Math.max(1, n)} defaultValue={majorityOf(n)} aria-label="reviewers agreeing at least" /> of {n} reviewers
          </label>{" "}
          <button className="primary">Accept all</button>
        </ActionForm>
      )}
      <CandidateTable data={data} candidates={candidates} anchors={anchors} actions={actions} />

      <h2>Gold</h2>
      <GoldList data={data} gold={gold} actions={actions} />
    </div>
  );
}
