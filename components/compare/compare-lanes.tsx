import type { CSSProperties } from "react";
import { type Piece, candidateKey, layoutRows, wrapRows } from "@/lib/domain/adjudication";
import { OffsetIndex } from "@/lib/domain/offsets";
import type { CompareCandidate, CompareData } from "@/lib/server/adjudication/get-compare-data";
import { STATUS_TEXT, safeColour } from "./types";

const GOLD = "\u0000gold";
const WIDTH = 90;

type Bar = { title: string; colour: string; className: string; href?: string; testId: string; unanimous?: boolean };

/**
 * The genome-browser view: the text in rows, and under each row one track per reviewer plus gold.
 * Each row is a CSS grid whose columns are the stretches between span boundaries, so bars line up
 * with their text exactly. Bars link to their candidate in the table below; the title says who
 * labelled what.
 */
export function CompareLanes({ data, raters, labelFilter, candidateAnchor }: { data: CompareData; raters: CompareData["raters"]; labelFilter: Set<string> | null; candidateAnchor: Map<string, string> }) {
  const index = new OffsetIndex(data.article.text);
  const labels = new Map(data.labels.map((l) => [l.id, l]));
  const names = new Map(data.raters.map((r) => [r.id, r.name]));
  const byKey = new Map<string, CompareCandidate>(data.candidates.map((c) => [c.key, c]));
  const shown = (labelId: string) => !labelFilter || labelFilter.has(labelId);

  const bars = new Map<string, Bar>();
  const spans: { id: string; track: string; start: number; end: number }[] = [];
  for (const s of data.spans) {
    if (!shown(s.labelId)) continue;
    const c = byKey.get(candidateKey(s.labelId, s.start, s.end));
    const label = labels.get(s.labelId);
    const agreement = c ? `${c.support} of ${c.of} reviewers (${STATUS_TEXT[c.status]})${c.decision === "open" ? "" : `, ${c.decision}`}` : "";
    bars.set(s.id, {
      title: `${names.get(s.raterId) ?? "?"}: ${label?.name ?? "?"} “${s.quote}” [${s.start}, ${s.end}) — ${agreement}`,
      colour: safeColour(label?.colour),
      className: `cmp-bar cmp-${c?.status ?? "minority"}${c?.decision === "accepted" ? " cmp-accepted" : c?.decision === "rejected" ? " cmp-rejected" : ""}`,
      href: c ? `#${candidateAnchor.get(c.key)}` : undefined,
      testId: "lane-span",
      unanimous: c?.status === "all",
    });
    spans.push({ id: s.id, track: s.raterId, start: s.start, end: s.end });
  }
  for (const g of data.gold) {
    if (!shown(g.labelId)) continue;
    const label = labels.get(g.labelId);
    const from = data.raters.filter((r) => g.sourceUserIds.includes(r.id)).map((r) => r.name).join(", ");
    bars.set(g.id, {
      title: `Gold: ${label?.name ?? "?"} “${g.quote}” [${g.start}, ${g.end})${from ? ` — from ${from}` : ""}`,
      colour: safeColour(label?.colour),
      className: "cmp-bar cmp-gold",
      href: `#gold-${g.id}`,
      testId: "lane-gold",
    });
    spans.push({ id: g.id, track: GOLD, start: g.start, end: g.end });
  }

  const tracks = [...raters.map((r) => r.id), GOLD];
  const reviewerTracks = new Set(raters.map((r) => r.id));
  const rows = layoutRows(wrapRows(data.article.text, WIDTH), tracks, spans);
  return (
    <div className="cmp-rows" data-testid="compare-lanes">
      {rows.map((row) => {
        const laneCount = row.tracks.reduce((n, t) => n + t.lanes.length, 0);
        const style = { gridTemplateColumns: `var(--cmp-name) repeat(${row.columns.length}, max-content)`, gridTemplateRows: `auto repeat(${laneCount}, var(--cmp-lane))` } as CSSProperties;
        let line = 2;
        return (
          <div key={row.start} className={`cmp-row${row.paragraph ? " cmp-paragraph" : ""}`} style={style}>
            {row.columns.map((col, i) => {
              // Agreement only where every reviewer marked this text and every span on it is unanimous.
              const covering = col.tracks.filter((t) => reviewerTracks.has(t));
              const unanimous = col.ids.every((id) => bars.get(id)?.unanimous !== false);
              const cls = covering.length === 0 ? "" : covering.length === reviewerTracks.size && unanimous ? " cmp-agree" : " cmp-differ";
              return (
                <span key={col.start} className={`cmp-cell${cls}`} style={{ gridRow: 1, gridColumn: i + 2 }} title={covering.length ? `marked by ${covering.map((t) => names.get(t)).join(", ")}` : undefined}>
                  {index.slice(col.start, col.end)}
                </span>
              );
            })}
            {row.tracks.map((t) => {
              const first = line;
              line += t.lanes.length;
              const isGold = t.track === GOLD;
              return [
                <span key={`n-${t.track}`} className={`cmp-track${isGold ? " cmp-track-gold" : ""}`} style={{ gridRow: `${first} / span ${t.lanes.length}`, gridColumn: 1 }} data-testid={isGold ? "track-gold" : "track"}>
                  {isGold ? "Gold" : names.get(t.track)}
                </span>,
                ...t.lanes.flatMap((lane, li) => lane.map((p) => <BarView key={`${t.track}-${p.id}`} piece={p} bar={bars.get(p.id)!} row={first + li} />)),
              ];
            })}
          </div>
        );
      })}
    </div>
  );
}

function BarView({ piece, bar, row }: { piece: Piece; bar: Bar; row: number }) {
  const style = { gridRow: row, gridColumn: `${piece.col + 2} / span ${piece.cols}`, "--c": bar.colour } as CSSProperties;
  const cls = `${bar.className}${piece.fromBefore ? " cmp-from-before" : ""}${piece.toAfter ? " cmp-to-after" : ""}`;
  return bar.href ? <a className={cls} style={style} title={bar.title} href={bar.href} data-testid={bar.testId} aria-label={bar.title} /> : <span className={cls} style={style} title={bar.title} data-testid={bar.testId} />;
}
