import type { Metadata } from "next";
import type { CoefficientResult } from "@/lib/domain/agreement/item";
import type { AlphaResult, F1Result, KappaResult, MacroF1 } from "@/lib/domain/agreement/spans";
import { computeProjectAgreement, type ProjectAgreement } from "@/lib/server/agreement/compute-project-agreement";
import { comparedSpans, projectSpanCount } from "@/lib/server/agreement/agreement-download";
import { pageError, pageStaff } from "@/lib/server/page-guards";
import { AutoRefresh } from "./_components/auto-refresh";
import { ChartLabel, CountsLine, Reading } from "./_components/explain";

export const metadata: Metadata = { title: "Agreement · Admin" };

export const dynamic = "force-dynamic";

type Figure = { value: number | null; reason?: string };
const ofAlpha = (r: AlphaResult | KappaResult): Figure => ({ value: r.value, reason: r.undefinedReason });
const ofF1 = (r: F1Result | MacroF1): Figure => ({ value: r.f1, reason: r.undefinedReason });
const ofItem = (r: CoefficientResult | undefined): Figure =>
  r ? { value: r.value, reason: r.undefinedReason } : { value: null, reason: "Not applicable." };

function Value({ f, testId }: { f: Figure; testId?: string }) {
  if (f.value === null) {
    return (
      <span className="muted" title={f.reason} data-testid={testId}>
        undefined<span className="fw-agree-reason"> — {f.reason}</span>
      </span>
    );
  }
  return <span data-testid={testId}>{f.value.toFixed(3)}</span>;
}

const WORST_SHOWN = 50;
/** Past this, a recomputation in progress shows the previous figures, marked as such, and the page refreshes itself. */
const MAX_WAIT_MS = 1500;

