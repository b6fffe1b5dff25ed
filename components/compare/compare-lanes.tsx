import type { CSSProperties } from "react";
import type { CompareBar, CompareData, CompareRow } from "@/lib/server/adjudication/get-compare-data";
import { BarPopover } from "./bar-popover";
import { STATUS_TEXT, safeColour } from "./types";

type Labels = Map<string, { name: string; colour: string }>;

/**
 * The genome-browser view of one page of the text: each row is a paragraph (long ones split) that
 * wraps like text; every stretch between span boundaries is a small grid of its text over the row's
 * lanes, so bars stay under their text at any width. Only tracks with something in a row get lanes.
 * A span has one title, test id and button per page (its first piece); click, Enter or focus shows its details.
 */
export function CompareLanes({ data }: { data: CompareData }) {
  const labels: Labels = new Map(data.labels.map((l) => [l.id, { name: l.name, colour: l.colour }]));
  const titled = new Set<string>();
  const labelNames = Object.fromEntries(data.labels.map((l) => [l.id, l.name]));
  return (
    <BarPopover bars={data.bars} labelNames={labelNames}>
      <div className="cmp-rows" data-testid="compare-lanes">
        {data.rows.length === 0 && <p className="muted">The article has no text.</p>}
        {data.rows.map((row) => (
          <RowView key={row.start} row={row} bars={data.bars} labels={labels} titled={titled} />
        ))}
      </div>
    </BarPopover>
  );
}

function RowView({
  row,
  bars,
  labels,
  titled,
}: {
  row: CompareRow;
  bars: CompareData["bars"];
  labels: Labels;
  titled: Set<string>;
}) {
  // Lanes of the row, track after track; cells[c] lists the bar pieces in column c.
  const cells = row.columns.map(
    () => [] as { lane: number; id: string; first: boolean; last: boolean; fromBefore: boolean; toAfter: boolean }[],
  );
  let lane = 0;
  const names = row.tracks.map((t) => {
    const first = lane;
    for (const pieces of t.lanes) {
      for (const p of pieces) {
        for (let c = p.col; c < p.col + p.cols; c++)
          cells[c]!.push({
            lane,
            id: p.id,
            first: c === p.col,
            last: c === p.col + p.cols - 1,
            fromBefore: p.fromBefore,
            toAfter: p.toAfter,
          });
      }
      lane++;
    }
    return { ...t, first, count: t.lanes.length };
  });
  const style = { "--lanes": lane } as CSSProperties;
  return (
    <div className={`cmp-row${row.paragraph ? " cmp-paragraph" : ""}`} style={style} data-testid="compare-row">
      <div className="cmp-names">
        <span className="cmp-cell">&nbsp;</span>
        {names.map((t) => (
          <span
            key={t.track}
            className={`cmp-track${t.gold ? " cmp-track-gold" : ""}`}
            style={{ gridRow: `${t.first + 2} / span ${t.count}` }}
            data-testid={t.gold ? "track-gold" : "track"}
          >
            {t.name}
            {t.hidden > 0 && (
              <span
                className="cmp-hidden"
                data-testid="track-hidden"
                title={`${t.hidden} more overlapping spans here are not drawn; filter by label to see them`}
              >
                {" "}
                +{t.hidden}
              </span>
            )}
          </span>
        ))}
      </div>
      <div className="cmp-flow" data-u={row.u} data-ue={row.ue}>
        {row.columns.map((col, c) => (
          <span key={col.start} className="cmp-col" data-u={col.u} data-ue={row.columns[c + 1]?.u ?? row.ue}>
            <span className={`cmp-cell${col.shade ? ` cmp-${col.shade}` : ""}`} data-u={col.u}>
              {col.text}
            </span>
            {cells[c]!.map((cell) => {
              const bar = bars[cell.id]!;
              const lead = !titled.has(cell.id);
              if (lead) titled.add(cell.id);
              return (
                <BarPiece
                  key={cell.id}
                  bar={bar}
                  lane={cell.lane}
                  lead={lead}
                  open={!cell.first || cell.fromBefore}
                  more={!cell.last || cell.toAfter}
                  labels={labels}
                />
              );
            })}
          </span>
        ))}
      </div>
    </div>
  );
}

function barDescription(bar: CompareBar, labels: Labels): string {
  const label = labels.get(bar.labelId)?.name ?? "?";
  if (bar.gold)
    return `Gold: ${label} “${bar.quote}” [${bar.start}, ${bar.end}) — ${bar.who.replace(/^gold, /, "")}${bar.edited ? ", edited by the adjudicator" : ""}`;
  const decided = bar.decision === "accepted" ? ", in gold" : bar.decision === "rejected" ? ", not gold" : "";
  const agreement = bar.status ? ` — ${bar.support} of ${bar.of} reviewers (${STATUS_TEXT[bar.status]})${decided}` : "";
  const late = bar.late ? " — made or changed after the comparison was open to them" : "";
  return `${bar.who}: ${label} “${bar.quote}” [${bar.start}, ${bar.end})${agreement}${late}`;
}

function BarPiece({
  bar,
  lane,
  lead,
  open,
  more,
  labels,
}: {
  bar: CompareBar;
  lane: number;
  lead: boolean;
  open: boolean;
  more: boolean;
  labels: Labels;
}) {
  const status = bar.gold
    ? "cmp-gold"
    : `cmp-${bar.status ?? "minority"}${bar.decision === "accepted" ? " cmp-accepted" : bar.decision === "rejected" ? " cmp-rejected" : ""}`;
  const marks = `${bar.late ? " cmp-late" : ""}${bar.edited ? " cmp-edited" : ""}`;
  const cls = `cmp-bar ${status}${marks}${open ? " cmp-from-before" : ""}${more ? " cmp-to-after" : ""}`;
  const style = { gridRow: lane + 2, "--c": safeColour(labels.get(bar.labelId)?.colour) } as CSSProperties;
  const testId = bar.gold ? "lane-gold" : "lane-span";
  if (!lead) return <span className={cls} style={style} data-bar={bar.id} aria-hidden />;
  const text = barDescription(bar, labels);
  return (
    <button
      type="button"
      className={cls}
      style={style}
      data-bar={bar.id}
      data-testid={testId}
      data-late={bar.late ? "" : undefined}
      data-edited={bar.edited ? "" : undefined}
      title={text}
      aria-label={text}
    />
  );
}
