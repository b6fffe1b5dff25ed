"use server";

import { ZExportPreview } from "@/lib/schemas/dataset";
import { runAction } from "@/lib/server/action";
import { previewExport } from "@/lib/server/dataset/preview-export";

/** The export form's check before downloading: what the filters select, or which field is wrong. */
export async function previewExportAction(raw: unknown) {
  return runAction(ZExportPreview, raw, previewExport);
}
