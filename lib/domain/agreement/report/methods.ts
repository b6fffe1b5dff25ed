/**
 * The methods paragraph of a reliability report: what was measured, how, and the numbers, in prose ready
 * to paste into a paper. Figures that are undefined are left out of the sentences rather than printed as 0.
 */
import type { ReliabilityReportInput, ReportFigure } from "./types";

const f3 = (v: number) => v.toFixed(3);

function withInterval(f: ReportFigure, level: number | null): string {
  if (f.value === null) return "";
  const ci =
    f.low !== null && f.high !== null && level !== null
      ? ` (${Math.round(level * 100)}% CI ${f3(f.low)} to ${f3(f.high)})`
      : "";
  return `${f3(f.value)}${ci}`;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;

export function methodsParagraph(r: ReliabilityReportInput): string {
  const d = r.design;
  const level = r.bootstrap?.level ?? null;
  const get = (name: string) => r.coefficients.find((c) => c.name === name);
  const out: string[] = [];
  out.push(
    `Inter-annotator agreement was assessed on ${plural(d.articlesCompared, "article")} annotated independently by two or more of ${plural(d.reviewers.length, "reviewer")} (${plural(d.articlesRated, "article")} annotated in all), who marked ${plural(d.spans, "span")} with ${plural(d.labels, "label")}.`,
  );
  const measures: string[] = [];
  const u = get("unitizingAlpha");
  if (u && u.value !== null)
    measures.push(
      `Krippendorff's unitizing alpha (Krippendorff 1995), pooled over labels, was ${withInterval(u, level)}`,
    );
  const t = get("tokenAlpha");
  if (t && t.value !== null) measures.push(`token-level Krippendorff's alpha (nominal) ${withInterval(t, level)}`);
  const c = get("characterAlpha");
  if (c && c.value !== null && !(t && t.value !== null))
    measures.push(`character-level Krippendorff's alpha (nominal) ${withInterval(c, level)}`);
  const o = get("overlapF1Micro");
  if (o && o.value !== null)
    measures.push(
      `pairwise span F1 with partial credit for overlap (Da San Martino et al. 2020) ${withInterval(o, level)}`,
    );
  const e = get("exactF1Micro");
  if (e && e.value !== null) measures.push(`and with exact boundaries ${withInterval(e, level)}`);
  if (measures.length) out.push(`${measures.join("; ")}.`);
  const defined = r.perLabel.filter((l) => l.unitizingAlpha.value !== null);
  if (defined.length >= 2) {
    const sorted = [...defined].sort((a, b) => a.unitizingAlpha.value! - b.unitizingAlpha.value!);
    const lo = sorted[0]!;
    const hi = sorted[sorted.length - 1]!;
    out.push(
      `Per label, unitizing alpha ranged from ${f3(lo.unitizingAlpha.value!)} (${lo.name}) to ${f3(hi.unitizingAlpha.value!)} (${hi.name}).`,
    );
  }
  if (r.bootstrap) {
    const qs = u?.q;
    out.push(
      `Confidence intervals are percentile bootstrap intervals (Efron & Tibshirani 1993) from ${plural(r.bootstrap.resamples, "resample")} of the articles (seed ${r.bootstrap.seed})${qs !== null && qs !== undefined ? `; the probability that unitizing alpha falls below ${r.bootstrap.alphaMin} is q = ${f3(qs)} (Hayes & Krippendorff 2007)` : ""}.`,
    );
  }
  out.push(
    r.continuum === "concatenated"
      ? "For the corpus figure the articles were concatenated into one continuum, as DKPro Statistics does."
      : "For the corpus figure the articles form one continuum in which no gap crosses an article boundary.",
  );
  const q = r.questions.filter((x) => x.figures.some((f) => f.name === "krippendorffAlpha" && f.value !== null));
  if (q.length)
    out.push(
      `For the article-level questions, Krippendorff's alpha was ${q
        .map((x) => {
          const a = x.figures.find((f) => f.name === "krippendorffAlpha" && f.value !== null)!;
          return `${f3(a.value!)} ("${x.prompt}", ${x.level})`;
        })
        .join(", ")}.`,
    );
  const rounds = r.rounds.filter((x) => x.figures.some((f) => f.name === "unitizingAlpha" && f.value !== null));
  if (r.rounds.length > 1 && rounds.length)
    out.push(
      `By round, unitizing alpha was ${rounds
        .map(
          (x) =>
            `${f3(x.figures.find((f) => f.name === "unitizingAlpha")!.value!)} (${x.name}${x.training ? ", training" : ""})`,
        )
        .join(", ")}.`,
    );
  out.push(`Figures computed with Framewise on ${r.generatedAt.slice(0, 10)}.`);
  return out.join(" ");
}
