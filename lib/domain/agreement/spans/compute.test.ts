import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { computeSpanAgreement, SpanAgreementInputError, type SpanAgreementReport } from "./compute";
import { pairwiseSpanF1 } from "./f1";
import {
  corpusArb,
  dkproExpected,
  dkproObserved,
  labelSetValue,
  LABELS,
  refFleissKappa,
  refNominalAlpha,
  union,
} from "./reference.testutil";
import { tokenize } from "./tokenize";
import type { Span } from "./types";
import { unitizingAlpha } from "./unitizing";

const close = (got: number | null, want: number | null, digits = 9): void => {
  expect(got === null).toBe(want === null);
  if (got !== null && want !== null) expect(got).toBeCloseTo(want, digits);
};

function textOf(L: number, seed: number): string {
  const alphabet = "ab c,d.e  ";
  let s = "";
  let x = seed + 1;
  for (let i = 0; i < L; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    s += alphabet[x % alphabet.length];
  }
  return s;
}

/** Per-item values (per code point / per token) of every rater of a document, by brute force. */
function itemMatrix(
  spans: readonly Span[],
  raters: readonly string[],
  ranges: readonly [number, number][],
  label?: string,
): string[][] {
  return ranges.map(([from, to]) =>
    raters.map((r) => {
      const mine = spans.filter((s) => s.rater === r);
      if (label === undefined) return labelSetValue(mine, from, to);
      return mine.some((s) => s.label === label && s.start < to && s.end > from) ? "yes" : "no";
    }),
  );
}

