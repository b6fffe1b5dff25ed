import { BAND_TEXT, bandOf, fitLabel, type MeasureKind, readingOf } from "@/lib/domain/agreement/readings";

const n = (v: number) => v.toLocaleString("en");
const plural = (v: number, one: string, many = `${one}s`) => `${n(v)} ${v === 1 ? one : many}`;

/** One plain sentence per coefficient, with Krippendorff's bands as context for the alpha-type ones. */
export function Reading({
  kind,
  value,
  unit,
  testId,
}: {
  kind: MeasureKind;
  value: number | null;
  unit: string;
  testId?: string;
}) {
  const band = kind === "chance-corrected" ? bandOf(value) : null;
  return (
    <span className="fw-agree-reading" data-testid={testId}>
      {readingOf(kind, value, unit)}
      {band && (
        <span className="muted" data-band={band}>
          {" "}
          Context: {BAND_TEXT[band]} (<a href="/admin/agreement/methods#bands">bands</a>).
        </span>
      )}
    </span>
  );
}

/** "27 spans on 3 compared articles of 1,560 spans in the project": what the figures are computed from. */
export function CountsLine({
  compared,
  articlesCompared,
  articles,
  withRaters,
  projectSpans,
  raters,
}: {
  compared: number;
  articlesCompared: number;
  articles: number;
  withRaters: number;
  projectSpans: number;
  raters: number;
}) {
  return (
    <p data-testid="agreement-counts">
      {plural(compared, "span")} on {plural(articlesCompared, "compared article")} of {plural(projectSpans, "span")} in
      the project, by {plural(raters, "reviewer")}.{" "}
      <span className="muted">
        An article is compared when two or more reviewers rated it: {n(articlesCompared)} of{" "}
        {plural(articles, "article")} ({n(withRaters)} with at least one reviewer).
      </span>
    </p>
  );
}

/**
 * A label's name beside its bars: wrapped onto two lines, abbreviated with "…" when longer, and then
 * shown whole on hover and on keyboard focus.
 */
export function ChartLabel({ name, x, y }: { name: string; x: number; y: number }) {
  const { lines, abbreviated } = fitLabel(name, 28, 2);
  const top = y - ((lines.length - 1) * 12) / 2;
  return (
    <g
      className={abbreviated ? "fw-chart-label fw-chart-abbreviated" : "fw-chart-label"}
      tabIndex={abbreviated ? 0 : undefined}
      aria-label={abbreviated ? name : undefined}
      data-testid="chart-label"
      data-full={name}
    >
      <title>{name}</title>
      <text x={x} y={top} fontSize="11" textAnchor="end" dominantBaseline="middle">
        {lines.map((l, i) => (
          <tspan key={l} x={x} dy={i === 0 ? 0 : 12}>
            {l}
          </tspan>
        ))}
      </text>
      {abbreviated && (
        <g className="fw-chart-full" aria-hidden>
          <rect x={x + 8} y={y - 9} width={Array.from(name).length * 6.4 + 10} height={18} rx={3} />
          <text x={x + 13} y={y} fontSize="11" dominantBaseline="middle">
            {name}
          </text>
        </g>
      )}
    </g>
  );
}
