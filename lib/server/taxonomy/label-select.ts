import "server-only";

/** A label as the annotator, the compare view and the taxonomy editor show it. */
export const labelSelect = {
  id: true,
  name: true,
  definition: true,
  guideline: true,
  colour: true,
  hotkey: true,
  archivedAt: true,
} as const;

/** The project's labels in the order every view lists them: by group, then within the group. */
export const labelOrder = [{ group: { order: "asc" as const } }, { order: "asc" as const }];
