import { describe, expect, it } from "vitest";
import { computeItemAgreement } from "../item";
import { agreementReport, type SpanReportJson } from "../records/report";
import type { Span } from "../spans/types";
import { reliabilityReportInput } from "./from-figures";
import { confusionHeatmap, escapeHtml, intervalBar, reliabilityReportHtml } from "./html";
import { methodsParagraph } from "./methods";

const EVIL = `<script>alert("x")</script>&'`;

// Three reviewers on four articles; label L2's name and a reviewer's name are hostile markup.
const spans: Span[] = [];
for (const d of ["a1", "a2", "a3", "a4"]) {
  for (const r of ["u1", "u2", "u3"]) {
    const shift = r === "u3" ? 2 : 0;
    spans.push({ document: d, rater: r, label: "L1", start: 0 + shift, end: 10 + shift });
    spans.push({ document: d, rater: r, label: r === "u2" && d === "a4" ? "L1" : "L2", start: 20, end: 30 });
  }
}
const lengths = new Map(["a1", "a2", "a3", "a4"].map((d) => [d, 40] as const));
const bootstrap = { resamples: 200, seed: 1, level: 0.95, alphaMin: 0.667 };
const json = agreementReport({ kind: "span", spans, texts: new Map(), lengths }, { bootstrap }) as SpanReportJson;
const question = computeItemAgreement([
  { item: "a1", rater: "u1", value: "yes" },
  { item: "a1", rater: "u2", value: "yes" },
  { item: "a2", rater: "u1", value: "no" },
  { item: "a2", rater: "u2", value: "yes" },
  { item: "a3", rater: "u1", value: "no" },
  { item: "a3", rater: "u2", value: "no" },
]);
const input = reliabilityReportInput(json, {
  title: `Study ${EVIL}`,
  generatedAt: "2026-12-02T01:00:00.000Z",
  articles: 5,
  codebook: null,
  bootstrap,
  reviewerNames: new Map([
    ["u1", "Ada"],
    ["u2", EVIL],
    ["u3", "Cy"],
  ]),
  labels: new Map([
    ["L1", { name: "Conflict", colour: "#cc3300" }],
    ["L2", { name: EVIL, colour: "red;background:url(http://x)" }],
  ]),
  reviewerSpans: new Map([
    ["u1", 8],
    ["u2", 8],
    ["u3", 8],
  ]),
  questions: [{ prompt: "Is it opinion?", level: "nominal", answers: 6, coefficients: question.coefficients }],
});

describe("reliability report HTML", () => {
  const html = reliabilityReportHtml(input);

  it("escapes every name and reason, and uses only hex colours", () => {
    expect(escapeHtml(EVIL)).toBe("&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62;&#38;&#39;");
    expect(html).not.toContain("<script");
    expect(html).toContain(escapeHtml(EVIL));
    expect(html).toContain("background:#cc3300");
    expect(html).not.toContain("url(");
  });

  it("is self-contained: no script, no external resource, a print style sheet", () => {
    expect(html).not.toMatch(/<script|<link|<img|src=|href=/i);
    expect(html).toContain("@media print");
    expect(html.startsWith("<!doctype html>")).toBe(true);
  });

  it("has the design, every coefficient with its interval, and one interval bar per label", () => {
    expect(html).toContain("4 rated by two or more reviewers");
    for (const c of json.coefficients) expect(html).toContain(escapeHtml(c.label));
    const u = json.coefficients.find((c) => c.name === "unitizingAlpha")!;
    expect(u.ci).not.toBeNull();
    expect(html).toContain(`[${u.ci!.low.toFixed(3)}, ${u.ci!.high.toFixed(3)}]`);
    expect(html.match(/<svg class="bar"/g)).toHaveLength(2);
    expect(html).toContain('class="heatmap"');
    expect(html).toContain("records no rounds");
  });

  it("has one table per round, its name escaped", () => {
    const withRound = reliabilityReportHtml({
      ...input,
      rounds: [
        {
          name: EVIL,
          training: true,
          codebookVersion: 2,
          articles: 4,
          compared: 3,
          reviewers: 3,
          figures: input.coefficients.slice(0, 1).map((f) => ({ ...f, low: null, high: null, q: null })),
        },
      ],
    });
    expect(withRound).toContain(`<h3>${escapeHtml(EVIL)} (training)</h3>`);
    expect(withRound).toContain("4 articles, 3 compared, 3 reviewers, codebook version 2");
    expect(withRound).not.toContain("records no rounds");
  });

  it("names each round's unitizing alpha in the methods paragraph when there are several", () => {
    const u = input.coefficients.find((c) => c.name === "unitizingAlpha")!;
    const round = (name: string, value: number, training: boolean) => ({
      name,
      training,
      codebookVersion: 1,
      articles: 2,
      compared: 2,
      reviewers: 3,
      figures: [{ ...u, value }],
    });
    const m = methodsParagraph({ ...input, rounds: [round("Pilot", 0.41, true), round("Main", 0.8123, false)] });
    expect(m).toContain("By round, unitizing alpha was 0.410 (Pilot, training), 0.812 (Main).");
    expect(methodsParagraph({ ...input, rounds: [round("Main", 0.8, false)] })).not.toContain("By round");
  });

  it("writes a methods paragraph with the numbers filled in", () => {
    const m = methodsParagraph(input);
    const u = json.coefficients.find((c) => c.name === "unitizingAlpha")!;
    expect(m).toContain("4 articles annotated independently by two or more of 3 reviewers");
    expect(m).toContain(
      `unitizing alpha (Krippendorff 1995), pooled over labels, was ${u.value!.toFixed(3)} (95% CI ${u.ci!.low.toFixed(3)} to ${u.ci!.high.toFixed(3)})`,
    );
    expect(m).toContain("200 resamples of the articles (seed 1)");
    expect(m).toContain(`q = ${u.ci!.q!.toFixed(3)}`);
    expect(m).toContain('("Is it opinion?", nominal)');
    // Token-level figures are undefined without texts: left out, never printed as 0.
    expect(m).not.toContain("token-level");
    expect(html).toContain(escapeHtml(m));
  });

  it("draws an interval bar on the shared scale: the dot at the value, the band from low to high", () => {
    const svg = intervalBar(
      { name: "x", label: "x", value: 0.5, low: 0.25, high: 0.75, q: null, n: null, nKind: null, note: null },
      0,
      208,
    );
    // x(v) = v * (208 - 8) + 4
    expect(svg).toContain('cx="104.0"');
    expect(svg).toContain('x="54.0"');
    expect(svg).toContain('width="100.0"');
  });

  it("shades heatmap cells by their share of the row", () => {
    const svg = confusionHeatmap(
      ["A", "B"],
      [
        [30, 10],
        [10, 0],
      ],
    );
    // Row A: 75% and 25%; row B: 100% to A.
    expect(svg).toContain(`fill-opacity="${(0.06 + 0.94 * 0.75).toFixed(3)}"`);
    expect(svg).toContain(`fill-opacity="${(0.06 + 0.94 * 0.25).toFixed(3)}"`);
    expect(svg).toContain('fill-opacity="1.000"');
  });
});
