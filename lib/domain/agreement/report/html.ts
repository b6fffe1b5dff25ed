/**
 * A self-contained HTML reliability report: one file, no scripts, no external resources; charts are
 * inline SVG and a print style sheet lets it print to PDF cleanly. Every text that comes from the data
 * (project, reviewer and label names, question prompts, reasons) is escaped; colours are used only when
 * they are plain hex colours. Pure: the same input gives the same bytes.
 */
import { methodsParagraph } from "./methods";
import type { ReliabilityReportInput, ReportFigure, ReportLabel, ReportRound } from "./types";

/** Escapes text for element content and quoted attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const HEX = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;

export function fmt(v: number | null, digits = 3): string {
  if (v === null || !Number.isFinite(v)) return "—";
  return v.toFixed(digits);
}

const interval = (f: ReportFigure) => (f.low === null || f.high === null ? "—" : `[${fmt(f.low)}, ${fmt(f.high)}]`);

function figureRow(f: ReportFigure): string {
  return `<tr><td>${escapeHtml(f.label)}</td><td class="num">${fmt(f.value)}</td><td class="num">${interval(f)}</td><td class="num">${f.q === null ? "—" : fmt(f.q)}</td><td class="num">${f.n === null || f.value === null ? "—" : `${f.n.toLocaleString("en-US")} ${escapeHtml(f.nKind ?? "")}`}</td><td class="note">${escapeHtml(f.note ?? "")}</td></tr>`;
}

function figureTable(figures: readonly ReportFigure[]): string {
  return `<table><thead><tr><th>coefficient</th><th>value</th><th>interval</th><th title="share of resamples below the minimum acceptable alpha">q</th><th>n</th><th>note</th></tr></thead><tbody>${figures.map(figureRow).join("")}</tbody></table>`;
}

/** The x scale shared by every interval bar of a table: [lo, 1] with lo <= 0 in steps of 0.25. */
function scaleLow(figures: readonly ReportFigure[]): number {
  let lo = 0;
  for (const f of figures) for (const v of [f.value, f.low]) if (v !== null && v < lo) lo = v;
  return Math.max(-1, Math.floor(lo * 4) / 4);
}

/** An interval bar: the interval as a band, the value as a dot, 0.667 and 0.8 as dashed guides. */
export function intervalBar(f: ReportFigure, lo: number, width = 240, height = 18): string {
  const x = (v: number) => ((Math.min(1, Math.max(lo, v)) - lo) / (1 - lo)) * (width - 8) + 4;
  const guides = [0, 0.667, 0.8]
    .filter((g) => g >= lo)
    .map(
      (g) =>
        `<line x1="${x(g).toFixed(1)}" x2="${x(g).toFixed(1)}" y1="1" y2="${height - 1}" class="${g === 0 ? "zero" : "guide"}"/>`,
    )
    .join("");
  const band =
    f.low !== null && f.high !== null
      ? `<rect x="${x(f.low).toFixed(1)}" y="${height / 2 - 4}" width="${Math.max(1, x(f.high) - x(f.low)).toFixed(1)}" height="8" class="band"/>`
      : "";
  const dot = f.value !== null ? `<circle cx="${x(f.value).toFixed(1)}" cy="${height / 2}" r="3.5" class="dot"/>` : "";
  const title = `${f.label}: ${fmt(f.value)} ${interval(f)}`;
  return `<svg class="bar" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeHtml(title)}"><title>${escapeHtml(title)}</title>${guides}${band}${dot}</svg>`;
}

