import { ZProgressCsvQuery } from "@/lib/schemas/progress";
import { downloadHeaders, runGet } from "@/lib/server/api-route";
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
  return runGet(async (actor) => {
    const query = Object.fromEntries(new URL(request.url).searchParams);
    const input = parseInput(ZProgressCsvQuery, { ...query, projectId: (await params).projectId });
    const chunks = await progressCsv(actor, input);
    const stamp = new Date().toISOString().slice(0, 10);
    const name = `framewise-progress-${input.view}-${input.projectId}-${stamp}.csv`;
    return new Response(streamOf(chunks), { headers: downloadHeaders("text/csv; charset=utf-8", name) });
  });
}
