/** Prometheus metrics; see server/http/metrics-endpoint.ts. */
import { handleMetricsRequest } from "@/server/http/metrics-endpoint";

export const dynamic = "force-dynamic";

export const GET = handleMetricsRequest;
