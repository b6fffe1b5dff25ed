import { DEFAULT_BOOTSTRAP } from "@/lib/domain/agreement/bootstrap/interval";
import { reliabilityReport } from "@/lib/server/agreement/reliability-report";
import { currentActor } from "@/lib/server/auth";
import { statusOf, toActionError } from "@/lib/server/errors";

export const dynamic = "force-dynamic";

/**
 * GET /api/agreement/{projectId}/report: the project's reliability report as a self-contained HTML download
 * (1,000 bootstrap resamples, seed 1: the same annotations give the same file). 401 without a session, 403
 * when the actor may not see the project's agreement figures (admins, the project's curators and managers
 * may), 404 unknown project.
 */
export async function GET(
  _request: Request,
  { params }: { params: Promise<{ projectId: string }> },
): Promise<Response> {
  try {
    const actor = await currentActor();
    if (!actor)
      return Response.json({ error: "Please sign in.", code: "UNAUTHENTICATED", fields: [] }, { status: 401 });
    const { projectId } = await params;
    const { html, fileName } = await reliabilityReport(actor, projectId, { bootstrap: DEFAULT_BOOTSTRAP });
    return new Response(html, {
      headers: {
        "Content-Type": "text/html; charset=utf-8",
        "Content-Disposition": `attachment; filename="${fileName}"`,
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
        // The report has no scripts and loads nothing: opened from here, it may not either.
        "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
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
