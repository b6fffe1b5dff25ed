/**
 * Shortens text for display, so a page's size depends on what it shows, not on the data behind it:
 * at most `max` code points, cut in the middle ("head … tail") so both ends of a quote stay readable.
 */
export function elide(text: string, max: number): string {
  if (!Number.isInteger(max) || max < 3) throw new RangeError(`max must be an integer >= 3, got ${String(max)}`);
  if (text.length <= max) return text;
  const cps = Array.from(text);
  if (cps.length <= max) return text;
  const head = Math.ceil((max - 1) / 2);
  const tail = max - 1 - head;
  return `${cps.slice(0, head).join("")}…${tail > 0 ? cps.slice(cps.length - tail).join("") : ""}`;
}
