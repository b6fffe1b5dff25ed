/**
 * Active time from interaction events: the time between two consecutive interactions counts when it is at
 * most the idle limit, and not at all when it is longer (the annotator was away; no part of the gap counts).
 */

/** Gaps longer than this between two interactions are idle time. */
export const IDLE_GAP_MS = 2 * 60 * 1000;

/** The active milliseconds an interaction at `now` adds after one at `previous` (null: the first one). */
export function creditGap(previous: number | null, now: number, idleMs: number = IDLE_GAP_MS): number {
  if (previous === null || !Number.isFinite(previous) || !Number.isFinite(now)) return 0;
  const gap = now - previous;
  return gap > 0 && gap <= idleMs ? gap : 0;
}

/** Active milliseconds of a series of interaction times (any order). */
export function activeTimeOf(times: readonly number[], idleMs: number = IDLE_GAP_MS): number {
  const sorted = [...times].sort((a, b) => a - b);
  let total = 0;
  for (let i = 1; i < sorted.length; i++) total += creditGap(sorted[i - 1]!, sorted[i]!, idleMs);
  return total;
}

/** The median of whole numbers (the mean of the middle two for an even count); null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** h:mm:ss of a duration in milliseconds, rounded down to the second ("0:00:00" for none). */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return `${h}:${String(m).padStart(2, "0")}:${String(s).padStart(2, "0")}`;
}
