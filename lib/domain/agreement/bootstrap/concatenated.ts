/**
 * Bootstrap of the concatenated-continuum unitizing alpha (`--continuum concatenated`): the compared documents
 * are resampled with replacement (the same draws as the other span figures, `spanResampleSeries`), and each
 * resample is one continuum of the drawn documents in name order, a document drawn k times k times in a row,
 * its gaps joined across every boundary as `aggregateSpanAgreement` joins them. A resample is a pooling of
 * the stored unit and gap lengths (O(units + gaps) per label, plus sorting for D_e), never a recomputation.
 */
import { GrowableF64, type SpanDocumentPartial } from "../spans/partial";
import { joinEdgeGaps } from "../spans/aggregate";
import type { SpanAgreementReport } from "../spans/types";
import {
  expectedDisagreement,
  observedDisagreement,
  pooledUnitizingAlpha,
  unitizingAlphaFromParts,
  type UnitizingParts,
} from "../spans/unitizing";
import { mulberry32 } from "../../random";
import { type BootstrapOptions, drawMultiplicities } from "./interval";

/** Per resample, `corpus:unitizingAlpha` and `label:<label>:unitizingAlpha` (NaN where undefined). */
export function concatenatedUnitizingSeries(
  partials: readonly SpanDocumentPartial[],
  report: SpanAgreementReport,
  opts: BootstrapOptions,
): Map<string, Float64Array> {
  const docs = partials.filter((p) => p.compared);
  const D = docs.length;
  const B = opts.resamples;
  const labels = report.labels;
  const NL = labels.length;
  const raterIndex = new Map(report.raters.map((r, i) => [r, i] as const));
  const RT = report.raters.length;
  const R = report.corpus.raters;
  const labelIndex = new Map(labels.map((l, i) => [l, i] as const));
  const gLabels = docs.map((p) => p.labels.map((l) => labelIndex.get(l)!));
  const gRaters = docs.map((p) => p.raters.map((r) => raterIndex.get(r)!));
  // Concatenation order: by document name, as the point estimate.
  const order = docs.map((_, d) => d).sort((a, b) => (docs[a]!.document < docs[b]!.document ? -1 : 1));
  const corpus = new Float64Array(B);
  const perLabel = labels.map(() => new Float64Array(B));
  const rng = mulberry32(opts.seed);
  const w = new Int32Array(D);
  for (let b = 0; b < B; b++) {
    drawMultiplicities(rng, D, w);
    const units = labels.map(() => new GrowableF64());
    const gaps = labels.map(() => new GrowableF64());
    const pairSum = new Float64Array(NL);
    const openGap = new Float64Array(NL * RT);
    const present = new Uint8Array(NL);
    let length = 0;
    for (const d of order) {
      const p = docs[d]!;
      const L = p.report.length;
      for (let copy = w[d]!; copy > 0; copy--) {
        length += L;
        p.labels.forEach((_, li) => {
          const l = gLabels[d]![li]!;
          present[l] = 1;
          pairSum[l]! += p.pairSums![li]!;
          units[l]!.pushAll(p.unitLens!.subarray(p.unitFrom![li]!, p.unitFrom![li + 1]!));
          const docGaps = p.gapLens!.subarray(p.gapFrom![li]!, p.gapFrom![li + 1]!);
          joinEdgeGaps(gaps[l]!, docGaps, p.edgeGaps!, li, L, gRaters[d]!, openGap, l * RT);
        });
        for (let l = 0; l < NL; l++) {
          if (present[l] === 1) continue;
          for (const r of gRaters[d]!) openGap[l * RT + r]! += L;
        }
        for (const l of gLabels[d]!) present[l] = 0;
      }
    }
    for (let l = 0; l < NL; l++)
      for (let r = 0; r < RT; r++) if (openGap[l * RT + r]! > 0) gaps[l]!.push(openGap[l * RT + r]!);
    const parts: UnitizingParts[] = labels.map((_, l) => ({
      observed: length > 0 ? observedDisagreement(pairSum[l]!, length, R) : 0,
      expected: length > 0 ? expectedDisagreement(units[l]!.view(), gaps[l]!.view(), length, R) : 0,
      units: units[l]!.length,
    }));
    corpus[b] = pooledUnitizingAlpha(parts, R).value ?? Number.NaN;
    for (const [l, part] of parts.entries()) perLabel[l]![b] = unitizingAlphaFromParts(part, R).value ?? Number.NaN;
  }
  const out = new Map<string, Float64Array>([["corpus:unitizingAlpha", corpus]]);
  for (const [l, label] of labels.entries()) out.set(`label:${label}:unitizingAlpha`, perLabel[l]!);
  return out;
}
