/** Liveness; see server/http/health-endpoint.ts. */
import { handleLiveRequest } from "@/server/http/health-endpoint";

export const dynamic = "force-dynamic";

export const GET = handleLiveRequest;
