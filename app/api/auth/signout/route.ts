/** Ends a member's session; see server/http/auth-endpoints.ts. */
import { handleSignOut } from "@/server/http/auth-endpoints";

export const dynamic = "force-dynamic";

export const POST = handleSignOut;
