/**
 * GET /api/metrics: the app's Prometheus metrics (server/metrics.ts), in
 * Prometheus's text format, for a caller with a service token (a Bearer
 * token from ONBOARDING_SERVICE_TOKENS, as Prometheus's scrape config sends
 * it). A route handler cannot see the peer's address, so there is no
 * "local only" here: the token is the whole decision.
 */
import "server-only";
import { actorFromHeaders } from "../access/actor";
import { getConfig } from "../env";
import { errorResponse } from "../errors";
import { AppFailure } from "../failures";
import { metricsRegistry } from "../metrics";

export async function handleMetricsRequest(request: Request): Promise<Response> {
  const actor = await actorFromHeaders(request.headers, getConfig().access);
  if (actor.kind !== "service") {
    return errorResponse(
      new AppFailure(
        "SERVICE_TOKEN_REJECTED",
        actor.kind === "anonymous" && actor.rejectedServiceToken
          ? "This service token is not one this server knows (see ONBOARDING_SERVICE_TOKENS)."
          : "The metrics need a service token: send Authorization: Bearer <token> (see ONBOARDING_SERVICE_TOKENS).",
      ),
      { "www-authenticate": "Bearer" },
    );
  }
  return new Response(await metricsRegistry.metrics(), {
    headers: { "content-type": metricsRegistry.contentType, "cache-control": "no-store" },
  });
}
