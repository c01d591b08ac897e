/** LiveKit's standard token endpoint; see server/http/token-endpoint.ts. */
import { handleTokenRequest } from "@/server/http/token-endpoint";

export const dynamic = "force-dynamic";

export const POST = handleTokenRequest;
