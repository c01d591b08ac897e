/** The answer for an /api path no endpoint serves, in the same error shape as /api/token's. */
import "server-only";

export function handleUnknownApiRequest(): Response {
  return Response.json(
    { error: { code: "NOT_FOUND", message: "There is no such API endpoint." } },
    { status: 404, headers: { "cache-control": "no-store" } },
  );
}
