import "server-only";
import type { ActionResult } from "./errors";

/** The text fields a user typed, sent back with a refusal so the form shows them again (React resets forms). */
export type KeptValues = { values?: Record<string, string> };

/** Fields never echoed back: secrets, and Next's own action fields. */
const NEVER_KEPT = /password|token|^\$/i;

/** A refused result carries the form's text values (files and secrets left out); a success is returned as is. */
export function keepValues<T>(result: ActionResult<T>, form: FormData): ActionResult<T> & KeptValues {
  if (result.ok) return result;
  const values: Record<string, string> = {};
  // A repeated field (ticked checkboxes) keeps every value, one per line.
  for (const [k, v] of form.entries())
    if (typeof v === "string" && !NEVER_KEPT.test(k)) values[k] = k in values ? `${values[k]}\n${v}` : v;
  return { ...result, values };
}
