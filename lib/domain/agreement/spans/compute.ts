/**
 * `computeSpanAgreement`: every span measure for a corpus in one pass over
 * the documents. See `index.ts` for the measures, conventions and complexity.
 */
import { aggregateSpanAgreement } from "./aggregate";
import { SpanAgreementInputError } from "./errors";
import { buildPartial, checkSpan, scratch, type SpanDocumentPartial } from "./partial";
import type { Span, SpanAgreementOptions, SpanAgreementReport } from "./types";

export { aggregateSpanAgreement, type ContinuumConvention } from "./aggregate";
export { SpanAgreementInputError } from "./errors";
export type { SpanDocumentPartial } from "./partial";
export type {
  CorpusReport,
  DocumentLabelReport,
  DocumentPairReport,
  DocumentReport,
  LabelReport,
  PairF1Summary,
  PairReport,
  SpanAgreementOptions,
  SpanAgreementProfile,
  SpanAgreementReport,
  SpanF1Pooled,
} from "./types";

/**
 * All span agreement measures. `docLengths` gives each document's length in
 * code points (missing: the text's length, else the largest span end).
 * Throws {@link SpanAgreementInputError} for malformed spans (non-integer or
 * negative offsets, end < start, end beyond the document length) or a span by
 * a rater not listed for its document.
 */
export function computeSpanAgreement(
  spans: readonly Span[],
  docLengths: ReadonlyMap<string, number> = new Map(),
  options: SpanAgreementOptions = {},
): SpanAgreementReport {
  const texts = options.texts;
  const profile = options.profile;
  const t0 = profile ? performance.now() : 0;
  const { docNames, byDoc } = groupByDocument(spans, docLengths, options);
  if (profile) profile.prepare += performance.now() - t0;
  const sc = scratch();
  const partials = docNames.map((d) =>
    buildPartial(
      d,
      byDoc.get(d) ?? [],
      docLengths.get(d),
      texts?.get(d),
      options.documentRaters?.get(d) ?? options.raters,
      sc,
      profile,
    ),
  );
  return aggregateSpanAgreement(partials, { raters: options.raters, profile, continuum: options.continuum });
}

/** Every document's partial, sorted by document (what {@link computeSpanAgreement} pools; the bootstrap resamples them). */
export function computeSpanPartials(
  spans: readonly Span[],
  docLengths: ReadonlyMap<string, number> = new Map(),
  options: SpanAgreementOptions = {},
): SpanDocumentPartial[] {
  const { docNames, byDoc } = groupByDocument(spans, docLengths, options);
  const sc = scratch();
  return docNames.map((d) =>
    buildPartial(
      d,
      byDoc.get(d) ?? [],
      docLengths.get(d),
      options.texts?.get(d),
      options.documentRaters?.get(d) ?? options.raters,
      sc,
      undefined,
    ),
  );
}

/** Validates the spans and groups them by document (input order kept within a document); all document names sorted. */
function groupByDocument(
  spans: readonly Span[],
  docLengths: ReadonlyMap<string, number>,
  options: SpanAgreementOptions,
) {
  const docSet = new Set<string>(docLengths.keys());
  if (options.texts) for (const d of options.texts.keys()) docSet.add(d);
  if (options.documentRaters) for (const d of options.documentRaters.keys()) docSet.add(d);
  const byDoc = new Map<string, Span[]>();
  let lastDoc: string | undefined;
  let group: Span[] = [];
  for (let i = 0; i < spans.length; i++) {
    const s = spans[i]!;
    checkSpan(s, `span #${i}`);
    // Input is usually grouped by document: skip repeated map look-ups.
    if (s.document !== lastDoc) {
      lastDoc = s.document;
      docSet.add(lastDoc);
      let g = byDoc.get(lastDoc);
      if (!g) byDoc.set(lastDoc, (g = []));
      group = g;
    }
    group.push(s);
  }
  return { docNames: [...docSet].sort(), byDoc };
}

/**
 * One document's partial (see {@link SpanDocumentPartial}): `spans` are the document's spans (each
 * with `document` equal to `document`); `length`, `text` and `raters` as `docLengths`, `texts` and
 * `documentRaters` of {@link computeSpanAgreement}. Throws {@link SpanAgreementInputError} as it does.
 */
export function computeDocumentPartial(
  document: string,
  spans: readonly Span[],
  options: { readonly length?: number; readonly text?: string; readonly raters?: readonly string[] } = {},
): SpanDocumentPartial {
  for (let i = 0; i < spans.length; i++) {
    const s = spans[i]!;
    checkSpan(s, `span #${i}`);
    if (s.document !== document)
      throw new SpanAgreementInputError(`span #${i}: of document "${s.document}", not "${document}"`);
  }
  return buildPartial(document, spans, options.length, options.text, options.raters, scratch(), undefined);
}
