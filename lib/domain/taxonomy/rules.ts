/** Taxonomy invariants shared by the server and the label manager. */

export const HOTKEY_PATTERN = /^[0-9a-z]$/;
export const COLOUR_PATTERN = /^#[0-9a-f]{6}$/i;

export type LabelLike = {
  id: string;
  name: string;
  hotkey: string | null;
  archivedAt: Date | string | null;
  order: number;
};

export type RuleViolation = { field: "name" | "hotkey" | "colour"; message: string };

/** Checks a new or edited label against the project's other labels. */
export function checkLabel(
  candidate: { id?: string; name: string; hotkey: string | null; colour: string },
  others: LabelLike[],
): RuleViolation[] {
  const out: RuleViolation[] = [];
  const name = candidate.name.trim();
  if (!name) out.push({ field: "name", message: "must not be empty" });
  const peers = others.filter((o) => o.id !== candidate.id);
  if (peers.some((o) => o.name.trim().toLowerCase() === name.toLowerCase())) {
    out.push({ field: "name", message: `a label named "${name}" already exists in this project` });
  }
  if (candidate.hotkey !== null) {
    if (!HOTKEY_PATTERN.test(candidate.hotkey))
      out.push({ field: "hotkey", message: "must be a single digit or lower-case letter" });
    // Archived labels give their hotkey back: only active labels can be picked.
    const clash = peers.find((o) => o.archivedAt === null && o.hotkey === candidate.hotkey);
    if (clash) out.push({ field: "hotkey", message: `"${candidate.hotkey}" is already used by "${clash.name}"` });
  }
  if (!COLOUR_PATTERN.test(candidate.colour))
    out.push({ field: "colour", message: "must be a hex colour like #1f77b4" });
  return out;
}

/** Active labels for the picker, in display order; archived labels are kept for exports only. */
export function activeLabels<T extends LabelLike>(labels: T[]): T[] {
  return labels.filter((l) => l.archivedAt === null).sort((a, b) => a.order - b.order || a.name.localeCompare(b.name));
}

/** Moves one id to a new index and returns the ids with dense orders 0..n-1. */
export function reorder(ids: string[], id: string, toIndex: number): string[] {
  const from = ids.indexOf(id);
  if (from < 0) throw new Error(`unknown label ${id}`);
  const next = ids.slice();
  next.splice(from, 1);
  next.splice(Math.max(0, Math.min(toIndex, next.length)), 0, id);
  return next;
}

/** A label that has annotations can only be archived, never deleted. */
export function canDeleteLabel(usageCount: number): boolean {
  return usageCount === 0;
}
