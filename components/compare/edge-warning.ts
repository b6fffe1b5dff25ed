import { type TextSource, cutsWord } from "@/lib/domain/offsets";

/** Which edges of [start, end) fall inside a word, as the warning the adjudicator sees; null if none. */
export function edgeWarning(text: TextSource, start: number, end: number): string | null {
  const cuts = [cutsWord(text, start) && "start", cutsWord(text, end) && "end"].filter(Boolean);
  if (cuts.length === 0) return null;
  return `The ${cuts.join(" and the ")} cut${cuts.length === 1 ? "s" : ""} a word; turn on “Snap to words” to keep words whole.`;
}
