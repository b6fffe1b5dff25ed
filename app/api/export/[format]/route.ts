import { exportQueryObject, ZExportFormat, ZExportRequest } from "@/lib/schemas/dataset";
import { downloadHeaders, runGet } from "@/lib/server/api-route";
import { exportFile, startExport } from "@/lib/server/dataset/run-export";
import { AppError } from "@/lib/server/errors";
import { streamOf } from "@/lib/server/http/stream";
import { parseInput } from "@/lib/server/input";

export const dynamic = "force-dynamic";

/**
 * GET /api/export/{spans-csv|gold-csv|articles-csv|bio|jsonl}?projectId=…&labelIds=a,b&reviewerIds=…&articleIds=…
 *   &status=done&from=2025-01-01&to=2025-03-31&layer=annotation|gold|both&pseudonymise=1&excel=1&bom=1&bioFormat=conll|csv&context=60
 * 401 without a session, 403 when the actor may not export this, 404 unknown format or project, 422 bad parameters.
 */
export async function GET(request: Request, { params }: { params: Promise<{ format: string }> }): Promise<Response> {
  return runGet(async (actor) => {
    const format = ZExportFormat.safeParse((await params).format);
    if (!format.success) throw new AppError("NOT_FOUND", "Unknown export format.");
    const { filters, options } = parseInput(ZExportRequest, exportQueryObject(new URL(request.url).searchParams));
    const chunks = await startExport(actor, format.data, filters, options);
    const file = exportFile(format.data, options);
    const stamp = new Date().toISOString().slice(0, 10);
    const name = `framewise-${format.data}${filters.projectId ? `-${filters.projectId}` : ""}-${stamp}.${file.extension}`;
    return new Response(streamOf(chunks), { headers: downloadHeaders(file.contentType, name) });
  });
}