describe("computeSpanAgreement vs brute force (random corpora)", () => {
  it("per-document and corpus figures equal naive per-code-point / per-token / per-continuum computations", () => {
    fc.assert(
      fc.property(corpusArb, fc.boolean(), ({ lengths, spans }, withText) => {
        const texts = new Map([...lengths].map(([d, L], i) => [d, textOf(L, i)] as const));
        const report = computeSpanAgreement(spans, lengths, withText ? { texts } : {});
        const nonEmpty = spans.filter((s) => s.end > s.start);
        expect(report.ignoredEmptySpans).toBe(spans.length - nonEmpty.length);

        const corpusChar: string[][] = [];
        const corpusTok: string[][] = [];
        const corpusCharBin = new Map<string, string[][]>(LABELS.map((l) => [l, []]));
        for (const doc of report.documents) {
          const L = lengths.get(doc.document)!;
          expect(doc.length).toBe(L);
          const docSpans = nonEmpty.filter((s) => s.document === doc.document);
          const raters = [...new Set(docSpans.map((s) => s.rater))].sort();
          expect(doc.raters).toEqual(raters);
          if (raters.length < 2) {
            expect(doc.unitizingAlpha.undefinedCode).toBe("too-few-raters");
            expect(doc.character.alpha.undefinedCode).toBe("too-few-raters");
            continue;
          }
          // Unitizing alpha: the continuum-level function on this document.
          const ua = unitizingAlpha({ length: L, raters, units: docSpans });
          close(doc.unitizingAlpha.value, ua.pooled.value);
          for (const dl of doc.labels) {
            close(dl.unitizingAlpha.value, ua.perLabel.find((p) => p.label === dl.label)!.alpha.value);
          }
          // Character level, one item per code point.
          const cps = Array.from({ length: L }, (_, i) => [i, i + 1] as [number, number]);
          const charItems = itemMatrix(docSpans, raters, cps);
          corpusChar.push(...charItems);
          close(doc.character.alpha.value, refNominalAlpha(charItems));
          close(doc.character.kappa.value, refFleissKappa(charItems));
          expect(doc.character.alpha.units).toBe(L);
          for (const dl of doc.labels) {
            const bin = itemMatrix(docSpans, raters, cps, dl.label);
            close(dl.character.alpha.value, refNominalAlpha(bin));
            close(dl.character.kappa.value, refFleissKappa(bin));
          }
          for (const l of LABELS) corpusCharBin.get(l)!.push(...itemMatrix(docSpans, raters, cps, l));
          // Token level.
          if (withText) {
            const t = tokenize(texts.get(doc.document)!);
            const ranges = Array.from({ length: t.count }, (_, i) => [t.starts[i]!, t.ends[i]!] as [number, number]);
            const tokItems = itemMatrix(docSpans, raters, ranges);
            corpusTok.push(...tokItems);
            expect(doc.tokens).toBe(t.count);
            close(doc.token.alpha.value, t.count === 0 ? null : refNominalAlpha(tokItems));
            for (const dl of doc.labels) {
              const bin = itemMatrix(docSpans, raters, ranges, dl.label);
              close(dl.token.alpha.value, t.count === 0 ? null : refNominalAlpha(bin));
              close(dl.token.kappa.value, t.count === 0 ? null : refFleissKappa(bin));
            }
          } else {
            expect(doc.token.alpha.undefinedCode).toBe("no-text");
          }
          // Pairwise F1 per document.
          for (const p of doc.pairs) {
            const ref = pairwiseSpanF1(
              docSpans.filter((s) => s.rater === p.raterA),
              docSpans.filter((s) => s.rater === p.raterB),
            );
            close(p.exactF1.f1, ref.exact.micro.f1);
            close(p.overlapF1.f1, ref.overlap.micro.f1);
            close(p.overlapF1.precision, ref.overlap.micro.precision);
          }
        }
        // Corpus level: all code points (tokens) of all compared documents as items.
        close(report.corpus.character.alpha.value, corpusChar.length ? refNominalAlpha(corpusChar) : null);
        close(report.corpus.character.kappa.value, corpusChar.length ? refFleissKappa(corpusChar) : null);
        for (const lr of report.perLabel)
          close(lr.character.alpha.value, refNominalAlpha(corpusCharBin.get(lr.label)!));
        if (withText && corpusTok.length > 0) close(report.corpus.token.alpha.value, refNominalAlpha(corpusTok));
      }),
      { numRuns: 150 },
    );
  });

  it("corpus unitizing alpha = one continuum of concatenated documents whose gaps end at document boundaries", () => {
    const fixedRaters = corpusArb.map((c) => ({ ...c, spans: c.spans }));
    fc.assert(
      fc.property(fixedRaters, ({ lengths, raters, spans }) => {
        const report = computeSpanAgreement(spans, lengths, { raters });
        const R = raters.length;
        const docs = [...lengths.keys()].sort();
        const Ltot = docs.reduce((a, d) => a + lengths.get(d)!, 0);
        const labels = [...new Set(spans.filter((s) => s.end > s.start).map((s) => s.label))].sort();
        expect(report.perLabel.map((p) => p.label)).toEqual(labels);
        let sumO = 0;
        let sumE = 0;
        for (const label of labels) {
          // Reference: D_o summed per document (L^2-weighted), D_e from all units and gaps, O(N * G).
          let pairSum = 0;
          const units: number[] = [];
          const gaps: number[] = [];
          for (const d of docs) {
            const L = lengths.get(d)!;
            const perRater = raters.map((r) =>
              union(
                spans
                  .filter((s) => s.document === d && s.rater === r && s.label === label)
                  .map((s) => [s.start, s.end] as const),
              ),
            );
            pairSum += (dkproObserved(L, perRater) * R * (R - 1) * L * L) / 2;
            for (const list of perRater) {
              let prev = 0;
              for (const [s, e] of list) {
                units.push(e - s);
                if (s > prev) gaps.push(s - prev);
                prev = e;
              }
              if (L > prev) gaps.push(L - prev);
            }
          }
          const N = units.length;
          let num = 0;
          let sq = 0;
          for (const l of units) {
            sq += l * (l - 1);
            num += ((N - 1) * l * (2 * l - 1) * (l - 1)) / 3;
            for (const g of gaps) if (g >= l) num += l * l * (g - l + 1);
          }
          const De = ((2 / Ltot) * num) / (R * Ltot * (R * Ltot - 1) - sq);
          const Do = (2 * pairSum) / (R * (R - 1) * Ltot * Ltot);
          const got = report.perLabel.find((p) => p.label === label)!.unitizingAlpha;
          expect(got.observed).toBeCloseTo(Do, 12);
          expect(got.expected).toBeCloseTo(De, 12);
          sumO += Do;
          sumE += De;
        }
        if (labels.length > 0 && sumE > 0) close(report.corpus.unitizingAlpha.value, 1 - sumO / sumE);
      }),
      { numRuns: 150 },
    );
  });

  it("a single document: corpus figures equal the document's", () => {
    fc.assert(
      fc.property(corpusArb, ({ lengths, raters, spans }) => {
        const [first] = [...lengths.keys()].sort();
        const one = new Map([[first!, lengths.get(first!)!]]);
        const mine = spans.filter((s) => s.document === first);
        const r = computeSpanAgreement(mine, one, { raters });
        const doc = r.documents[0]!;
        close(r.corpus.unitizingAlpha.value, doc.unitizingAlpha.value, 12);
        close(r.corpus.character.alpha.value, doc.character.alpha.value, 12);
        close(r.corpus.character.kappa.value, doc.character.kappa.value, 12);
      }),
    );
  });

  it("invariant to span order and to rater renaming", () => {
    fc.assert(
      fc.property(corpusArb, fc.integer({ min: 0, max: 10_000 }), ({ lengths, spans }, seed) => {
        const a = computeSpanAgreement(spans, lengths);
        const shuffled = [...spans].sort((x, y) => ((x.start * 31 + seed) % 17) - ((y.start * 31 + seed) % 17));
        const renamed = shuffled.map((s) => ({ ...s, rater: `zz-${s.rater}` }));
        const b = computeSpanAgreement(renamed, lengths);
        const pick = (r: SpanAgreementReport) => [
          r.corpus.unitizingAlpha.value,
          r.corpus.character.alpha.value,
          r.corpus.character.kappa.value,
          r.corpus.exactF1.micro.f1,
          r.corpus.overlapF1.micro.f1,
          ...r.perLabel.map((l) => l.unitizingAlpha.value),
        ];
        const pa = pick(a);
        const pb = pick(b);
        for (const [i, v] of pa.entries()) close(pb[i]!, v, 10);
      }),
    );
  });

  it("all values within their ranges (alpha <= 1, kappa <= 1, F1 in [0, 1])", () => {
    fc.assert(
      fc.property(corpusArb, ({ lengths, spans }) => {
        const r = computeSpanAgreement(spans, lengths);
        const alphas = [
          r.corpus.unitizingAlpha,
          r.corpus.character.alpha,
          ...r.documents.flatMap((d) => [d.unitizingAlpha, d.character.alpha]),
        ];
        for (const a of alphas) {
          if (a.value === null) expect(a.undefinedCode).toBeDefined();
          else expect(a.value).toBeLessThanOrEqual(1 + 1e-12);
        }
        for (const p of r.perPair) {
          for (const f of [p.exactF1.micro.f1, p.overlapF1.micro.f1])
            if (f !== null) expect(f >= 0 && f <= 1 + 1e-12).toBe(true);
        }
      }),
    );
  });
});

