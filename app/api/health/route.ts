/** Liveness and readiness; see server/http/health-endpoint.ts. */
import { handleHealthRequest } from "@/server/http/health-endpoint";

export const dynamic = "force-dynamic";

export const GET = handleHealthRequest;
