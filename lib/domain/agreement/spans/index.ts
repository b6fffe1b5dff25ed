/**
 * # Span-level agreement
 *
 * Input: spans `{ document, rater, label, start, end }`, half-open offsets in
 * Unicode code points, and document lengths (missing: the text's length when
 * `options.texts` has it, else the largest span end). Pure TypeScript, no
 * framework or Node imports. `computeSpanAgreement` returns per-document,
 * per-label, per-rater-pair and corpus figures, each with its counts of units
 * (or items) and raters. An undefined figure has `value: null` (F1: `f1: null`)
 * with `undefinedCode` + `undefinedReason`; it is never 0 or 1 by accident.
 *
 * ## Conventions
 * - Raters of a document: `options.documentRaters` for it, else
 *   `options.raters` (fully crossed), else the raters having a span in it.
 *   Declare raters who marked nothing, or they are not counted.
 * - A rater's overlapping spans of one label are merged (union) into one unit
 *   — unitizing alpha requires non-overlapping units per rater and category
 *   (as DKPro does), and it keeps overlap-F1 credit <= 1. Touching spans
 *   ([a,b), [b,c)) stay two units. Exact duplicates count once for exact F1.
 *   Zero-length spans are ignored (counted in `ignoredEmptySpans`).
 * - Only documents with >= 2 raters (and length > 0) enter corpus figures.
 *
 * ## Measures and complexity
 * Notation: S spans, D documents, L_d document length (code points), R_d
 * raters of document d, s_d spans in it, K labels (W = ceil(K/32) mask words),
 * T_d tokens, U = merged units, G = gaps (<= U + R_d per document and label).
 * Nothing allocates per code point; memory is O(S + D*K*R + max_d(T_d*R_d*W))
 * besides the report (O(D * (K + R^2))).
 *
 * 1. Unitizing alpha (Krippendorff 1995; 2004 sec. 12.4; DKPro Statistics
 *    `KrippendorffAlphaUnitizingAgreement` semantics), per label (binary
 *    unitizing of that label) and pooled (1 - mean D_o / mean D_e over labels),
 *    per document and for the corpus as one continuum (documents
 *    concatenated; by default a gap ends at a document boundary, with
 *    `continuum: "concatenated"` it runs on into the next document as in
 *    DKPro/INCEpTION; needs one rater set).
 *    Per document: O(s_d log s_d) sort, then D_o by a two-list sweep per rater
 *    pair and label, O(R_d * s_d); D_e with sorted gaps + suffix sums,
 *    O((U + G) log G). Corpus: O(S log S + D*K*R). See `unitizing.ts`.
 * 2. Token- and character-level Krippendorff's alpha (nominal) and Fleiss'
 *    kappa. Item value = sorted set of labels of the rater's spans overlapping
 *    the item (the empty set = "none"); per label, binary present/absent.
 *    Token level (needs `options.texts`; the BIO export's tokenizer,
 *    `lib/domain/offsets/tokenize.ts`): O(L_d)
 *    tokenization + O(U log T_d + covered tokens) marking + O(T_d * R_d * W)
 *    per document (+ O(R_d^2 * W + K * R_d) for each token someone marked).
 *    Character level: sweep over the sorted unit boundaries of all raters — a
 *    run of code points with unchanged label sets is one item weighted by its
 *    length — O(s_d log s_d + s_d * (R_d^2 * W + K * R_d)) per document,
 *    independent of L_d. Fleiss' kappa is the classic form (undefined when
 *    the number of ratings per item varies, i.e. documents with different
 *    rater counts), as in `../item`.
 * 3. Pairwise span F1 for every rater pair: exact (label, start, end) and
 *    overlap with partial credit (SemEval-2020 Task 11, Da San Martino et al.
 *    2020), per label, micro and macro; per document, per pair over the
 *    corpus, per label and overall pooled over pairs. O(R_d^2 * s_d) per
 *    document (linear merges of sorted lists). See `f1.ts`.
 * Overall: O(S log S + sum_d (L_d + R_d^2 * s_d + T_d * R_d * W) + D*K*R).
 *
 * ## Incremental use
 * `computeSpanAgreement` = `computeDocumentPartial` for every document (its
 * report plus the sufficient statistics of the corpus figures: unit and gap
 * lengths and summed squared boundary differences per label, item
 * accumulators and (m, k) histograms, pair credits; labels and raters indexed
 * per document, so a partial depends on that document alone) followed by
 * `aggregateSpanAgreement`, which pools them in document order. A caller
 * that keeps partials can rebuild only changed documents and re-pool: the
 * result equals a run from scratch exactly, since it is the same arithmetic in
 * the same order (the only re-keyed sums, category totals, are integers).
 * Re-pooling costs O(D*K*R + U + G log G) (the corpus D_e sorts all gaps per
 * label), far below rebuilding every document.
 *
 * Benchmark (bench/agreement-spans.bench.ts): 2,000 docs x 5,000 code points
 * x 4 raters x 40 spans, 8 labels, with texts — see the bench output.
 */
export {
  aggregateSpanAgreement,
  computeDocumentPartial,
  computeSpanAgreement,
  computeSpanPartials,
  type ContinuumConvention,
  SpanAgreementInputError,
  type SpanDocumentPartial,
  type CorpusReport,
  type DocumentLabelReport,
  type DocumentPairReport,
  type DocumentReport,
  type LabelReport,
  type PairF1Summary,
  type PairReport,
  type SpanAgreementOptions,
  type SpanAgreementProfile,
  type SpanAgreementReport,
  type SpanF1Pooled,
} from "./compute";
export { BinaryHistogram, NominalAccumulator, nominalCoefficients, type CategoryKey } from "./coding";
export {
  exactMatches,
  addOverlapCredits,
  pairwiseSpanF1,
  type F1Summary,
  type LabeledInterval,
  type OverlapCredits,
  type PairF1,
} from "./f1";
export { codePointLength, tokenize, tokenizeInto, TokenBuffer, type Tokens } from "./tokenize";
export type { AlphaResult, CodingPair, F1Result, KappaResult, MacroF1, Span, SpanUndefinedCode } from "./types";
export {
  continuumParts,
  expectedDisagreement,
  mergeOverlapping,
  observedDisagreement,
  observedPairSum,
  pooledUnitizingAlpha,
  pushGaps,
  unitizingAlpha,
  unitizingAlphaFromParts,
  unitizingSectionDistance,
  type UnitizingParts,
  type UnitizingReport,
  type UnitizingStudy,
  type UnitizingUnit,
} from "./unitizing";
