/**
 * Pooling document partials into the corpus, per-label and per-pair figures (`aggregateSpanAgreement`).
 */
import { BinaryHistogram, type CategoryKey, NominalAccumulator } from "./coding";
import { SpanAgreementInputError } from "./errors";
import { F_FIELDS, f1Of, GrowableF64, type ItemStats, noText, type SpanDocumentPartial, tooFewRaters } from "./partial";
import { alphaUndefined, macroF1 } from "./results";
import type {
  AlphaResult,
  CodingPair,
  CorpusReport,
  LabelReport,
  PairReport,
  SpanAgreementProfile,
  SpanAgreementReport,
} from "./types";
import {
  expectedDisagreement,
  observedDisagreement,
  pooledUnitizingAlpha,
  unitizingAlphaFromParts,
  type UnitizingParts,
} from "./unitizing";

/**
 * How the corpus unitizing alpha joins the compared documents into one continuum (in document-name order):
 * `per-document` (default) ends every gap at a document boundary; `concatenated` lets the last gap of one
 * document and the first of the next form one gap, as DKPro Statistics and INCEpTION do on concatenated
 * documents. Only the corpus D_e differs (D_o and every per-document and per-label-per-document figure agree).
 */
export type ContinuumConvention = "per-document" | "concatenated";

/**
 * Corpus, per-label and per-pair figures pooled from document partials (any order; documents
 * sorted by name as in `computeSpanAgreement`, whose result this equals exactly when the
 * partials are those of its input). `options.raters`: raters to list even if no document has them.
 * O(sum of the partials' sizes + sorting the corpus gap lengths per label).
 */
