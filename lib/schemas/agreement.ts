import { z } from "zod";

export const AGREEMENT_DOWNLOAD_FORMATS = ["json", "csv", "html"] as const;

/** GET /api/projects/[projectId]/agreement?format=json|csv|html (other parameters are ignored). */
export const ZAgreementDownloadQuery = z.object({
  format: z.enum(AGREEMENT_DOWNLOAD_FORMATS, { error: "must be json, csv or html" }).default("json"),
});
export type TAgreementDownloadQuery = z.infer<typeof ZAgreementDownloadQuery>;
