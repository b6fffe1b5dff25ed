/**
 * Pure offset utilities for Framewise spans (browser + server; no I/O).
 *
 * CONTRACT: a span is [start, end) in Unicode CODE POINTS of the article's
 * stored text (NFC, "\n" line endings), so Python's `text[start:end]` equals
 * the span's quote. Browser code works in UTF-16 code units; convert with
 * `OffsetIndex` (build once per text) at the DOM boundary.
 */
export { normaliseText, isNormalisedText, codePointLength } from "./text";
export { normaliseMapped, type NormalisedText, type MappedOffset } from "./normalise-mapped";
export { toCodePoints, cpSlice, isOffset, utf16ToCodePoints } from "./code-points";
export {
  OffsetIndex,
  toOffsetIndex,
  utf16ToCodePoint,
  codePointToUtf16,
  sliceCodePoints,
  type Bias,
  type TextSource,
} from "./convert";
export { validateSpan, type SpanInput, type SpanValidation } from "./validate";
export {
  trimSpan,
  snapToWords,
  cutsWord,
  stepEdge,
  stepCaret,
  moveEdge,
  type CaretUnit,
  type CodePointSpan,
} from "./edges";
export {
  drawOrder,
  LaneLayout,
  type LaneWindow,
  layoutSpans,
  laneCount,
  segmentText,
  spanLanes,
  type SpanRef,
  type Segment,
  type WithLane,
} from "./layout";
export { isWhitespace } from "./chars";