describe("computeSpanAgreement: conventions and undefined cases", () => {
  const lengths = new Map([
    ["d1", 20],
    ["d2", 20],
  ]);
  const spans: Span[] = [
    { document: "d1", rater: "ann", label: "X", start: 2, end: 8 },
    { document: "d1", rater: "bob", label: "X", start: 2, end: 8 },
    { document: "d1", rater: "ann", label: "Y", start: 10, end: 15 },
    { document: "d1", rater: "bob", label: "Y", start: 11, end: 15 },
    { document: "d2", rater: "ann", label: "X", start: 0, end: 5 },
  ];

  it("reports per document, per label, per pair and corpus with counts", () => {
    const r = computeSpanAgreement(spans, lengths);
    expect(r.labels).toEqual(["X", "Y"]);
    expect(r.raters).toEqual(["ann", "bob"]);
    const d1 = r.documents.find((d) => d.document === "d1")!;
    expect(d1.raters).toEqual(["ann", "bob"]);
    expect(d1.spans).toBe(4);
    expect(d1.labels.map((l) => [l.label, l.units])).toEqual([
      ["X", 2],
      ["Y", 2],
    ]);
    expect(d1.labels[0]!.unitizingAlpha.value).toBe(1);
    expect(d1.pairs).toHaveLength(1);
    expect(d1.pairs[0]!.exactF1.f1).toBe(0.5);
    // d2 has one rater (by default raters are those with spans): excluded from corpus figures.
    const d2 = r.documents.find((d) => d.document === "d2")!;
    expect(d2.unitizingAlpha.value).toBeNull();
    expect(d2.unitizingAlpha.undefinedCode).toBe("too-few-raters");
    expect(r.corpus.documentsCompared).toBe(1);
    expect(r.corpus.raters).toBe(2);
    close(r.corpus.unitizingAlpha.value, d1.unitizingAlpha.value, 12);
    expect(r.perPair).toHaveLength(1);
    expect(r.perPair[0]!.documents).toBe(1);
    expect(r.perLabel.find((l) => l.label === "X")!.exactF1.f1).toBe(1);
    expect(r.corpus.token.alpha.undefinedCode).toBe("no-text");
    expect(r.corpus.tokens).toBeNull();
  });

  it("raters who marked nothing count only when declared (documentRaters / raters)", () => {
    const declared = computeSpanAgreement(spans, lengths, { raters: ["ann", "bob"] });
    const d2 = declared.documents.find((d) => d.document === "d2")!;
    expect(d2.raters).toEqual(["ann", "bob"]);
    expect(d2.unitizingAlpha.value).not.toBeNull();
    expect(d2.unitizingAlpha.value!).toBeLessThan(0.5);
    expect(declared.corpus.documentsCompared).toBe(2);
    expect(declared.corpus.raterSetsAgree).toBe(true);
    const perDoc = computeSpanAgreement(spans, lengths, { documentRaters: new Map([["d2", ["ann", "bob"]]]) });
    expect(perDoc.documents.find((d) => d.document === "d2")!.unitizingAlpha.value).toBe(d2.unitizingAlpha.value);
  });

  it("different rater sets: corpus unitizing alpha and Fleiss' kappa are null with a reason; alpha (nominal) is defined", () => {
    const r = computeSpanAgreement(
      [
        ...spans,
        { document: "d2", rater: "cy", label: "X", start: 0, end: 4 },
        { document: "d2", rater: "dee", label: "X", start: 1, end: 5 },
      ],
      lengths,
    );
    expect(r.corpus.raterSetsAgree).toBe(false);
    expect(r.corpus.unitizingAlpha.value).toBeNull();
    expect(r.corpus.unitizingAlpha.undefinedCode).toBe("rater-sets-differ");
    expect(r.perLabel[0]!.unitizingAlpha.undefinedCode).toBe("rater-sets-differ");
    expect(r.corpus.character.kappa.undefinedCode).toBe("unequal-ratings-per-item");
    expect(r.corpus.character.alpha.value).not.toBeNull();
  });

  it("no variation is null, never 1 or 0 by accident", () => {
    const r = computeSpanAgreement([], new Map([["d", 10]]), { raters: ["a", "b"] });
    const d = r.documents[0]!;
    expect(d.unitizingAlpha.undefinedCode).toBe("no-units");
    expect(d.character.alpha.value).toBeNull();
    expect(d.character.alpha.undefinedCode).toBe("no-variation");
    expect(d.character.kappa.undefinedCode).toBe("no-variation");
    expect(d.pairs[0]!.exactF1.f1).toBeNull();
    expect(d.pairs[0]!.exactF1.undefinedCode).toBe("no-spans");
    expect(r.corpus.exactF1.macro.f1).toBeNull();
  });

  it("document length: docLengths, else the text length, else the largest span end", () => {
    const s: Span[] = [
      { document: "a", rater: "x", label: "L", start: 0, end: 3 },
      { document: "a", rater: "y", label: "L", start: 1, end: 4 },
      { document: "b", rater: "x", label: "L", start: 0, end: 3 },
      { document: "b", rater: "y", label: "L", start: 1, end: 4 },
    ];
    const r = computeSpanAgreement(s, new Map(), { texts: new Map([["b", "héllo wörld 😀"]]) });
    expect(r.documents.map((d) => d.length)).toEqual([4, 13]);
    expect(r.documents[1]!.tokens).toBe(3);
  });

  it("token level: label set per token from overlapping spans", () => {
    // "aa bb cc": tokens [0,2) [3,5) [6,8). x marks "aa b" (0-4) as P; y marks "bb" (3-5) as P and "cc" as Q.
    const s: Span[] = [
      { document: "t", rater: "x", label: "P", start: 0, end: 4 },
      { document: "t", rater: "y", label: "P", start: 3, end: 5 },
      { document: "t", rater: "y", label: "Q", start: 6, end: 8 },
    ];
    const r = computeSpanAgreement(s, new Map([["t", 8]]), { texts: new Map([["t", "aa bb cc"]]) });
    const d = r.documents[0]!;
    // items: [P, none], [P, P], [none, Q]
    close(
      d.token.alpha.value,
      refNominalAlpha([
        ["P", "none"],
        ["P", "P"],
        ["none", "Q"],
      ]),
    );
    close(
      d.labels.find((l) => l.label === "P")!.token.alpha.value,
      refNominalAlpha([
        ["yes", "no"],
        ["yes", "yes"],
        ["no", "no"],
      ]),
    );
  });

  it("ignores zero-length spans and rejects malformed input", () => {
    const r = computeSpanAgreement([{ document: "d", rater: "a", label: "X", start: 3, end: 3 }], new Map([["d", 5]]));
    expect(r.ignoredEmptySpans).toBe(1);
    expect(r.labels).toEqual([]);
    const bad =
      (s: Partial<Span>, len = 10, opts = {}) =>
      () =>
        computeSpanAgreement(
          [{ document: "d", rater: "a", label: "X", start: 0, end: 1, ...s }],
          new Map([["d", len]]),
          opts,
        );
    expect(bad({ end: 11 })).toThrow(SpanAgreementInputError);
    expect(bad({ start: -1 })).toThrow(SpanAgreementInputError);
    expect(bad({ start: 5, end: 4 })).toThrow(SpanAgreementInputError);
    expect(bad({ start: 0.5 })).toThrow(SpanAgreementInputError);
    expect(bad({}, 10, { texts: new Map([["d", "short"]]) })).toThrow(SpanAgreementInputError);
    expect(bad({}, 10, { raters: ["b", "c"] })).toThrow(SpanAgreementInputError);
  });

  it("fills options.profile", () => {
    const profile = { prepare: 0, unitizing: 0, f1: 0, character: 0, token: 0, corpus: 0 };
    computeSpanAgreement(spans, lengths, { profile });
    expect(Object.values(profile).every((v) => v >= 0)).toBe(true);
  });

  it("more than 32 labels (multi-word label masks) agrees with brute force", () => {
    const labels = Array.from({ length: 40 }, (_, i) => `L${String(i).padStart(2, "0")}`);
    const s: Span[] = [];
    for (let i = 0; i < 40; i++) {
      s.push({ document: "m", rater: "a", label: labels[i]!, start: i, end: i + 3 });
      s.push({ document: "m", rater: "b", label: labels[(i * 7) % 40]!, start: i + (i % 2), end: i + 4 });
      s.push({ document: "m", rater: "c", label: labels[i]!, start: i, end: i + 2 });
    }
    const L = 50;
    const r = computeSpanAgreement(s, new Map([["m", L]]));
    const cps = Array.from({ length: L }, (_, i) => [i, i + 1] as [number, number]);
    const items = itemMatrix(s, ["a", "b", "c"], cps);
    close(r.documents[0]!.character.alpha.value, refNominalAlpha(items));
    close(r.documents[0]!.character.kappa.value, refFleissKappa(items));
    const l39 = r.documents[0]!.labels.find((l) => l.label === "L39")!;
    close(l39.character.alpha.value, refNominalAlpha(itemMatrix(s, ["a", "b", "c"], cps, "L39")));
  });
});

