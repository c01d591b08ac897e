/**
 * GET /api/health: liveness and readiness in one JSON document.
 *
 * 200 when ready (LiveKit reachable, credentials accepted), 503 when not. The
 * process answering at all is the liveness signal; `live` is always true here.
 * Readiness comes from the cached probe (server/livekit/readiness.ts), so
 * frequent probing costs LiveKit at most one call per interval.
 */
import "server-only";
import { TRPCError } from "@trpc/server";
import { createServerCaller } from "../caller";

export async function handleHealthRequest(request: Request): Promise<Response> {
  const headers = { "cache-control": "no-store" };
  try {
    const readiness = await createServerCaller(request.headers).system.readiness();
    return Response.json({ live: true, ...readiness }, { status: readiness.ready ? 200 : 503, headers });
  } catch (error) {
    // Only a configuration problem gets here: the probe itself never throws.
    const message = error instanceof TRPCError ? error.message : "The server is not ready.";
    return Response.json({ live: true, ready: false, error: { message } }, { status: 503, headers });
  }
}
