import { ZCreateAnnotation } from "@/lib/schemas/annotation";
import { runRoute } from "@/lib/server/api-route";
import { createAnnotation } from "@/lib/server/annotations/create-annotation";

/** Creates a span of the signed-in reviewer: body { labelId, start, end, quote, note? } -> 201 with the span. */
export async function POST(
  request: Request,
  { params }: { params: Promise<{ articleId: string }> },
): Promise<Response> {
  const { articleId } = await params;
  return runRoute(request, ZCreateAnnotation, { articleId }, createAnnotation, 201);
}
