import { ZProgressCsvQuery } from "@/lib/schemas/progress";
import { currentActor } from "@/lib/server/auth";
import { statusOf, toActionError } from "@/lib/server/errors";
import { streamOf } from "@/lib/server/http/stream";
import { parseInput } from "@/lib/server/input";
import { progressCsv } from "@/lib/server/progress/progress-csv";

export const dynamic = "force-dynamic";

/**
 * GET /api/projects/{projectId}/progress?format=csv&view=annotators|articles: the study page's progress
 * as CSV, for the project's curators and managers. 401 without a session, 403 for other members and
 * outsiders, 404 for an unknown project, 422 for a bad parameter.
 */
export async function GET(request: Request, { params }: { params: Promise<{ projectId: string }> }): Promise<Response> {
  try {
    const actor = await currentActor();
    if (!actor)
      return Response.json({ error: "Please sign in.", code: "UNAUTHENTICATED", fields: [] }, { status: 401 });
    const query = Object.fromEntries(new URL(request.url).searchParams);
    const input = parseInput(ZProgressCsvQuery, { ...query, projectId: (await params).projectId });
    const chunks = await progressCsv(actor, input);
    const stamp = new Date().toISOString().slice(0, 10);
    return new Response(streamOf(chunks), {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="framewise-progress-${input.view}-${input.projectId}-${stamp}.csv"`,
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
      },
    });
  } catch (e) {
    const body = toActionError(e);
    return Response.json(
      { error: body.error, code: body.code, fields: body.fields },
      { status: statusOf(e), headers: { "Cache-Control": "no-store" } },
    );
  }
}
