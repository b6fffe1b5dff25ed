/** Pre-annotation importers (Label Studio JSON, doccano JSONL). */
export { importLabelStudio, type LabelStudioOptions } from "./label-studio";
export { importDoccano } from "./doccano";
export type { ImportIssue, ImportResult, ImportedArticle, ImportedSpan } from "./foreign-common";
