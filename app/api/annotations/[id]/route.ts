import { ZDeleteAnnotation, ZUpdateAnnotation } from "@/lib/schemas/annotation";
import { runRoute } from "@/lib/server/api-route";
import { deleteAnnotation } from "@/lib/server/annotations/delete-annotation";
import { updateAnnotation } from "@/lib/server/annotations/update-annotation";

/**
 * Changes label, note and/or edges of one's own span: body { labelId?, note?, start?, end?, quote?, version? }
 * (new edges need all three); a stale version gets 409.
 */
export async function PATCH(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await params;
  return runRoute(request, ZUpdateAnnotation, { id }, updateAnnotation);
}

/** Deletes one's own span and returns it (clients can offer undo by re-creating it); body { version? }: 409 if stale. */
export async function DELETE(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await params;
  return runRoute(request, ZDeleteAnnotation, { id }, deleteAnnotation);
}