function labelTable(labels: readonly ReportLabel[]): string {
  if (labels.length === 0) return "<p>No labelled spans.</p>";
  const lo = scaleLow(labels.map((l) => l.unitizingAlpha));
  const rows = labels
    .map((l) => {
      const colour = l.colour && HEX.test(l.colour) ? l.colour : "#888888";
      return `<tr><td><span class="swatch" style="background:${colour}"></span>${escapeHtml(l.name)}</td><td class="num">${l.spans.toLocaleString("en-US")}</td><td class="num">${fmt(l.unitizingAlpha.value)}</td><td class="num">${interval(l.unitizingAlpha)}</td><td>${intervalBar(l.unitizingAlpha, lo)}</td><td class="num">${fmt(l.tokenAlpha.value)}</td><td class="num">${fmt(l.overlapF1.value)}</td></tr>`;
    })
    .join("");
  return `<table><thead><tr><th>label</th><th>spans</th><th>unitizing alpha</th><th>interval</th><th>alpha from ${fmt(lo, 2)} to 1 (guides at 0, 0.667, 0.8)</th><th>token alpha</th><th>overlap F1</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/** Label x label heatmap: each cell's shade is its share of the row's overlap (so rows read as "label i is confused with j"). */
export function confusionHeatmap(labels: readonly string[], overlap: readonly (readonly number[])[]): string {
  const n = labels.length;
  if (n === 0) return "<p>No overlapping spans of different reviewers.</p>";
  const cell = n > 16 ? 18 : 34;
  const gutter = 150;
  const top = 120;
  const size = n * cell;
  const right = 110; // room for the last rotated column label
  const short = (s: string) => (s.length > 22 ? `${s.slice(0, 21)}…` : s);
  let out = `<svg class="heatmap" width="${gutter + size + right}" height="${top + size + 4}" viewBox="0 0 ${gutter + size + right} ${top + size + 4}" role="img" aria-label="Label confusion heatmap"><title>Overlap between labels of different reviewers (code points, row share)</title>`;
  for (let j = 0; j < n; j++) {
    const cx = gutter + j * cell + cell / 2;
    out += `<text x="${cx}" y="${top - 6}" transform="rotate(-60 ${cx} ${top - 6})" class="axis">${escapeHtml(short(labels[j]!))}</text>`;
  }
  for (let i = 0; i < n; i++) {
    const row = overlap[i] ?? [];
    const total = row.reduce((s, v) => s + v, 0);
    const y = top + i * cell;
    out += `<text x="${gutter - 6}" y="${y + cell / 2 + 4}" text-anchor="end" class="axis">${escapeHtml(short(labels[i]!))}</text>`;
    for (let j = 0; j < n; j++) {
      const v = row[j] ?? 0;
      const share = total > 0 ? v / total : 0;
      const title = `${labels[i]} × ${labels[j]}: ${v.toLocaleString("en-US")} code points (${(share * 100).toFixed(1)}% of the row)`;
      out += `<rect x="${gutter + j * cell}" y="${y}" width="${cell - 1}" height="${cell - 1}" fill="rgb(31,94,168)" fill-opacity="${(0.06 + 0.94 * share).toFixed(3)}" class="${i === j ? "diag" : ""}"><title>${escapeHtml(title)}</title></rect>`;
      if (cell >= 30 && v > 0)
        out += `<text x="${gutter + j * cell + cell / 2}" y="${y + cell / 2 + 4}" text-anchor="middle" class="${share > 0.5 ? "cell light" : "cell"}">${Math.round(share * 100)}</text>`;
    }
  }
  return `${out}</svg>`;
}

function roundsSection(rounds: readonly ReportRound[]): string {
  if (rounds.length === 0)
    return "<p>This project records no rounds; the figures above cover every annotation of the project.</p>";
  return rounds
    .map(
      (r) =>
        `<h3>${escapeHtml(r.name)}${r.training ? " (training)" : ""}</h3><p class="sub">${r.articles.toLocaleString("en-US")} articles, ${r.compared.toLocaleString("en-US")} compared, ${r.reviewers} reviewers${r.codebookVersion === null ? "" : `, codebook version ${r.codebookVersion}`}. Intervals are given for the project figures only.</p>${figureTable(r.figures)}`,
    )
    .join("");
}

const STYLE = `
:root{color-scheme:light;--ink:#1d2430;--muted:#5b6575;--rule:#d6dbe3;--accent:#1f5ea8}
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);max-width:1080px;margin:2rem auto;padding:0 1.5rem}
h1{font-size:1.6rem;margin:0 0 .25rem}h2{font-size:1.15rem;margin:2rem 0 .5rem;border-bottom:1px solid var(--rule);padding-bottom:.25rem}
h3{font-size:1rem;margin:1.25rem 0 .25rem}.sub{color:var(--muted);margin:0 0 1rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}th,td{padding:.3rem .5rem;border-bottom:1px solid var(--rule);text-align:left;vertical-align:middle}
th{font-weight:600;color:var(--muted);font-size:.85rem}.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.note{color:var(--muted);font-size:.85rem}.swatch{display:inline-block;width:.8em;height:.8em;border-radius:2px;margin-right:.4em;vertical-align:-1px}
.bar .band{fill:var(--accent);fill-opacity:.35}.bar .dot{fill:var(--accent)}.bar .guide{stroke:#9aa3b1;stroke-dasharray:2 2}.bar .zero{stroke:#c2c8d2}
.heatmap .axis{font-size:11px;fill:var(--ink)}.heatmap .cell{font-size:10px;fill:var(--ink)}.heatmap .cell.light{fill:#fff}.heatmap .diag{stroke:#1d2430;stroke-width:.5}
.methods{background:#f5f7fa;border-left:3px solid var(--accent);padding:.75rem 1rem}
dl.design{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}dl.design dt{color:var(--muted)}dl.design dd{margin:0}
@media print{body{margin:0;max-width:none;font-size:11px}h2{break-after:avoid}table,svg,.methods{break-inside:avoid}
tr{break-inside:avoid}*{-webkit-print-color-adjust:exact;print-color-adjust:exact}@page{margin:16mm}}
`;

/** The report as one HTML document. */
export function reliabilityReportHtml(r: ReliabilityReportInput): string {
  const d = r.design;
  const reviewers = d.reviewers
    .map(
      (x) =>
        `<tr><td>${escapeHtml(x.name)}</td><td class="num">${x.articles.toLocaleString("en-US")}</td><td class="num">${x.spans.toLocaleString("en-US")}</td></tr>`,
    )
    .join("");
  const pairs = r.pairs
    .map(
      (p) =>
        `<tr><td>${escapeHtml(p.a)}</td><td>${escapeHtml(p.b)}</td><td class="num">${p.documents}</td><td class="num">${fmt(p.exactF1.value)}</td><td class="num">${interval(p.exactF1)}</td><td class="num">${fmt(p.overlapF1.value)}</td><td class="num">${interval(p.overlapF1)}</td></tr>`,
    )
    .join("");
  const questions = r.questions
    .map(
      (q) =>
        `<h3>${escapeHtml(q.prompt)}</h3><p class="sub">${escapeHtml(q.level)} answers: ${q.answers.toLocaleString("en-US")}</p>${figureTable(q.figures)}`,
    )
    .join("");
  const typology = r.typology
    .map((t) => `<tr><td>${escapeHtml(t.kind)}</td><td class="num">${t.count.toLocaleString("en-US")}</td></tr>`)
    .join("");
  const boot = r.bootstrap
    ? `Intervals: ${Math.round(r.bootstrap.level * 100)}% percentile bootstrap over articles, ${r.bootstrap.resamples.toLocaleString("en-US")} resamples, seed ${r.bootstrap.seed}; q = share of resamples below alpha ${r.bootstrap.alphaMin}.`
    : "No intervals (bootstrap off).";
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(`Reliability report: ${r.title}`)}</title><style>${STYLE}</style></head>
<body>
<header><h1>Reliability report: ${escapeHtml(r.title)}</h1><p class="sub">Figures of ${escapeHtml(r.generatedAt)}. ${escapeHtml(boot)}</p></header>
<section><h2>Study design</h2><dl class="design">
<dt>Articles</dt><dd>${d.articles.toLocaleString("en-US")} in the project, ${d.articlesRated.toLocaleString("en-US")} rated, ${d.articlesCompared.toLocaleString("en-US")} rated by two or more reviewers (compared)</dd>
<dt>Reviewers</dt><dd>${d.reviewers.length}</dd>
<dt>Labels</dt><dd>${d.labels}</dd>
<dt>Spans</dt><dd>${d.spans.toLocaleString("en-US")} on compared articles${d.ignoredEmptySpans ? `, ${d.ignoredEmptySpans} empty spans ignored` : ""}</dd>
<dt>Text</dt><dd>${d.characters.toLocaleString("en-US")} code points${d.tokens === null ? "" : `, ${d.tokens.toLocaleString("en-US")} tokens`}</dd>
<dt>Assignment</dt><dd>${escapeHtml(d.assignment ?? "not recorded")}</dd>
<dt>Codebook</dt><dd>${escapeHtml(d.codebook ?? "not recorded")}</dd>
<dt>Corpus continuum</dt><dd>${r.continuum === "concatenated" ? "articles concatenated (gaps join across articles)" : "per article (gaps end at article boundaries)"}</dd>
</dl>
<table><thead><tr><th>reviewer</th><th>articles</th><th>spans</th></tr></thead><tbody>${reviewers}</tbody></table></section>
<section><h2>Coefficients</h2>${figureTable(r.coefficients)}</section>
<section><h2>Per label</h2>${labelTable(r.perLabel)}</section>
<section><h2>Reviewer pairs</h2>${r.pairs.length ? `<table><thead><tr><th>reviewer A</th><th>reviewer B</th><th>articles</th><th>exact F1</th><th>interval</th><th>overlap F1</th><th>interval</th></tr></thead><tbody>${pairs}</tbody></table>` : "<p>No two reviewers share an article.</p>"}</section>
<section><h2>Label confusion</h2><p class="sub">Overlap (code points) between spans of different reviewers, as a share of each row; the diagonal is agreement on the label.</p>${confusionHeatmap(r.confusion.labels, r.confusion.overlap)}
<h3>Disagreement kinds</h3><table><thead><tr><th>kind</th><th>spans</th></tr></thead><tbody>${typology}</tbody></table></section>
<section><h2>Questions</h2>${questions || "<p>No questions.</p>"}</section>
<section><h2>Per round</h2>${roundsSection(r.rounds)}</section>
<section><h2>Methods</h2><p class="methods">${escapeHtml(methodsParagraph(r))}</p></section>
</body></html>
`;
}
