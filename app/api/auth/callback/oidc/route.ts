/** Where the identity provider sends a member back; see server/http/auth-endpoints.ts. */
import { handleCallback } from "@/server/http/auth-endpoints";

export const dynamic = "force-dynamic";

export const GET = handleCallback;
