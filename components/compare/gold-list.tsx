import type { CompareData } from "@/lib/server/adjudication/get-compare-data";
import { ActionForm } from "./action-form";
import { AdjustGoldButton } from "./gold-drawing";
import { GoldEditForm } from "./gold-edit-form";
import { type AdjudicationActions, safeColour } from "./types";

/** The page's gold spans with their provenance; admins can edit or delete each span while the article is open. */
export function GoldList({ data, actions }: { data: CompareData; actions?: AdjudicationActions }) {
  const gold = data.gold;
  const labels = new Map(data.labels.map((l) => [l.id, l]));
  const names = new Map(data.raters.map((r) => [r.id, r.name]));
  // Provenance in the raters' order (account creation), not the stored id order.
  const rank = new Map(data.raters.map((r, i) => [r.id, i]));
  const inRaterOrder = (ids: string[]) =>
    [...ids].sort((a, b) => (rank.get(a) ?? Infinity) - (rank.get(b) ?? Infinity));
  if (gold.length === 0)
    return (
      <p className="muted" data-testid="gold-empty">
        {data.totals.gold ? "No gold spans on this page." : "No gold spans yet."}
      </p>
    );
  const editable = actions && data.canAdjudicate;
  return (
    <>
      {data.goldOnPage > gold.length && (
        <p className="muted cmp-small">
          The first {gold.length} of {data.goldOnPage} gold spans on this page.
        </p>
      )}
      <ul className="cmp-gold-list" data-testid="gold-list">
        {gold.map((g) => {
          const label = labels.get(g.labelId);
          return (
            <li key={g.id} id={`gold-${g.id}`} data-testid="gold-item">
              <div>
                <span className="swatch" style={{ background: safeColour(label?.colour) }} />
                <strong>{label?.name ?? "?"}</strong> <span className="cmp-quote">“{g.quote}”</span>{" "}
                <span className="muted">
                  [{g.start}, {g.end})
                </span>
                {g.editedAt && (
                  <span
                    className="badge cmp-edited-badge"
                    data-testid="gold-edited"
                    title={`Changed by hand on ${g.editedAt.toISOString().slice(0, 16).replace("T", " ")} UTC`}
                  >
                    edited by adjudicator
                  </span>
                )}
              </div>
              <div className="muted cmp-small" data-testid="gold-provenance">
                {g.sourceUserIds.length
                  ? `from ${inRaterOrder(g.sourceUserIds)
                      .map((id) => names.get(id) ?? "a former reviewer")
                      .join(
                        ", ",
                      )} (${g.sourceAnnotationIds.length} span${g.sourceAnnotationIds.length === 1 ? "" : "s"})`
                  : "drawn by the adjudicator"}
                {g.note && ` · ${g.note}`}
              </div>
              {editable && (
                <div className="cmp-actions">
                  <AdjustGoldButton goldId={g.id} />
                  <details data-testid="edit-gold">
                    <summary>Edit</summary>
                    <GoldEditForm
                      // Remounted when the span changes, so the form never holds the old boundaries.
                      key={`${g.start}:${g.end}:${g.labelId}:${g.note}`}
                      action={actions.editGold}
                      articleId={data.article.id}
                      gold={{ id: g.id, labelId: g.labelId, start: g.start, end: g.end, note: g.note }}
                      labels={data.labels}
                    />
                  </details>
                  <ActionForm action={actions.deleteGold} testId="delete-gold">
                    <input type="hidden" name="id" value={g.id} />
                    <input type="hidden" name="articleId" value={data.article.id} />
                    <button type="submit" className="danger">
                      Remove from gold
                    </button>
                  </ActionForm>
                </div>
              )}
            </li>
          );
        })}
      </ul>
    </>
  );
}