export function aggregateSpanAgreement(
  input: readonly SpanDocumentPartial[],
  options: {
    readonly raters?: readonly string[];
    readonly profile?: SpanAgreementProfile;
    readonly continuum?: ContinuumConvention;
  } = {},
): SpanAgreementReport {
  const concatenated = options.continuum === "concatenated";
  const profile = options.profile;
  const t0 = profile ? performance.now() : 0;
  const partials = [...input].sort((a, b) => (a.document < b.document ? -1 : a.document > b.document ? 1 : 0));
  for (let i = 1; i < partials.length; i++) {
    if (partials[i]!.document === partials[i - 1]!.document)
      throw new SpanAgreementInputError(`document "${partials[i]!.document}" given twice`);
  }
  const labelSet = new Set<string>();
  const raterSet = new Set<string>(options.raters ?? []);
  let ignoredEmptySpans = 0;
  for (const p of partials) {
    for (const l of p.labels) labelSet.add(l);
    for (const r of p.raters) raterSet.add(r);
    ignoredEmptySpans += p.ignoredEmptySpans;
  }
  const labels = [...labelSet].sort();
  const raters = [...raterSet].sort();
  const labelIndex = new Map(labels.map((l, i) => [l, i] as const));
  const raterIndex = new Map(raters.map((r, i) => [r, i] as const));
  const NL = labels.length;
  const RT = raters.length;
  const W = Math.max(1, Math.ceil(NL / 32));

  const cuPairSum = new Float64Array(NL);
  const cuUnits = labels.map(() => new GrowableF64());
  const cuGaps = labels.map(() => new GrowableF64());
  const cuSpans = new Float64Array(NL);
  let corpusLength = 0;
  let corpusSpans = 0;
  let corpusUnits = 0;
  let corpusTokens = 0;
  let docsWithText = 0;
  let compared = 0;
  let commonRaterKey: string | null = null;
  let raterSetsAgree = true;
  const comparedRaters = new Uint8Array(RT);
  const charCorpus = new NominalAccumulator();
  const tokCorpus = new NominalAccumulator();
  const charBin = labels.map(() => new BinaryHistogram(RT));
  const tokBin = labels.map(() => new BinaryHistogram(RT));
  const charTotalsByM = new Float64Array(RT + 1);
  const tokTotalsByM = new Float64Array(RT + 1);
  const pairAcc = new Map<number, { docs: number; acc: Float64Array }>();
  const present = new Uint8Array(NL);
  // Concatenated continuum: per (global label, global rater), the gap still open at the end of the documents so far.
  const openGap = concatenated ? new Float64Array(NL * RT) : null;

  for (const p of partials) {
    const R = p.raters.length;
    const NDL = p.labels.length;
    const gLabel = p.labels.map((l) => labelIndex.get(l)!);
    const gRater = p.raters.map((r) => raterIndex.get(r)!);
    const isCompared = p.compared;
    if (isCompared) {
      compared++;
      corpusLength += p.report.length;
      corpusSpans += p.report.spans;
      corpusUnits += p.report.units;
      const key = p.raters.join("\u0000");
      if (commonRaterKey === null) commonRaterKey = key;
      else if (key !== commonRaterKey) raterSetsAgree = false;
      for (const r of gRater) comparedRaters[r] = 1;
      const L = p.report.length;
      for (let li = 0; li < NDL; li++) {
        const l = gLabel[li]!;
        present[l] = 1;
        cuPairSum[l]! += p.pairSums![li]!;
        cuUnits[l]!.pushAll(p.unitLens!.subarray(p.unitFrom![li]!, p.unitFrom![li + 1]!));
        const docGaps = p.gapLens!.subarray(p.gapFrom![li]!, p.gapFrom![li + 1]!);
        if (openGap) joinEdgeGaps(cuGaps[l]!, docGaps, p.edgeGaps!, li, L, gRater, openGap, l * RT);
        else cuGaps[l]!.pushAll(docGaps);
        cuSpans[l]! += p.report.labels[li]!.spans;
      }
      // Labels absent from this document: every rater has one gap of length L.
      for (let l = 0; l < NL; l++) {
        if (present[l] === 1) continue;
        if (openGap) {
          for (let r = 0; r < R; r++) openGap[l * RT + gRater[r]!]! += L;
          continue;
        }
        const cg = cuGaps[l]!;
        for (let r = 0; r < R; r++) cg.push(L);
      }
      for (const l of gLabel) present[l] = 0;
    }
    // Pair credits.
    if (p.pairCredits) {
      const stride = Math.max(1, NDL) * F_FIELDS;
      let pi = 0;
      for (let r1 = 0; r1 < R; r1++) {
        for (let r2 = r1 + 1; r2 < R; r2++, pi++) {
          const pk = gRater[r1]! * RT + gRater[r2]!;
          let pa = pairAcc.get(pk);
          if (!pa) {
            pa = { docs: 0, acc: new Float64Array(Math.max(1, NL) * F_FIELDS) };
            pairAcc.set(pk, pa);
          }
          if (!isCompared) continue;
          pa.docs++;
          const acc = pa.acc;
          const src = p.pairCredits;
          for (let li = 0; li < NDL; li++) {
            const from = pi * stride + li * F_FIELDS;
            const at = gLabel[li]! * F_FIELDS;
            for (let f = 0; f < F_FIELDS; f++) acc[at + f]! += src[from + f]!;
          }
        }
      }
    }
    if (p.character) {
      mergeItemStats(charCorpus, p.character, gLabel, W);
      charTotalsByM[R]! += p.character.totalWeight;
      addHistogram(charBin, p.character.hist, gLabel, R);
    }
    if (p.token) {
      docsWithText++;
      corpusTokens += p.report.tokens!;
      mergeItemStats(tokCorpus, p.token, gLabel, W);
      tokTotalsByM[R]! += p.token.totalWeight;
      addHistogram(tokBin, p.token.hist, gLabel, R);
    }
  }
  const documents = partials.map((p) => p.report);
  const D = partials.length;
  if (openGap) {
    // The gaps still open at the end of the last document close there.
    for (let l = 0; l < NL; l++)
      for (let r = 0; r < RT; r++) if (openGap[l * RT + r]! > 0) cuGaps[l]!.push(openGap[l * RT + r]!);
  }

  // ---- Corpus: unitizing alpha over the concatenated continuum. ----
  let corpusR = 0;
  for (let r = 0; r < RT; r++) corpusR += comparedRaters[r]!;
  const corpusParts: UnitizingParts[] = labels.map((_, l) => ({
    observed: compared > 0 ? observedDisagreement(cuPairSum[l]!, corpusLength, corpusR) : 0,
    expected: compared > 0 ? expectedDisagreement(cuUnits[l]!.view(), cuGaps[l]!.view(), corpusLength, corpusR) : 0,
    units: cuUnits[l]!.length,
  }));
  const differ = (units: number): AlphaResult =>
    alphaUndefined(
      "rater-sets-differ",
      "Documents have different rater sets; the concatenated-continuum unitizing alpha needs one rater set (declare raters who marked nothing with options.documentRaters or options.raters).",
      corpusR,
      units,
    );
  const noCompared = (units: number): AlphaResult =>
    alphaUndefined("too-few-raters", "No document has two or more raters (and a length > 0).", corpusR, units);
  const corpusUnitizing = (parts: UnitizingParts): AlphaResult =>
    compared === 0
      ? noCompared(parts.units)
      : raterSetsAgree
        ? unitizingAlphaFromParts(parts, corpusR)
        : differ(parts.units);

  for (const h of charBin) h.fillAbsent(charTotalsByM);
  for (const h of tokBin) h.fillAbsent(tokTotalsByM);

  // ---- Pairs and per-label F1 pooled over pairs. ----
  const labelF1 = new Float64Array(Math.max(1, NL) * F_FIELDS);
  const perPair: PairReport[] = [];
  const pairKeys = [...pairAcc.keys()].sort((a, b) => a - b);
  for (const pk of pairKeys) {
    const pa = pairAcc.get(pk)!;
    const exactPer = labels.map((label, l) => ({ label, result: f1Of(pa.acc, l * F_FIELDS, true) }));
    const overlapPer = labels.map((label, l) => ({ label, result: f1Of(pa.acc, l * F_FIELDS, false) }));
    const tot = new Float64Array(F_FIELDS);
    for (let l = 0; l < NL; l++) {
      for (let f = 0; f < F_FIELDS; f++) {
        tot[f]! += pa.acc[l * F_FIELDS + f]!;
        labelF1[l * F_FIELDS + f]! += pa.acc[l * F_FIELDS + f]!;
      }
    }
    perPair.push({
      raterA: raters[Math.floor(pk / RT)]!,
      raterB: raters[pk % RT]!,
      documents: pa.docs,
      exactF1: { micro: f1Of(tot, 0, true), macro: macroF1(exactPer.map((x) => x.result)), perLabel: exactPer },
      overlapF1: { micro: f1Of(tot, 0, false), macro: macroF1(overlapPer.map((x) => x.result)), perLabel: overlapPer },
    });
  }
  const corpusF1 = new Float64Array(F_FIELDS);
  for (let l = 0; l < NL; l++) for (let f = 0; f < F_FIELDS; f++) corpusF1[f]! += labelF1[l * F_FIELDS + f]!;

  const noTextCorpus = docsWithText === 0;
  const corpusTokenMissing = (): CodingPair => (compared === 0 ? tooFewRaters(corpusR) : noText(corpusR));
  const perLabel: LabelReport[] = labels.map((label, l) => ({
    label,
    spans: cuSpans[l]!,
    units: cuUnits[l]!.length,
    unitizingAlpha: corpusUnitizing(corpusParts[l]!),
    token: noTextCorpus ? corpusTokenMissing() : tokBin[l]!.coefficients(corpusR),
    character: charBin[l]!.coefficients(corpusR),
    exactF1: f1Of(labelF1, l * F_FIELDS, true),
    overlapF1: f1Of(labelF1, l * F_FIELDS, false),
  }));

  const corpus: CorpusReport = {
    documents: D,
    documentsCompared: compared,
    raters: corpusR,
    raterSetsAgree,
    spans: corpusSpans,
    units: corpusUnits,
    characters: corpusLength,
    tokens: noTextCorpus ? null : corpusTokens,
    unitizingAlpha:
      compared === 0
        ? noCompared(corpusUnits)
        : raterSetsAgree
          ? pooledUnitizingAlpha(corpusParts, corpusR)
          : differ(corpusUnits),
    token: noTextCorpus ? corpusTokenMissing() : tokCorpus.coefficients(corpusR),
    character: charCorpus.coefficients(corpusR),
    exactF1: { micro: f1Of(corpusF1, 0, true), macro: macroF1(perLabel.map((x) => x.exactF1)) },
    overlapF1: { micro: f1Of(corpusF1, 0, false), macro: macroF1(perLabel.map((x) => x.overlapF1)) },
  };

  if (profile) profile.corpus += performance.now() - t0;
  return { labels, raters, ignoredEmptySpans, corpus, perLabel, perPair, documents };
}

