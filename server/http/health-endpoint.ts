/**
 * Health, as orchestrators probe it:
 *  - GET /api/health/live: 200 while this process serves. It never asks
 *    LiveKit, so an instance is not restarted for LiveKit's fault.
 *  - GET /api/health/ready (and /api/health): 200 when this instance can mint
 *    useful tokens (LiveKit reachable, credentials accepted), 503 when not, and
 *    503 from the moment it starts draining (server/lifecycle.ts).
 * Readiness comes from the cached probe (server/livekit/readiness.ts), so
 * frequent probing costs LiveKit at most one call per interval.
 */
import "server-only";
import { TRPCError } from "@trpc/server";
import { ANONYMOUS } from "../access/actor";
import { createServerCaller } from "../caller";
import { isDraining } from "../lifecycle";

const NO_STORE = { "cache-control": "no-store" };

export function handleLiveRequest(): Response {
  return Response.json({ live: true }, { headers: NO_STORE });
}

function draining(): Response {
  return Response.json(
    { live: true, ready: false, draining: true, error: { message: "This instance is shutting down." } },
    { status: 503, headers: NO_STORE },
  );
}

export async function handleReadyRequest(request: Request): Promise<Response> {
  if (isDraining()) return draining();
  try {
    const readiness = await createServerCaller({ headers: request.headers, actor: ANONYMOUS }).system.readiness();
    // A probe answered after the drain began says so, whatever LiveKit said.
    if (isDraining()) return draining();
    return Response.json({ live: true, draining: false, ...readiness }, { status: readiness.ready ? 200 : 503, headers: NO_STORE });
  } catch (error) {
    // Only a configuration problem gets here: the probe itself never throws.
    const message = error instanceof TRPCError ? error.message : "The server is not ready.";
    return Response.json({ live: true, ready: false, draining: false, error: { message } }, { status: 503, headers: NO_STORE });
  }
}
