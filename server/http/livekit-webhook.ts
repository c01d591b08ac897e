/**
 * LiveKit's webhooks (POST /api/livekit/webhook): the server's own word on
 * what happens in rooms, for what only it sees (who connected, with which
 * token). LiveKit signs every delivery with our API key and secret (a JWT in
 * `Authorization` that carries the body's SHA-256); livekit-server-sdk's
 * WebhookReceiver checks both, and anything unsigned is refused before it
 * is read as an event. The events themselves are handled in
 * server/livekit/webhook-events.ts.
 *
 * LiveKit must be told where to send them (docs/operations.md); the
 * embedded server of `npm start` is.
 *
 * @see https://docs.livekit.io/home/server/webhooks/
 */
import "server-only";
import { WebhookReceiver } from "livekit-server-sdk";
import { getConfig } from "../env";
import { errorResponse } from "../errors";
import { AppFailure } from "../failures";
import { liveKitServices } from "../livekit/services";
import { handleWebhookEvent } from "../livekit/webhook-events";
import { logger } from "../logger";
import { readBodyText } from "./json-body";

/** Far beyond any event LiveKit sends (one room, one participant or track). */
const MAX_BODY_BYTES = 256 * 1024;

export async function handleLiveKitWebhook(request: Request): Promise<Response> {
  const config = getConfig();
  const body = await readBodyText(request, MAX_BODY_BYTES);
  if (!body.ok) return errorResponse(new AppFailure("PAYLOAD_TOO_LARGE", body.message), { connection: "close" });
  const receiver = new WebhookReceiver(config.livekit.apiKey, config.livekit.apiSecret);
  let event: Awaited<ReturnType<WebhookReceiver["receive"]>>;
  try {
    event = await receiver.receive(body.text, request.headers.get("authorization") ?? undefined);
  } catch {
    logger.warn({ event: "webhook", outcome: "UNAUTHORIZED" }, "a webhook without LiveKit's signature was refused");
    return errorResponse(
      new AppFailure("WEBHOOK_SIGNATURE_INVALID", "This endpoint takes only webhooks signed by this app's LiveKit server."),
    );
  }
  try {
    await handleWebhookEvent(liveKitServices(config), event, logger);
  } catch (error) {
    // LiveKit retries a failed delivery: answer with what went wrong, mapped like every other failure.
    return errorResponse(error);
  }
  return new Response(null, { status: 204 });
}