describe("unitizing alpha across documents: plain concatenation check", () => {
  it("equals unitizingAlpha on the concatenated continuum when no gap crosses a boundary", () => {
    // Both raters end document 1 with a unit reaching its end, so the concatenation has no gap across the boundary.
    const s: Span[] = [
      { document: "1", rater: "a", label: "X", start: 2, end: 10 },
      { document: "1", rater: "b", label: "X", start: 4, end: 10 },
      { document: "2", rater: "a", label: "X", start: 3, end: 6 },
      { document: "2", rater: "b", label: "X", start: 12, end: 15 },
    ];
    const r = computeSpanAgreement(
      s,
      new Map([
        ["1", 10],
        ["2", 20],
      ]),
    );
    const concat = unitizingAlpha({
      length: 30,
      raters: ["a", "b"],
      units: s.map((x) => (x.document === "2" ? { ...x, start: x.start + 10, end: x.end + 10 } : x)),
    });
    close(r.corpus.unitizingAlpha.value, concat.pooled.value, 12);
    expect(r.corpus.characters).toBe(30);
    // and the per-document values differ from it (documents are separate continua)
    expect(r.documents[0]!.unitizingAlpha.value).not.toBeCloseTo(concat.pooled.value!, 3);
    // sanity: dkpro ports agree on the concatenation
    const perRater = ["a", "b"].map((rt) =>
      union(
        s
          .filter((x) => x.rater === rt)
          .map((x) => (x.document === "2" ? [x.start + 10, x.end + 10] : [x.start, x.end]) as [number, number]),
      ),
    );
    close(concat.pooled.value, 1 - dkproObserved(30, perRater) / dkproExpected(30, perRater), 12);
  });
});
