import type { WorkspaceLabel } from "@/lib/schemas/article";

/** A label as the picker shows it. */
export type Label = WorkspaceLabel;

/** A point in document coordinates (page, not viewport) to place a popover against. */
export type Anchor = { left: number; top: number; bottom: number };

export function truncate(s: string, max: number): string {
  const cps = Array.from(s);
  return cps.length <= max ? s : `${cps.slice(0, max - 1).join("")}…`;
}
