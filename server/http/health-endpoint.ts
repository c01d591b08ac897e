/**
 * Health, as orchestrators probe it:
 *  - GET /api/health/live: 200 while this process serves. It never asks
 *    LiveKit, so an instance is not restarted for LiveKit's fault.
 *  - GET /api/health/ready (and /api/health): 200 when this instance can mint
 *    useful tokens (LiveKit reachable, credentials accepted), 503 when not, and
 *    503 from the moment it starts draining (server/lifecycle.ts).
 * The status code is for anyone (probes send no credentials); what LiveKit
 * said, and how fast, only for a caller with a service token.
 * Readiness comes from the cached probe (server/livekit/readiness.ts), so
 * frequent probing costs LiveKit at most one call per interval.
 */
import "server-only";
import { actorFromHeaders } from "../access/actor";
import { createServerCaller } from "../caller";
import { getConfig } from "../env";
import { isDraining } from "../lifecycle";

const NO_STORE = { "cache-control": "no-store" };

export function handleLiveRequest(): Response {
  return Response.json({ live: true }, { headers: NO_STORE });
}

function draining(): Response {
  return Response.json({ live: true, ready: false, draining: true }, { status: 503, headers: NO_STORE });
}

export async function handleReadyRequest(request: Request): Promise<Response> {
  if (isDraining()) return draining();
  const actor = await actorFromHeaders(request.headers, getConfig().access);
  const readiness = await createServerCaller({ headers: request.headers, actor }).system.readiness();
  // A probe answered after the drain began says so, whatever LiveKit said.
  if (isDraining()) return draining();
  const body = { live: true, ready: readiness.ready, draining: false, ...(actor.kind === "service" ? readiness : {}) };
  return Response.json(body, { status: readiness.ready ? 200 : 503, headers: NO_STORE });
}
