/** Starts a member's sign-in; see server/http/auth-endpoints.ts. */
import { handleSignIn } from "@/server/http/auth-endpoints";

export const dynamic = "force-dynamic";

export const GET = handleSignIn;
