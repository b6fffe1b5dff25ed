import { z } from "zod";
import { COLOUR_PATTERN, HOTKEY_PATTERN } from "@/lib/domain/taxonomy/rules";
import { ZId, wellFormed } from "./common";
import { MAX_LABEL_DEFINITION, MAX_LABEL_GUIDELINE, MAX_LABEL_INDEX, MAX_LABEL_NAME } from "./limits";

const ZHotkey = z
  .string()
  .trim()
  .toLowerCase()
  .transform((s) => (s === "" ? null : s))
  .pipe(z.string().regex(HOTKEY_PATTERN, "must be a single digit or letter").nullable());

export const ZLabelFields = z.object({
  name: wellFormed(MAX_LABEL_NAME, "name").pipe(z.string().trim().min(1, "is required")),
  definition: wellFormed(MAX_LABEL_DEFINITION, "definition").default(""),
  guideline: wellFormed(MAX_LABEL_GUIDELINE, "guideline").default(""),
  colour: z.string().regex(COLOUR_PATTERN, "must be a hex colour like #1f77b4"),
  hotkey: ZHotkey.nullable().default(null),
});

export const ZCreateLabel = ZLabelFields.extend({ projectId: ZId, groupId: ZId }).strict();
export type TCreateLabel = z.infer<typeof ZCreateLabel>;
export const ZUpdateLabel = ZLabelFields.partial().extend({ id: ZId }).strict();
export type TUpdateLabel = z.infer<typeof ZUpdateLabel>;
export const ZMoveLabel = z.object({ id: ZId, toIndex: z.number().int().min(0).max(MAX_LABEL_INDEX) }).strict();
export type TMoveLabel = z.infer<typeof ZMoveLabel>;
export const ZLabelId = z.object({ id: ZId }).strict();
export type TLabelId = z.infer<typeof ZLabelId>;

/** The label list's per-row buttons (a form with `op`); `index` is the label's position in its group. */
export const ZLabelOp = z.object({
  id: ZId,
  projectId: ZId,
  op: z.enum(["up", "down", "archive", "unarchive", "delete"]),
  index: z.coerce.number().int().min(0).max(MAX_LABEL_INDEX),
});
export type TLabelOp = z.infer<typeof ZLabelOp>;
