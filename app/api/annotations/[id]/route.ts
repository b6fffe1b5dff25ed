import { ZDeleteAnnotation, ZUpdateAnnotation } from "@/lib/schemas/annotation";
import { runRoute } from "@/lib/server/api-route";
import { deleteAnnotation } from "@/lib/server/annotations/delete-annotation";
import { updateAnnotation } from "@/lib/server/annotations/update-annotation";

/** Changes label and/or note of one's own span: body { labelId?, note?, version? }; a stale version gets 409. */
export async function PATCH(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await params;
  return runRoute(request, ZUpdateAnnotation, { id }, updateAnnotation);
}

/** Deletes one's own span and returns it (clients can offer undo by re-creating it). */
export async function DELETE(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await params;
  return runRoute(request, ZDeleteAnnotation, { id }, deleteAnnotation);
}
