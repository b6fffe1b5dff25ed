/** Thrown for malformed input (bad types, offsets outside the document, inconsistent raters). */
export class SpanAgreementInputError extends Error {
  override readonly name = "SpanAgreementInputError";
}
