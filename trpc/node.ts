/**
 * The typed tRPC client for Node: scripts, tests and other services that reach
 * this app over HTTP. Same types as the page, no React.
 *
 *   const client = createNodeClient("http://127.0.0.1:3000");
 *   const session = await client.livekit.join.mutate({ participantName: "Ada" });
 */
import { createTRPCClient, httpLink, TRPCClientError } from "@trpc/client";
import type { AppRouter } from "@/server/routers/_app";

export type NodeClient = ReturnType<typeof createNodeClient>;

export function createNodeClient(appUrl: string, options: { headers?: Record<string, string> } = {}) {
  return createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: new URL("/api/trpc", appUrl).toString(),
        headers: () => options.headers ?? {},
      }),
    ],
  });
}

/** What a failed call carries, without the transport details: for scripts that report it. */
export function describeClientError(error: unknown, appUrl?: string): { code: string; message: string; reason: string | null } {
  if (error instanceof TRPCClientError) {
    const data = error.data as { code?: string; reason?: string | null } | undefined;
    if (data?.code) return { code: data.code, message: error.message, reason: data.reason ?? null };
    // No tRPC error shape: the request never got an answer from the app.
    return {
      code: "APP_UNREACHABLE",
      message: `Cannot reach the app${appUrl ? ` at ${appUrl}` : ""}: is it running (npm start)?`,
      reason: null,
    };
  }
  return { code: "UNKNOWN", message: error instanceof Error ? error.message : String(error), reason: null };
}
