import { ZId } from "@/lib/schemas/common";
import { agreementCsv, projectAgreementJson } from "@/lib/server/agreement/agreement-download";
import { currentActor } from "@/lib/server/auth";
import { statusOf, toActionError } from "@/lib/server/errors";

export const dynamic = "force-dynamic";

const fail = (status: number, code: string, error: string, fields: { field: string; message: string }[] = []) =>
  Response.json({ error, code, fields }, { status, headers: { "Cache-Control": "no-store" } });

/**
 * GET /api/projects/{projectId}/agreement?format=json|csv: the agreement dashboard's figures as a
 * download (JSON in the CLI's shape, or one coefficient per CSV row). 401 without a session, 403 for
 * a reviewer, 404 unknown project, 422 bad format.
 */
export async function GET(request: Request, { params }: { params: Promise<{ projectId: string }> }): Promise<Response> {
  try {
    const actor = await currentActor();
    if (!actor) return fail(401, "UNAUTHENTICATED", "Please sign in.");
    const { projectId } = await params;
    if (!ZId.safeParse(projectId).success)
      return fail(404, "NOT_FOUND", "projectId: no such project", [{ field: "projectId", message: "no such project" }]);
    const format = new URL(request.url).searchParams.get("format") ?? "json";
    if (format !== "json" && format !== "csv")
      return fail(422, "INVALID", "format: must be json or csv", [{ field: "format", message: "must be json or csv" }]);
    const figures = await projectAgreementJson(actor, projectId);
    const stem = `agreement-${figures.project.id}-r${figures.revision}`;
    const headers = (type: string, ext: string) => ({
      "Content-Type": type,
      "Content-Disposition": `attachment; filename="${stem}.${ext}"`,
      "Cache-Control": "no-store",
    });
    return format === "csv"
      ? new Response(agreementCsv(figures), { headers: headers("text/csv; charset=utf-8", "csv") })
      : new Response(`${JSON.stringify(figures, null, 2)}\n`, { headers: headers("application/json", "json") });
  } catch (e) {
    const body = toActionError(e);
    return fail(statusOf(e), body.code, body.error, body.fields);
  }
}
