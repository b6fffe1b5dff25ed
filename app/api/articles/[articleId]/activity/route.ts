import { ZActivityReport } from "@/lib/schemas/activity";
import { runRoute } from "@/lib/server/api-route";
import { recordActivity } from "@/lib/server/activity/record-activity";

/** Adds active time of the signed-in annotator on the article: body { ms } -> 200 with the article's total. */
export async function POST(
  request: Request,
  { params }: { params: Promise<{ articleId: string }> },
): Promise<Response> {
  const { articleId } = await params;
  return runRoute(request, ZActivityReport, { articleId }, recordActivity);
}
