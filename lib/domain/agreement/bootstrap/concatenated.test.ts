import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { agreementReport, type SpanReportJson } from "../records/report";
import { aggregateSpanAgreement, computeSpanPartials } from "../spans/compute";
import { corpusArb } from "../spans/reference.testutil";
import type { SpanDocumentPartial } from "../spans/partial";
import { concatenatedUnitizingSeries } from "./concatenated";
import { mulberry32 } from "../../random";
import { drawMultiplicities } from "./interval";

const same = (got: number, want: number | null) => {
  if (want === null) expect(Number.isNaN(got)).toBe(true);
  else expect(got).toBeCloseTo(want, 12);
};

describe("bootstrap of the concatenated-continuum unitizing alpha", () => {
  it("each resample equals the concatenated pooling of the drawn documents (copies in a row, name order)", () => {
    fc.assert(
      fc.property(corpusArb, fc.integer({ min: 1, max: 1000 }), ({ spans, lengths, raters }, seed) => {
        const partials = computeSpanPartials(spans, lengths, { raters });
        const report = aggregateSpanAgreement(partials, { raters, continuum: "concatenated" });
        if (!report.corpus.raterSetsAgree) return;
        const opts = { resamples: 4, seed, level: 0.95, alphaMin: 0.667 };
        const series = concatenatedUnitizingSeries(partials, report, opts);
        const docs = partials.filter((p) => p.compared);
        const rng = mulberry32(seed);
        const w = new Int32Array(docs.length);
        for (let b = 0; b < opts.resamples; b++) {
          drawMultiplicities(rng, docs.length, w);
          const drawn: SpanDocumentPartial[] = [];
          docs.forEach((p, d) => {
            for (let k = 0; k < w[d]!; k++)
              drawn.push({ ...p, document: `${p.document}\u0000${String(k).padStart(4, "0")}` });
          });
          const pooled = aggregateSpanAgreement(drawn, { raters, continuum: "concatenated" });
          same(series.get("corpus:unitizingAlpha")![b]!, pooled.corpus.unitizingAlpha.value);
          for (const l of pooled.perLabel)
            same(series.get(`label:${l.label}:unitizingAlpha`)![b]!, l.unitizingAlpha.value);
        }
      }),
      { numRuns: 60 },
    );
  });

  it("gives the CLI's concatenated figures an interval, the same for the same seed", () => {
    const spans = [];
    for (let d = 0; d < 6; d++)
      for (const [rater, shift] of [
        ["a", 0],
        ["b", d % 3],
      ] as const)
        spans.push({ document: `d${d}`, rater, label: "x", start: 2 + shift, end: 8 + d });
    const lengths = new Map(Array.from({ length: 6 }, (_, d) => [`d${d}`, 20] as const));
    const input = { kind: "span" as const, spans, texts: new Map(), lengths };
    const bootstrap = { resamples: 200, seed: 3, level: 0.9, alphaMin: 0.667 };
    const r = agreementReport(input, { continuum: "concatenated", bootstrap }) as SpanReportJson;
    const u = r.coefficients.find((c) => c.name === "unitizingAlpha")!;
    expect(u.ci).not.toBeNull();
    expect(u.ci!.low).toBeLessThanOrEqual(u.value!);
    expect(u.ci!.high).toBeGreaterThanOrEqual(u.ci!.low);
    expect(r.perLabel[0]!.coefficients.find((c) => c.name === "unitizingAlpha")!.ci).not.toBeNull();
    expect(agreementReport(input, { continuum: "concatenated", bootstrap })).toEqual(r);
  });
});
