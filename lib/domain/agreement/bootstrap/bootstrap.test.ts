import { describe, expect, it } from "vitest";
import { computeItemAgreement } from "../item/compute";
import { prepareRatings } from "../item/prepare";
import type { RatingRecord } from "../item/types";
import { aggregateSpanAgreement, computeSpanPartials } from "../spans/compute";
import type { Span, SpanAgreementReport } from "../spans/types";
import { bootstrapItemAgreement } from "./items";
import { mulberry32 } from "../../random";
import { DEFAULT_BOOTSTRAP, drawMultiplicities, percentileInterval } from "./interval";
import { bootstrapSpanAgreement, spanResampleSeries } from "./spans";

const opts = (resamples: number, seed = 7) => ({ ...DEFAULT_BOOTSTRAP, resamples, seed });

function randomItems(seed: number, items: number, raters: number, agree: number): RatingRecord[] {
  const r = mulberry32(seed);
  const out: RatingRecord[] = [];
  for (let i = 0; i < items; i++) {
    const truth = Math.floor(r() * 4);
    for (let k = 0; k < raters; k++)
      if (r() < 0.9) out.push({ item: `i${i}`, rater: `r${k}`, value: r() < agree ? truth : Math.floor(r() * 4) });
  }
  return out;
}

function randomSpans(
  seed: number,
  docs: number,
): { spans: Span[]; lengths: Map<string, number>; texts: Map<string, string> } {
  const r = mulberry32(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const spans: Span[] = [];
  const lengths = new Map<string, number>();
  const texts = new Map<string, string>();
  for (let d = 0; d < docs; d++) {
    const L = int(20, 120);
    let t = "";
    for (let i = 0; i < L; i++) t += "ab c,d.e  "[int(0, 9)];
    lengths.set(`d${d}`, L);
    if (d % 3 !== 0) texts.set(`d${d}`, t);
    for (const rater of ["ann", "ben", "cy"]) {
      for (let k = int(0, 5); k > 0; k--) {
        const s = int(0, L - 2);
        spans.push({
          document: `d${d}`,
          rater,
          label: `l${int(0, 2)}`,
          start: s,
          end: int(s + 1, Math.min(L, s + 15)),
        });
      }
    }
  }
  return { spans, lengths, texts };
}

describe("percentile interval (Efron & Tibshirani 1993)", () => {
  it("takes the type-7 quantiles of the defined values and counts the undefined ones", () => {
    const values = Float64Array.from([...Array.from({ length: 101 }, (_, i) => i / 100), Number.NaN]);
    const r = percentileInterval(values, { ...DEFAULT_BOOTSTRAP, level: 0.9 }, true);
    expect(r.ci!.low).toBeCloseTo(0.05, 12);
    expect(r.ci!.high).toBeCloseTo(0.95, 12);
    expect(r.ci!.undefinedResamples).toBe(1);
    // q: share below alpha-min 0.667 among the 101 defined values (0 .. 0.66).
    expect(r.ci!.q).toBeCloseTo(67 / 101, 12);
  });

  it("gives no interval, with a reason, when fewer than two resamples are defined", () => {
    const r = percentileInterval(Float64Array.from([Number.NaN, Number.NaN, 0.5]), DEFAULT_BOOTSTRAP, false);
    expect(r.ci).toBeNull();
    expect(r.reason).toMatch(/Undefined on 2 of 3 resamples/);
  });
});

describe("item bootstrap", () => {
  const records = randomItems(3, 200, 4, 0.8);

  it("is reproducible from the seed and brackets the point estimate", () => {
    const a = bootstrapItemAgreement(records, opts(300));
    const b = bootstrapItemAgreement(records, opts(300));
    expect(a.intervals).toEqual(b.intervals);
    expect(bootstrapItemAgreement(records, opts(300, 8)).intervals).not.toEqual(a.intervals);
    a.report.coefficients.forEach((c, i) => {
      const ci = a.intervals[i]!.ci;
      if (c.value === null) return;
      expect(ci, c.name).not.toBeNull();
      expect(ci!.low).toBeLessThanOrEqual(c.value + 1e-9);
      expect(ci!.high).toBeGreaterThanOrEqual(c.value - 1e-9);
      expect(ci!.high - ci!.low).toBeGreaterThan(0);
    });
    const alpha = a.intervals[a.report.coefficients.findIndex((c) => c.name === "krippendorffAlpha")]!.ci!;
    expect(alpha.q).toBeGreaterThanOrEqual(0);
    expect(alpha.alphaMin).toBe(0.667);
  });

  it("each resample is the coefficient of the items drawn (checked against records rebuilt per resample)", () => {
    const data = prepareRatings(records);
    const rng = mulberry32(11);
    const counts = new Int32Array(data.items.length);
    const expected: number[] = [];
    for (let b = 0; b < 5; b++) {
      drawMultiplicities(rng, data.items.length, counts);
      const rebuilt: RatingRecord[] = [];
      data.items.forEach((item, i) => {
        for (let k = 0; k < counts[i]!; k++) {
          for (const [j, r] of item.raters.entries()) {
            rebuilt.push({
              item: `${item.id}#${k}`,
              rater: data.raterIds[r]!,
              value: data.categories[item.values[j]!]!,
            });
          }
        }
      });
      expected.push(computeItemAgreement(rebuilt).coefficients.find((c) => c.name === "krippendorffAlpha")!.value!);
    }
    // With 5 resamples the type-7 quantiles at 0.025/0.975 are interpolations of the extremes.
    const r = bootstrapItemAgreement(records, { ...opts(5, 11), level: 0.5 });
    const alpha = r.intervals[r.report.coefficients.findIndex((c) => c.name === "krippendorffAlpha")]!.ci!;
    const sorted = [...expected].sort((x, y) => x - y);
    expect(alpha.low).toBeCloseTo(sorted[1]!, 12);
    expect(alpha.high).toBeCloseTo(sorted[3]!, 12);
  });
});

describe("span bootstrap: a resample is a weighted pooling of the document partials", () => {
  const { spans, lengths, texts } = randomSpans(5, 12);
  // Fully crossed (one rater set), so unitizing alpha is defined too.
  const raters = ["ann", "ben", "cy"];
  const partials = computeSpanPartials(spans, lengths, { texts, raters });
  const report = aggregateSpanAgreement(partials, { raters });

  /** Every figure of the report under the keys of the bootstrap series. */
  function figures(r: SpanAgreementReport): Map<string, number | null> {
    const m = new Map<string, number | null>();
    const c = r.corpus;
    m.set("corpus:unitizingAlpha", c.unitizingAlpha.value);
    m.set("corpus:tokenAlpha", c.token.alpha.value);
    m.set("corpus:tokenFleissKappa", c.token.kappa.value);
    m.set("corpus:characterAlpha", c.character.alpha.value);
    m.set("corpus:characterFleissKappa", c.character.kappa.value);
    m.set("corpus:exactF1Micro", c.exactF1.micro.f1);
    m.set("corpus:exactF1Macro", c.exactF1.macro.f1);
    m.set("corpus:overlapF1Micro", c.overlapF1.micro.f1);
    m.set("corpus:overlapF1Macro", c.overlapF1.macro.f1);
    for (const l of r.perLabel) {
      m.set(`label:${l.label}:unitizingAlpha`, l.unitizingAlpha.value);
      m.set(`label:${l.label}:tokenAlpha`, l.token.alpha.value);
      m.set(`label:${l.label}:tokenFleissKappa`, l.token.kappa.value);
      m.set(`label:${l.label}:characterAlpha`, l.character.alpha.value);
      m.set(`label:${l.label}:characterFleissKappa`, l.character.kappa.value);
      m.set(`label:${l.label}:exactF1`, l.exactF1.f1);
      m.set(`label:${l.label}:overlapF1`, l.overlapF1.f1);
    }
    for (const p of r.perPair) {
      m.set(`pair:${p.raterA}\u0000${p.raterB}:exactF1Micro`, p.exactF1.micro.f1);
      m.set(`pair:${p.raterA}\u0000${p.raterB}:overlapF1Micro`, p.overlapF1.micro.f1);
    }
    return m;
  }

  it("equals aggregateSpanAgreement over the drawn documents (a document drawn k times entered k times)", () => {
    const B = 6;
    const { series } = spanResampleSeries(partials, report, opts(B, 21));
    const compared = partials.filter((p) => p.compared);
    const rng = mulberry32(21);
    const w = new Int32Array(compared.length);
    for (let b = 0; b < B; b++) {
      drawMultiplicities(rng, compared.length, w);
      const drawn = compared.flatMap((p, d) =>
        Array.from({ length: w[d]! }, (_, k) => ({ ...p, document: `${p.document}#${k}` })),
      );
      const expected = figures(aggregateSpanAgreement(drawn, { raters: report.raters }));
      for (const [key, value] of expected) {
        const got = series.get(key)?.[b];
        if (value === null) expect(Number.isNaN(got), `${key} #${b}`).toBe(true);
        else expect(got, `${key} #${b}`).toBeCloseTo(value, 10);
      }
    }
  });

  it("with differing rater sets, unitizing alpha has no interval, the other figures do", () => {
    const open = computeSpanPartials(spans, lengths, { texts });
    const r = aggregateSpanAgreement(open);
    expect(r.corpus.raterSetsAgree).toBe(false);
    const a = bootstrapSpanAgreement(open, r, opts(50));
    expect(a.get("corpus:unitizingAlpha")!.ci).toBeNull();
    expect(a.get("corpus:characterAlpha")!.ci).not.toBeNull();
  });

  it("reports an interval for every figure, reproducibly", () => {
    const a = bootstrapSpanAgreement(partials, report, opts(200));
    expect([...a.keys()].sort()).toEqual([...figures(report).keys()].sort());
    expect(bootstrapSpanAgreement(partials, report, opts(200))).toEqual(a);
    const u = a.get("corpus:unitizingAlpha")!.ci!;
    expect(u.low).toBeLessThanOrEqual(report.corpus.unitizingAlpha.value!);
    expect(u.high).toBeGreaterThanOrEqual(report.corpus.unitizingAlpha.value!);
    expect(u.q).toBeDefined();
  });
});
