/** LiveKit's webhooks; see server/http/livekit-webhook.ts. */
import { handleLiveKitWebhook } from "@/server/http/livekit-webhook";

export const dynamic = "force-dynamic";

export const POST = handleLiveKitWebhook;