export default async function AgreementPage({
  params,
  searchParams,
}: {
  params: Promise<{ projectId: string }>;
  searchParams: Promise<{ metric?: string; all?: string }>;
}) {
  const actor = await pageStaff();
  const [{ projectId }, query] = await Promise.all([params, searchParams]);
  const metric = query.metric === "exact" ? "exact" : "overlap";
  const r = await computeProjectAgreement(actor, projectId, { maxWaitMs: MAX_WAIT_MS }).catch(pageError);
  const c = r.corpus;
  const labelName = (id: string) => r.labels[id]?.name ?? id;
  const raterName = (id: string) => r.raters[id]?.name ?? id;
  const frame = r.primaryFrame.coefficients;
  const find = (cs: readonly CoefficientResult[], name: CoefficientResult["name"], level?: string) =>
    cs.find((x) => x.name === name && (level === undefined || x.level === level));

  const corpusRows: {
    name: string;
    f: Figure;
    units: string;
    raters: number;
    id: string;
    kind: "chance-corrected" | "f1";
    unitWord: string;
    method: string;
  }[] = [
    {
      id: "unitizing-alpha",
      kind: "chance-corrected",
      unitWord: "marked stretches",
      method: "unitizing-alpha",
      name: "Unitizing alpha (u-alpha, pooled over labels)",
      f: ofAlpha(c.unitizingAlpha),
      units: `${c.units} units over ${c.characters} code points`,
      raters: c.unitizingAlpha.raters,
    },
    {
      id: "token-alpha",
      kind: "chance-corrected",
      unitWord: "tokens",
      method: "token-alpha",
      name: "Token-level Krippendorff's alpha (label sets)",
      f: ofAlpha(c.token.alpha),
      units: `${c.token.alpha.units} tokens`,
      raters: c.token.alpha.raters,
    },
    {
      id: "token-kappa",
      kind: "chance-corrected",
      unitWord: "tokens",
      method: "token-kappa",
      name: "Token-level Fleiss' kappa",
      f: ofAlpha(c.token.kappa),
      units: `${c.token.kappa.units} tokens`,
      raters: c.token.kappa.raters,
    },
    {
      id: "character-alpha",
      kind: "chance-corrected",
      unitWord: "characters",
      method: "character-alpha",
      name: "Character-level Krippendorff's alpha",
      f: ofAlpha(c.character.alpha),
      units: `${c.character.alpha.units} code points`,
      raters: c.character.alpha.raters,
    },
    {
      id: "character-kappa",
      kind: "chance-corrected",
      unitWord: "characters",
      method: "character-kappa",
      name: "Character-level Fleiss' kappa",
      f: ofAlpha(c.character.kappa),
      units: `${c.character.kappa.units} code points`,
      raters: c.character.kappa.raters,
    },
    {
      id: "exact-f1-micro",
      kind: "f1",
      unitWord: "spans",
      method: "exact-f1-micro",
      name: "Span F1, exact match (micro)",
      f: ofF1(c.exactF1.micro),
      units: `${c.spans} spans`,
      raters: c.raters,
    },
    {
      id: "exact-f1-macro",
      kind: "f1",
      unitWord: "spans",
      method: "exact-f1-micro",
      name: "Span F1, exact match (macro over labels)",
      f: ofF1(c.exactF1.macro),
      units: `${c.exactF1.macro.labels} labels`,
      raters: c.raters,
    },
    {
      id: "overlap-f1-micro",
      kind: "f1",
      unitWord: "spans",
      method: "overlap-f1-micro",
      name: "Span F1, overlap with partial credit (micro)",
      f: ofF1(c.overlapF1.micro),
      units: `${c.spans} spans`,
      raters: c.raters,
    },
    {
      id: "overlap-f1-macro",
      kind: "f1",
      unitWord: "spans",
      method: "overlap-f1-micro",
      name: "Span F1, overlap with partial credit (macro)",
      f: ofF1(c.overlapF1.macro),
      units: `${c.overlapF1.macro.labels} labels`,
      raters: c.raters,
    },
    {
      id: "primary-frame-alpha",
      kind: "chance-corrected",
      unitWord: "articles' primary frames",
      method: "primary-frame-alpha",
      name: "Primary frame per article, Krippendorff's alpha (nominal)",
      f: ofItem(find(frame, "krippendorffAlpha", "nominal")),
      units: `${r.primaryFrame.items} articles`,
      raters: r.primaryFrame.raters,
    },
    {
      id: "primary-frame-ac1",
      kind: "chance-corrected",
      unitWord: "articles' primary frames",
      method: "primary-frame-alpha",
      name: "Primary frame per article, Gwet's AC1",
      f: ofItem(find(frame, "gwetAC1")),
      units: `${r.primaryFrame.items} articles`,
      raters: r.primaryFrame.raters,
    },
  ];

  const worst = query.all ? r.documents : r.documents.slice(0, WORST_SHOWN);
  return (
    <section data-testid="agreement-dashboard">
      <p className="muted">
        <a href={`/admin/projects/${r.project.id}`}>← {r.project.name}</a>
      </p>
      <h1>Agreement</h1>
      <p>
        <a href={`/api/projects/${r.project.id}/agreement?format=html`} download data-testid="agreement-report">
          Download the reliability report (HTML, prints to PDF)
        </a>
      </p>
      <CountsLine
        compared={comparedSpans(r)}
        articlesCompared={r.corpus.documentsCompared}
        articles={r.project.articles}
        withRaters={r.articlesWithRaters}
        projectSpans={await projectSpanCount(r.project.id)}
        raters={c.raters}
      />
      <p className="muted" data-testid="agreement-meta">
        Revision {r.revision} · computed {r.computedAt.slice(0, 19).replace("T", " ")} UTC in {Math.round(r.computeMs)}{" "}
        ms
        {r.cached ? " (cached)" : ""} · <a href="/admin/agreement/methods">how these are measured</a> · download{" "}
        <a href={`/api/projects/${r.project.id}/agreement?format=csv`} download data-testid="download-csv">
          CSV
        </a>{" "}
        ·{" "}
        <a href={`/api/projects/${r.project.id}/agreement?format=json`} download data-testid="download-json">
          JSON
        </a>
      </p>
      <StudyDesignNote design={r.design} />
      {r.rounds.length > 1 && <RoundsTable rounds={r.rounds} />}
      {r.stale && (
        <p className="fw-locked" role="status" data-testid="agreement-stale">
          Annotations changed: these are the figures of revision {r.revision}; revision {r.stale.currentRevision} is
          being computed and this page updates itself in a moment.
          <AutoRefresh afterMs={2000} />
        </p>
      )}
      <p className="muted fw-agree-note">
        A rater of an article is anyone with a span on it, or who marked it done (a rater who found nothing). Figures
        update with every change to annotations, statuses and answers. Undefined figures say why (one rater, no
        variation, …); they are never shown as 0 or 1.
      </p>

      <h2>Corpus</h2>
      <table className="grid" data-testid="corpus-figures">
        <thead>
          <tr>
            <th>Measure</th>
            <th>Value</th>
            <th>Units</th>
            <th>Raters</th>
            <th>Reading</th>
          </tr>
        </thead>
        <tbody>
          {corpusRows.map((row) => (
            <tr key={row.id}>
              <td>
                {row.name}{" "}
                <a
                  href={`/admin/agreement/methods#${row.method}`}
                  className="muted"
                  aria-label={`How ${row.name} is measured`}
                >
                  (method)
                </a>
              </td>
              <td>
                <Value f={row.f} testId={`corpus-${row.id}`} />
              </td>
              <td>{row.units}</td>
              <td>{row.raters}</td>
              <td>
                <Reading kind={row.kind} value={row.f.value} unit={row.unitWord} testId={`reading-${row.id}`} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {!c.raterSetsAgree && c.documentsCompared > 0 && (
        <p className="muted">
          Rater sets differ between articles, so corpus u-alpha and Fleiss' kappa are undefined; per-label and
          per-article figures still apply.
        </p>
      )}

      <h2>Per label</h2>
      <LabelChart r={r} />
      <table className="grid" data-testid="label-figures">
        <thead>
          <tr>
            <th>Label</th>
            <th>Spans</th>
            <th>Units</th>
            <th>u-alpha</th>
            <th>Token alpha</th>
            <th>Exact F1</th>
            <th>Overlap F1</th>
          </tr>
        </thead>
        <tbody>
          {r.perLabel.map((l) => (
            <tr key={l.label} data-testid="label-row" data-label={labelName(l.label)}>
              <td>
                <span className="swatch" style={{ background: r.labels[l.label]?.colour }} />
                {labelName(l.label)}
              </td>
              <td>{l.spans}</td>
              <td>{l.units}</td>
              <td>
                <Value f={ofAlpha(l.unitizingAlpha)} />
              </td>
              <td>
                <Value f={ofAlpha(l.token.alpha)} />
              </td>
              <td>
                <Value f={ofF1(l.exactF1)} />
              </td>
              <td>
                <Value f={ofF1(l.overlapF1)} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>Reviewer × reviewer</h2>
      <p>
        Pairwise span F1 (micro over labels, all shared articles):{" "}
        {metric === "overlap" ? <strong>overlap</strong> : <a href="?metric=overlap">overlap</a>} ·{" "}
        {metric === "exact" ? <strong>exact</strong> : <a href="?metric=exact">exact</a>}
      </p>
      <Heatmap r={r} metric={metric} raterName={raterName} />

      <h2>Articles by disagreement</h2>
      <p className="muted">
        Worst first: disagreement = 1 − mean pairwise overlap F1 on the article (pairs where neither marked anything
        left out), ties by lower u-alpha.
      </p>
      <table className="grid" data-testid="worst-articles">
        <thead>
          <tr>
            <th>#</th>
            <th>Article</th>
            <th>Raters</th>
            <th>Spans</th>
            <th>Disagreement</th>
            <th>Overlap F1</th>
            <th>Exact F1</th>
            <th>u-alpha</th>
          </tr>
        </thead>
        <tbody>
          {worst.map((d, i) => (
            <tr key={d.articleId} data-testid="worst-article" data-article-id={d.articleId}>
              <td>{i + 1}</td>
              <td>
                <a href={`/admin/articles/${d.articleId}/compare`}>{r.articleTitles[d.articleId] ?? d.articleId}</a>
              </td>
              <td>{d.raters}</td>
              <td>{d.spans}</td>
              <td>
                <Value f={{ value: d.disagreement, reason: "No pair of raters has a span to compare." }} />
              </td>
              <td>
                <Value f={{ value: d.meanOverlapF1, reason: "No pair of raters has a span to compare." }} />
              </td>
              <td>
                <Value f={{ value: d.meanExactF1, reason: "No pair of raters has a span to compare." }} />
              </td>
              <td>
                <Value f={ofAlpha(d.unitizingAlpha)} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {!query.all && r.documents.length > WORST_SHOWN && (
        <p>
          <a href={`?metric=${metric}&all=1`}>Show all {r.documents.length} articles</a>
        </p>
      )}

      <h2>Article-level questions</h2>
      {r.questions.length === 0 ? (
        <p className="muted">No questions defined. Add them on the project page.</p>
      ) : (
        <table className="grid" data-testid="question-figures">
          <thead>
            <tr>
              <th>Question</th>
              <th>Level</th>
              <th>Answers</th>
              <th>Articles</th>
              <th>Raters</th>
              <th>Percent agreement</th>
              <th>Krippendorff&apos;s alpha</th>
              <th>Fleiss&apos; kappa</th>
              <th>Cohen&apos;s kappa</th>
              <th>Gwet&apos;s AC</th>
            </tr>
          </thead>
          <tbody>
            {r.questions.map((q) => (
              <tr key={q.questionId} className={q.archived ? "muted" : undefined} data-testid="question-row">
                <td>
                  {q.prompt}
                  {q.archived && " (archived)"}
                </td>
                <td>{q.level}</td>
                <td>{q.answers}</td>
                <td>{q.report.items}</td>
                <td>{q.report.raters}</td>
                <td>
                  <Value f={ofItem(find(q.report.coefficients, "percentAgreement"))} />
                </td>
                <td>
                  <Value f={ofItem(find(q.report.coefficients, "krippendorffAlpha", q.level))} />
                </td>
                <td>
                  <Value f={ofItem(find(q.report.coefficients, "fleissKappa"))} />
                </td>
                <td>
                  {q.report.raters === 2 ? (
                    <Value f={ofItem(find(q.report.coefficients, "cohenKappa"))} />
                  ) : (
                    <span className="muted">two raters only</span>
                  )}
                </td>
                <td>
                  <Value
                    f={ofItem(find(q.report.coefficients, q.level === "nominal" ? "gwetAC1" : "gwetAC2", q.level))}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {r.questions.some((q) => q.mace) && (
        <>
          <h3>Reviewer competence (MACE)</h3>
          <p className="muted">
            Categorical questions: the estimated probability that a reviewer&apos;s answer reflects the true value
            rather than a guess (MACE, Hovy et al. 2013). Low competence points at who needs calibration.
          </p>
          <table className="grid" data-testid="question-mace">
            <thead>
              <tr>
                <th>Question</th>
                <th>Reviewer</th>
                <th>Competence</th>
                <th>Answers</th>
              </tr>
            </thead>
            <tbody>
              {r.questions.flatMap((q) =>
                !q.mace
                  ? []
                  : q.mace.competence === null
                    ? [
                        <tr key={q.questionId}>
                          <td>{q.prompt}</td>
                          <td colSpan={3} className="muted">
                            {q.mace.undefinedReason}
                          </td>
                        </tr>,
                      ]
                    : [...q.mace.competence]
                        .sort((a, b) => a.competence - b.competence)
                        .map((c) => (
                          <tr key={`${q.questionId}:${c.rater}`} data-testid="mace-row">
                            <td>{q.prompt}</td>
                            <td>{r.raters[c.rater]?.name ?? c.rater}</td>
                            <td>{c.competence.toFixed(3)}</td>
                            <td>{c.ratings}</td>
                          </tr>
                        )),
              )}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

/** Grouped horizontal bars per label: u-alpha, token alpha and overlap F1; undefined values are left out and marked. */
function LabelChart({ r }: { r: ProjectAgreement }) {
  const series = [
    { key: "u-alpha", colour: "#2b59c3", pick: (l: ProjectAgreement["perLabel"][number]) => l.unitizingAlpha.value },
    { key: "token alpha", colour: "#6a9f3a", pick: (l: ProjectAgreement["perLabel"][number]) => l.token.alpha.value },
    { key: "overlap F1", colour: "#d9822b", pick: (l: ProjectAgreement["perLabel"][number]) => l.overlapF1.f1 },
  ];
  if (r.perLabel.length === 0) return <p className="muted">No spans yet.</p>;
  const values = r.perLabel.flatMap((l) => series.map((s) => s.pick(l))).filter((v): v is number => v !== null);
  const lo = Math.min(0, ...values);
  const nameWidth = 190;
  const plot = 420;
  const bar = 7;
  // Two lines of a wrapped label name fit beside the bars.
  const rowH = Math.max(series.length * bar + 8, 28);
  const height = r.perLabel.length * rowH + 34;
  const x = (v: number) => nameWidth + ((v - lo) / (1 - lo)) * plot;
  return (
    <svg
      role="img"
      aria-label="Agreement per label"
      width={nameWidth + plot + 20}
      height={height}
      className="fw-agree-chart"
      data-testid="label-chart"
    >
      {[lo, 0, 0.5, 1]
        .filter((t, i, a) => a.indexOf(t) === i)
        .map((t) => (
          <g key={t}>
            <line x1={x(t)} x2={x(t)} y1={0} y2={height - 28} stroke={t === 0 ? "#999" : "#ddd"} />
            <text x={x(t)} y={height - 16} fontSize="10" textAnchor="middle">
              {t.toFixed(1)}
            </text>
          </g>
        ))}
      {r.perLabel.map((l, i) => (
        <g key={l.label} transform={`translate(0 ${i * rowH + 4})`}>
          <ChartLabel name={r.labels[l.label]?.name ?? l.label} x={nameWidth - 6} y={rowH / 2} />
          {series.map((s, k) => {
            const v = s.pick(l);
            if (v === null)
              return (
                <text key={s.key} x={x(0) + 3} y={k * bar + bar - 1} fontSize="8" fill="#999">
                  undefined
                </text>
              );
            const a = x(Math.min(0, v));
            return (
              <rect
                key={s.key}
                x={a}
                y={k * bar}
                width={Math.max(1, Math.abs(x(v) - x(0)))}
                height={bar - 1}
                fill={s.colour}
              >
                <title>{`${s.key}: ${v.toFixed(3)}`}</title>
              </rect>
            );
          })}
        </g>
      ))}
      {series.map((s, k) => (
        <g key={s.key} transform={`translate(${nameWidth + k * 110} ${height - 8})`}>
          <rect width={9} height={9} y={-8} fill={s.colour} />
          <text x={13} fontSize="10">
            {s.key}
          </text>
        </g>
      ))}
    </svg>
  );
}

function Heatmap({
  r,
  metric,
  raterName,
}: {
  r: ProjectAgreement;
  metric: "overlap" | "exact";
  raterName: (id: string) => string;
}) {
  const raters = [...new Set(r.perPair.flatMap((p) => [p.raterA, p.raterB]))].sort((a, b) =>
    raterName(a).localeCompare(raterName(b)),
  );
  if (raters.length < 2) return <p className="muted">Fewer than two reviewers share an article.</p>;
  const cell = new Map<string, { f1: F1Result; documents: number }>();
  for (const p of r.perPair) {
    const f1 = metric === "exact" ? p.exactF1.micro : p.overlapF1.micro;
    cell.set(`${p.raterA}\u0000${p.raterB}`, { f1, documents: p.documents });
    cell.set(`${p.raterB}\u0000${p.raterA}`, { f1, documents: p.documents });
  }
  // White (0) to the accent blue (1).
  const shade = (v: number) => `color-mix(in srgb, #2b59c3 ${Math.round(Math.max(0, Math.min(1, v)) * 85)}%, #fff)`;
  return (
    <table className="fw-agree-heatmap" data-testid="heatmap" data-metric={metric}>
      <thead>
        <tr>
          <th />
          {raters.map((b) => (
            <th key={b} scope="col">
              {raterName(b)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {raters.map((a) => (
          <tr key={a}>
            <th scope="row">{raterName(a)}</th>
            {raters.map((b) => {
              if (a === b)
                return (
                  <td key={b} className="muted">
                    —
                  </td>
                );
              const v = cell.get(`${a}\u0000${b}`);
              if (!v)
                return (
                  <td key={b} className="muted" title="No shared article">
                    ·
                  </td>
                );
              const f = v.f1.f1;
              return (
                <td
                  key={b}
                  data-testid={`pair-${raterName(a)}-${raterName(b)}`}
                  style={{
                    background: f === null ? undefined : shade(f),
                    color: f !== null && f > 0.6 ? "#fff" : undefined,
                  }}
                  title={`${raterName(a)} × ${raterName(b)}: ${v.documents} shared articles${f === null ? `; ${v.f1.undefinedReason}` : ""}`}
                >
                  {f === null ? "n/a" : f.toFixed(2)}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The design the figures follow: k, how many articles reached k done annotators, and a warning below it. */
function StudyDesignNote({ design }: { design: ProjectAgreement["design"] }) {
  if (design.mode === "everyone" || design.k === null) return null;
  const short = design.assigned - design.reachedK;
  return (
    <p className={short > 0 ? "fw-locked" : "muted"} data-testid="agreement-design">
      Design: {design.mode} assignment, {design.k} annotators per article. {design.reachedK} of {design.assigned}{" "}
      assigned articles have {design.k} annotators done
      {short > 0
        ? `; ${design.belowK} rest on fewer than ${design.k} (figures there compare fewer raters than designed), ${short - design.belowK} have none done yet.`
        : "."}
    </p>
  );
}

const fmtAlpha = (v: number | null) => (v === null ? "undefined" : v.toFixed(3));

/** Per-round figures side by side, with the codebook version each round started under. */
function RoundsTable({ rounds }: { rounds: ProjectAgreement["rounds"] }) {
  return (
    <>
      <h2>By round</h2>
      <table className="grid" data-testid="agreement-rounds">
        <thead>
          <tr>
            <th>Round</th>
            <th>Codebook</th>
            <th>Articles (compared)</th>
            <th>Raters</th>
            <th>Spans</th>
            <th>Unitizing α</th>
            <th>Overlap F1</th>
            <th>Exact F1</th>
          </tr>
        </thead>
        <tbody>
          {rounds.map((round) => (
            <tr key={round.id}>
              <td>
                {round.name}
                {round.training ? " (training)" : ""}
              </td>
              <td>v{round.codebookVersion}</td>
              <td>
                {round.articles} ({round.corpus.documentsCompared})
              </td>
              <td>{round.corpus.raters}</td>
              <td>{round.corpus.spans}</td>
              <td>{fmtAlpha(round.corpus.unitizingAlpha.value)}</td>
              <td>{fmtAlpha(round.corpus.overlapF1.micro.f1)}</td>
              <td>{fmtAlpha(round.corpus.exactF1.micro.f1)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