/**
 * Concatenated continuum, one document and label: pushes the document's interior gaps (its gaps without each
 * rater's first and last) to `into`, closes each rater's open gap joined with its leading gap, and leaves the
 * trailing gap open for the next document. A rater without a unit of the label extends its open gap by L.
 */
export function joinEdgeGaps(
  into: GrowableF64,
  docGaps: Int32Array,
  edgeGaps: Int32Array,
  li: number,
  L: number,
  gRater: readonly number[],
  openGap: Float64Array,
  openFrom: number,
): void {
  const R = gRater.length;
  const remove = new Map<number, number>();
  const drop = (g: number) => {
    if (g > 0) remove.set(g, (remove.get(g) ?? 0) + 1);
  };
  for (let r = 0; r < R; r++) {
    const lead = edgeGaps[2 * (li * R + r)]!;
    const trail = edgeGaps[2 * (li * R + r) + 1]!;
    const at = openFrom + gRater[r]!;
    if (lead === L) {
      // no unit: the whole document is one gap, continuing the open one
      drop(L);
      openGap[at]! += L;
      continue;
    }
    drop(lead);
    drop(trail);
    const joined = openGap[at]! + lead;
    if (joined > 0) into.push(joined);
    openGap[at] = trail;
  }
  for (const g of docGaps) {
    const n = remove.get(g);
    if (n) remove.set(g, n - 1);
    else into.push(g);
  }
}

