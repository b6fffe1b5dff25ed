import { ZExportFormat } from "@/lib/schemas/dataset";

/** The admin export form posts here (GET) with `format` as a field; it moves into the path. */
export function GET(request: Request): Response {
  const url = new URL(request.url);
  const format = ZExportFormat.safeParse(url.searchParams.get("format"));
  if (!format.success)
    return Response.json(
      {
        error: "Unknown export format.",
        code: "INVALID",
        fields: [{ field: "format", message: "is not a known format" }],
      },
      { status: 422 },
    );
  url.searchParams.delete("format");
  // A relative Location keeps the browser on the host it used, whatever proxy sits in front.
  return new Response(null, {
    status: 303,
    headers: { Location: `/api/export/${format.data}?${url.searchParams.toString()}` },
  });
}
