import type { Metadata } from "next";
import { BAND_TEXT, KRIPPENDORFF_BANDS } from "@/lib/domain/agreement/readings";
import { pageStaff } from "@/lib/server/page-guards";

export const metadata: Metadata = { title: "How agreement is measured · Admin" };

type Method = { id: string; name: string; measures: string; unit: string; undefinedWhen: string };

const METHODS: Method[] = [
  {
    id: "unitizing-alpha",
    name: "Unitizing alpha (u-alpha)",
    measures:
      "Whether reviewers mark the same stretches of text with the same label, boundaries included, corrected for the agreement chance alone would give (Krippendorff's αu). 1: identical marking; 0: no better than chance; below 0: systematic disagreement.",
    unit: "Stretches of the continuum: marked spans (merged per reviewer and label) and the gaps between them, measured in code points.",
    undefinedWhen:
      "Fewer than two reviewers on an article, no span at all, or no variation (everyone marked nothing); corpus-wide also when the articles have different sets of reviewers.",
  },
  {
    id: "token-alpha",
    name: "Token-level Krippendorff's alpha",
    measures:
      "For every word token, whether reviewers gave it the same set of labels, corrected for chance (nominal alpha over label sets).",
    unit: "Word tokens of the compared articles.",
    undefinedWhen: "Fewer than two reviewers per token, or every token got the same label set from everyone.",
  },
  {
    id: "token-kappa",
    name: "Token-level Fleiss' kappa",
    measures: "The same token decisions as token alpha, with Fleiss' chance correction (a fixed number of raters).",
    unit: "Word tokens.",
    undefinedWhen: "Reviewer counts differ between tokens, fewer than two reviewers, or no variation.",
  },
  {
    id: "character-alpha",
    name: "Character-level Krippendorff's alpha",
    measures: "As token alpha, character by character: boundary differences inside words count.",
    unit: "Code points of the compared articles.",
    undefinedWhen: "As token alpha.",
  },
  {
    id: "character-kappa",
    name: "Character-level Fleiss' kappa",
    measures: "As token kappa, per code point.",
    unit: "Code points.",
    undefinedWhen: "As token kappa.",
  },
  {
    id: "exact-f1-micro",
    name: "Span F1, exact match",
    measures:
      "For each pair of reviewers, the share of spans the other also marked with the same label and exactly the same boundaries (F1 = 2·matches / (spans of A + spans of B)), pooled over pairs (micro) or averaged over labels (macro). Not chance-corrected.",
    unit: "Spans.",
    undefinedWhen: "No pair of reviewers has a span on a shared article.",
  },
  {
    id: "overlap-f1-micro",
    name: "Span F1, overlap with partial credit",
    measures:
      "As exact F1, but overlapping spans of the same label earn partial credit in proportion to their overlap.",
    unit: "Spans.",
    undefinedWhen: "As exact F1.",
  },
  {
    id: "primary-frame-alpha",
    name: "Primary frame per article: alpha and Gwet's AC1",
    measures:
      "Each reviewer's dominant framing label of an article (most code points), compared across reviewers as a nominal rating; AC1 is less affected when one frame dominates.",
    unit: "Articles.",
    undefinedWhen: "Fewer than two reviewers with a frame on an article, or (alpha) no variation.",
  },
  {
    id: "questions",
    name: "Article-level questions",
    measures:
      "Answers to each question compared as ratings: percent agreement (not chance-corrected), Krippendorff's alpha (nominal or ordinal), Fleiss' and Cohen's kappa, Gwet's AC1/AC2.",
    unit: "Articles with answers from two or more reviewers.",
    undefinedWhen: "Fewer than two answers per article, or no variation; Cohen's kappa needs exactly two reviewers.",
  },
];

export default async function AgreementMethodsPage() {
  await pageStaff();
  return (
    <article className="fw-prose" data-testid="agreement-methods">
      <h1>How agreement is measured</h1>
      <p>
        A reviewer of an article is anyone with a span on it, or who marked it done having found nothing to mark. Only
        articles with two or more reviewers are compared. A figure that cannot be computed is shown as undefined with
        the reason, never as 0 or 1.
      </p>
      <h2 id="bands">Interpretation bands</h2>
      <p data-testid="bands">
        For alpha-type coefficients Krippendorff (2004, <em>Content Analysis</em>, 2nd ed., p. 241) suggests relying on
        data with α ≥ {KRIPPENDORFF_BANDS.reliable.toFixed(3).slice(1)} and drawing only tentative conclusions from α ≥{" "}
        {KRIPPENDORFF_BANDS.tentative.toFixed(3).slice(1)}. They are conventions, shown as context, not verdicts: what
        is good enough depends on what the data is used for. F1 is not chance-corrected and has no such bands.
      </p>
      <ul>
        <li>{BAND_TEXT.reliable}</li>
        <li>{BAND_TEXT.tentative}</li>
        <li>{BAND_TEXT.low}</li>
      </ul>
      {METHODS.map((m) => (
        <section key={m.id} id={m.id} data-testid="method">
          <h2>{m.name}</h2>
          <p>
            <strong>What it measures.</strong> {m.measures}
          </p>
          <p>
            <strong>Unit.</strong> {m.unit}
          </p>
          <p>
            <strong>Undefined when.</strong> {m.undefinedWhen}
          </p>
        </section>
      ))}
    </article>
  );
}