/** Translates a category key over local label indices (words of `localW`) into one over global indices (`W` words). */
export function translateKey(key: CategoryKey, gLabel: readonly number[], W: number): CategoryKey {
  if (key === 0) return 0;
  const words = typeof key === "number" ? [key] : key.split(",").map(Number);
  const out = new Int32Array(W);
  for (let w = 0; w < words.length; w++) {
    let bits = words[w]! | 0;
    while (bits !== 0) {
      const low = bits & -bits;
      const g = gLabel[w * 32 + (31 - Math.clz32(low))]!;
      out[g >> 5]! |= 1 << (g & 31);
      bits ^= low;
    }
  }
  if (W === 1) return out[0]!;
  let s = String(out[0]!);
  for (let w = 1; w < W; w++) s += `,${String(out[w]!)}`;
  return s;
}

/** Merges a document's item accumulator into the corpus one, its label masks translated to global indices. */
function mergeItemStats(into: NominalAccumulator, stats: ItemStats, gLabel: readonly number[], W: number): void {
  let identity = W === 1 && gLabel.length <= 32;
  for (let li = 0; identity && li < gLabel.length; li++) if (gLabel[li] !== li) identity = false;
  into.merge(stats.acc, identity ? undefined : (key) => translateKey(key, gLabel, W));
}

/** Adds a document's per-label (m = R, k) histogram rows to the corpus histograms of the global labels. */
function addHistogram(
  bins: readonly BinaryHistogram[],
  hist: Float64Array,
  gLabel: readonly number[],
  R: number,
): void {
  for (let li = 0; li < gLabel.length; li++) {
    const h = bins[gLabel[li]!]!;
    for (let k = 1; k <= R; k++) {
      const w = hist[li * (R + 1) + k]!;
      if (w !== 0) h.add(R, k, w);
    }
  }
}
