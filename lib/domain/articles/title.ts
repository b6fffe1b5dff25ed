/** Longest title kept, in code points (the schema's limit is 300 UTF-16 units; 200 code points fit). */
export const DERIVED_TITLE_MAX = 200;

/**
 * A title for an article that came without one: its first non-empty line, whitespace collapsed, cut at a
 * word boundary with "…" when longer than DERIVED_TITLE_MAX code points. "" for a text with no such line.
 */
export function titleFromText(text: string): string {
  const line = text.split(/\r\n|\r|\n/).find((l) => l.trim() !== "") ?? "";
  const flat = line
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^#+\s*/, "");
  const cps = Array.from(flat);
  if (cps.length <= DERIVED_TITLE_MAX) return flat;
  const cut = cps.slice(0, DERIVED_TITLE_MAX - 1).join("");
  const space = cut.lastIndexOf(" ");
  return `${(space > DERIVED_TITLE_MAX / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
