import { DEFAULT_BOOTSTRAP } from "@/lib/domain/agreement/bootstrap/interval";
import { ZAgreementDownloadQuery } from "@/lib/schemas/agreement";
import { agreementCsv, projectAgreementJson } from "@/lib/server/agreement/agreement-download";
import { reliabilityReport } from "@/lib/server/agreement/reliability-report";
import { downloadHeaders, runGet } from "@/lib/server/api-route";
import { parseInput } from "@/lib/server/input";

export const dynamic = "force-dynamic";

/**
 * GET /api/projects/{projectId}/agreement?format=json|csv|html: the agreement dashboard's figures as a
 * download: JSON in the CLI's shape, one coefficient per CSV row, or the self-contained HTML reliability
 * report (1,000 bootstrap resamples, seed 1: the same annotations give the same file). 401 without a
 * session, 403 when the actor may not see the project's agreement figures (admins, the project's curators
 * and managers may), 404 unknown project, 422 bad format.
 */
export async function GET(request: Request, { params }: { params: Promise<{ projectId: string }> }): Promise<Response> {
  return runGet(async (actor) => {
    const { projectId } = await params;
    const { format } = parseInput(ZAgreementDownloadQuery, Object.fromEntries(new URL(request.url).searchParams));
    if (format === "html") {
      const { html, fileName } = await reliabilityReport(actor, projectId, { bootstrap: DEFAULT_BOOTSTRAP });
      return new Response(html, {
        headers: {
          ...downloadHeaders("text/html; charset=utf-8", fileName),
          // The report has no scripts and loads nothing: opened from here, it may not either.
          "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
        },
      });
    }
    const figures = await projectAgreementJson(actor, projectId);
    const stem = `agreement-${figures.project.id}-r${figures.revision}`;
    return format === "csv"
      ? new Response(agreementCsv(figures), { headers: downloadHeaders("text/csv; charset=utf-8", `${stem}.csv`) })
      : new Response(`${JSON.stringify(figures, null, 2)}\n`, {
          headers: downloadHeaders("application/json", `${stem}.json`),
        });
  });
}
