import { exportQueryObject, ZExportFormat, ZExportRequest } from "@/lib/schemas/dataset";
import { currentActor } from "@/lib/server/auth";
import { exportFile, startExport } from "@/lib/server/dataset/run-export";
import { statusOf, toActionError } from "@/lib/server/errors";
import { streamOf } from "@/lib/server/http/stream";
import { parseInput } from "@/lib/server/input";

export const dynamic = "force-dynamic";

function errorResponse(e: unknown): Response {
  const body = toActionError(e);
  return Response.json(
    { error: body.error, code: body.code, fields: body.fields },
    { status: statusOf(e), headers: { "Cache-Control": "no-store" } },
  );
}

/**
 * GET /api/export/{spans-csv|gold-csv|articles-csv|bio|jsonl}?projectId=…&labelIds=a,b&reviewerIds=…&articleIds=…
 *   &status=done&from=2025-01-01&to=2025-03-31&layer=annotation|gold|both&pseudonymise=1&excel=1&bom=1&bioFormat=conll|csv&context=60
 * 401 without a session, 403 when the actor may not export this, 404 unknown format or project, 422 bad parameters.
 */
export async function GET(request: Request, { params }: { params: Promise<{ format: string }> }): Promise<Response> {
  try {
    const actor = await currentActor();
    if (!actor)
      return Response.json({ error: "Please sign in.", code: "UNAUTHENTICATED", fields: [] }, { status: 401 });
    const format = ZExportFormat.safeParse((await params).format);
    if (!format.success)
      return Response.json({ error: "Unknown export format.", code: "NOT_FOUND", fields: [] }, { status: 404 });
    const { filters, options } = parseInput(ZExportRequest, exportQueryObject(new URL(request.url).searchParams));
    const chunks = await startExport(actor, format.data, filters, options);
    const file = exportFile(format.data, options);
    const stamp = new Date().toISOString().slice(0, 10);
    const name = `framewise-${format.data}${filters.projectId ? `-${filters.projectId}` : ""}-${stamp}.${file.extension}`;
    return new Response(streamOf(chunks), {
      headers: {
        "Content-Type": file.contentType,
        "Content-Disposition": `attachment; filename="${name}"`,
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
      },
    });
  } catch (e) {
    return errorResponse(e);
  }
}
