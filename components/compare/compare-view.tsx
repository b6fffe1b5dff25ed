import "./compare.css";
import { majorityOf } from "@/lib/domain/adjudication";
import type { TCompareFilters } from "@/lib/schemas/adjudication";
import type { CompareData } from "@/lib/server/adjudication/get-compare-data";
import { ActionForm } from "./action-form";
import { CandidateList } from "./candidate-list";
import { CompareLanes } from "./compare-lanes";
import { ConfirmButton } from "./confirm-button";
import { GoldDrawing } from "./gold-drawing";
import { GoldList } from "./gold-list";
import { ArticleTextProvider } from "./text-context";
import { type AdjudicationActions, safeColour } from "./types";

/** The page's URL with the filters kept and `changes` applied (page 1 and offset 0 are left out). */
function linkTo(path: string, filters: TCompareFilters, changes: { page?: number; from?: number }): string {
  const q = new URLSearchParams();
  for (const r of filters.raters) q.append("rater", r);
  for (const l of filters.labels) q.append("label", l);
  const page = changes.page ?? filters.page;
  const from = changes.from ?? 0;
  if (page > 1) q.set("page", String(page));
  if (from > 0) q.set("from", String(from));
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

/**
 * The compare view of one article, shared by the admin's page (with `actions`) and the reviewers'
 * read-only page (without). Filters are a plain GET form and pages are links: they change what is
 * shown, never the candidates' k of n, which always counts every reviewer.
 */
export function CompareView({
  data,
  filters,
  path,
  actions,
}: {
  data: CompareData;
  filters: TCompareFilters;
  path: string;
  actions?: AdjudicationActions;
}) {
  const raterFilter = filters.raters.length ? new Set(filters.raters) : null;
  const labelFilter = filters.labels.length ? new Set(filters.labels) : null;
  const n = data.raters.length;
  const { open } = data.totals;
  const ids = { articleId: data.article.id, projectId: data.project.id };
  const { page, pages } = data.view;
  const current = { ...filters, page };

  const textAndGold = (
    <>
      <CompareLanes data={data} />
      <h2>Gold</h2>
      <GoldList data={data} actions={actions} />
    </>
  );
  const view = (
    <div className="cmp">
      <p
        className="cmp-status"
        data-testid="adjudication-status"
        data-adjudicated={data.article.adjudicatedAt ? "" : undefined}
      >
        {data.article.adjudicatedAt ? (
          <span className="badge done">
            Adjudicated{data.article.adjudicatedBy ? ` by ${data.article.adjudicatedBy}` : ""} on{" "}
            {data.article.adjudicatedAt.toISOString().slice(0, 10)}
          </span>
        ) : (
          <span className="badge in_progress">Not adjudicated</span>
        )}{" "}
        <span className="muted">
          {n} reviewer{n === 1 ? "" : "s"} · {data.totals.candidates} candidate spans ({open} open) · {data.totals.gold}{" "}
          gold
        </span>
      </p>
      {data.late > 0 && (
        <p className="notice" data-testid="late-spans">
          {data.late} reviewer span{data.late === 1 ? " was" : "s were"} made or changed after the comparison was open
          to
          {data.late === 1 ? " its reviewer" : " their reviewers"} (since{" "}
          {data.article.comparisonOpenedAt?.toISOString().slice(0, 16).replace("T", " ")} UTC); they are marked{" "}
          <span className="cmp-key cmp-late-key" /> and may have been copied.
        </p>
      )}
      {n === 1 && (
        <p className="notice" data-testid="single-reviewer">
          Only one reviewer has worked on this article, so nothing can be compared yet: every span is theirs alone.
        </p>
      )}
      {n === 0 && (
        <p className="notice" data-testid="no-reviewers">
          No reviewer has worked on this article yet.
        </p>
      )}

      {actions && (
        <div className="cmp-toolbar">
          <ActionForm action={actions.setAdjudicated} testId="set-adjudicated">
            <input type="hidden" name="articleId" value={ids.articleId} />
            <input type="hidden" name="projectId" value={ids.projectId} />
            <input type="hidden" name="adjudicated" value={String(!data.article.adjudicatedAt)} />
            <ConfirmButton
              confirm={
                !data.article.adjudicatedAt && open > 0
                  ? `${open} candidate${open === 1 ? " is" : "s are"} still open. Mark the article adjudicated anyway?`
                  : undefined
              }
            >
              {data.article.adjudicatedAt ? "Reopen for adjudication" : "Mark adjudicated"}
            </ConfirmButton>
          </ActionForm>
          <ActionForm action={actions.setCompareSettings} testId="toggle-revealed">
            <input type="hidden" name="articleId" value={ids.articleId} />
            <input type="hidden" name="projectId" value={ids.projectId} />
            <input type="hidden" name="revealed" value={String(!data.project.revealed)} />
            <button
              type="submit"
              title="Project-wide: reviewers of a revealed project may open this comparison, if allowed"
            >
              {data.project.revealed ? "Hide comparison from reviewers" : "Reveal project to reviewers"}
            </button>
          </ActionForm>
          <ActionForm action={actions.setCompareSettings} testId="toggle-may-compare">
            <input type="hidden" name="articleId" value={ids.articleId} />
            <input type="hidden" name="projectId" value={ids.projectId} />
            <input type="hidden" name="reviewersMayCompare" value={String(!data.project.reviewersMayCompare)} />
            <button type="submit">
              {data.project.reviewersMayCompare ? "Forbid reviewers to compare" : "Allow reviewers to compare"}
            </button>
          </ActionForm>
          <span className="muted cmp-small">
            Reviewers see this page{" "}
            {data.project.reviewersMayCompare
              ? data.project.revealed
                ? "now (project revealed)"
                : "once the article is adjudicated or the project revealed"
              : "never (not allowed)"}
            ; from then on their spans on the article are frozen.
          </span>
        </div>
      )}

      <form method="get" action={path} className="cmp-filters" data-testid="compare-filters">
        <fieldset>
          <legend>Reviewers</legend>
          {data.raters.map((r) => (
            <label key={r.id}>
              <input type="checkbox" name="rater" value={r.id} defaultChecked={!raterFilter || raterFilter.has(r.id)} />{" "}
              {r.name} <span className="muted cmp-small">({r.status.replace("_", " ")})</span>
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>Labels</legend>
          {data.labels.map((l) => (
            <label key={l.id}>
              <input type="checkbox" name="label" value={l.id} defaultChecked={!labelFilter || labelFilter.has(l.id)} />{" "}
              <span className="swatch" style={{ background: safeColour(l.colour) }} />
              {l.name}
            </label>
          ))}
        </fieldset>
        <button type="submit">Filter</button> <a href={path}>Show all</a>
      </form>

      {actions && data.canAdjudicate && n > 0 && (
        <ActionForm action={actions.acceptMajority} className="cmp-inline cmp-majority-form" testId="accept-majority">
          <input type="hidden" name="articleId" value={ids.articleId} />
          <label>
            Accept every open candidate in the article marked by at least{" "}
            <input
              name="minSupport"
              type="number"
              min={1}
              max={Math.max(1, n)}
              defaultValue={majorityOf(n)}
              aria-label="reviewers agreeing at least"
            />{" "}
            of {n} reviewer{n === 1 ? "" : "s"}
          </label>{" "}
          <ConfirmButton
            className="primary"
            confirm={
              n === 1
                ? `Only one reviewer worked on this article: accept all ${open} open span${open === 1 ? "" : "s"} of theirs into gold without a second opinion?`
                : undefined
            }
          >
            Accept all
          </ConfirmButton>
        </ActionForm>
      )}

      <p className="cmp-legend muted cmp-small">
        <span className="cmp-key cmp-all" /> all agree <span className="cmp-key cmp-majority" /> majority{" "}
        <span className="cmp-key cmp-minority" /> minority <span className="cmp-key cmp-conflict" /> conflicting
        boundaries or label <span className="cmp-key cmp-gold" /> gold. Text:{" "}
        <span className="cmp-cell cmp-agree">all marked</span> <span className="cmp-cell cmp-differ">some marked</span>.
        Click or focus a bar for its details.
        {data.view.tracksShown < data.view.tracksTotal &&
          ` Showing ${data.view.tracksShown} of ${data.view.tracksTotal} reviewers; choose others with the filter.`}
      </p>

      <Pager path={path} filters={current} page={page} pages={pages} range={data.view} />
      <div className="cmp-main">
        {actions && data.canAdjudicate ? (
          <GoldDrawing
            articleId={data.article.id}
            labels={data.labels}
            gold={data.gold.map((g) => ({ id: g.id, labelId: g.labelId, start: g.start, end: g.end }))}
            drawAction={actions.drawGold}
            editAction={actions.editGold}
          >
            {textAndGold}
          </GoldDrawing>
        ) : (
          <div>{textAndGold}</div>
        )}
        <CandidateList data={data} actions={actions} pageLink={(from) => linkTo(path, current, { from })} />
      </div>
      <Pager path={path} filters={current} page={page} pages={pages} range={data.view} />
    </div>
  );
  // Always the same root, so the first gold span (which brings the text along) does not remount the view.
  return <ArticleTextProvider text={data.editText ?? ""}>{view}</ArticleTextProvider>;
}

function Pager({
  path,
  filters,
  page,
  pages,
  range,
}: {
  path: string;
  filters: TCompareFilters;
  page: number;
  pages: number;
  range: { start: number; end: number };
}) {
  if (pages <= 1) return null;
  return (
    <nav className="cmp-pager" aria-label="Pages of the text" data-testid="compare-pager">
      {page > 1 ? (
        <a href={linkTo(path, filters, { page: page - 1 })} rel="prev">
          ← previous
        </a>
      ) : (
        <span className="muted">← previous</span>
      )}
      <span data-testid="compare-page">
        Page {page} of {pages}{" "}
        <span className="muted cmp-small">
          (code points {range.start}–{range.end})
        </span>
      </span>
      {page < pages ? (
        <a href={linkTo(path, filters, { page: page + 1 })} rel="next" data-testid="compare-next">
          next →
        </a>
      ) : (
        <span className="muted">next →</span>
      )}
    </nav>
  );
}
