/** Readiness, under its historical path; see server/http/health-endpoint.ts. */
import { handleReadyRequest } from "@/server/http/health-endpoint";

export const dynamic = "force-dynamic";

export const GET = handleReadyRequest;
