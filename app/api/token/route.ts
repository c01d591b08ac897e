/** LiveKit's standard token endpoint; see server/http/token-endpoint.ts. (`npm start` serves it through server/http/api.ts without Next.) */
import { handleTokenRequest } from "@/server/http/token-endpoint";

export const dynamic = "force-dynamic";

export const POST = handleTokenRequest;
