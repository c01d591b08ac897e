/**
 * The typed tRPC client for Node: scripts, tests and other services that reach
 * this app over HTTP. Same types as the page, no React.
 *
 *   const client = createNodeClient("http://127.0.0.1:3000", { serviceToken: process.env.ONBOARDING_SERVICE_TOKEN });
 *   const session = await client.livekit.join.mutate({ participantName: "Ada" });
 *
 * With sign-in configured, a service token (one of ONBOARDING_SERVICE_TOKENS,
 * see docs/access.md) is what lets it start sessions; in open mode none is needed.
 */
import { createTRPCClient, httpLink, TRPCClientError } from "@trpc/client";
import type { AppRouter } from "@/server/routers/_app";

export type NodeClient = ReturnType<typeof createNodeClient>;

export type NodeClientOptions = {
  /** Sent as `Authorization: Bearer …`. */
  serviceToken?: string | undefined;
  headers?: Record<string, string>;
};

export function createNodeClient(appUrl: string, options: NodeClientOptions = {}) {
  const headers = {
    ...options.headers,
    ...(options.serviceToken ? { authorization: `Bearer ${options.serviceToken}` } : {}),
  };
  return createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: new URL("/api/trpc", appUrl).toString(),
        headers: () => headers,
      }),
    ],
  });
}

/** What a failed call carries, without the transport details: for scripts that report it. */
export function describeClientError(error: unknown, appUrl?: string): { code: string; message: string; reason: string | null } {
  if (error instanceof TRPCClientError) {
    // The router's error formatter types `data` (contract/errors.ts); it is absent when the app never answered.
    const { data } = error as TRPCClientError<AppRouter>;
    if (data?.code) return { code: data.code, message: error.message, reason: data.reason };
    // No tRPC error shape: the request never got an answer from the app.
    return {
      code: "APP_UNREACHABLE",
      message: `Cannot reach the app${appUrl ? ` at ${appUrl}` : ""}: is it running (npm start)?`,
      reason: null,
    };
  }
  return { code: "UNKNOWN", message: error instanceof Error ? error.message : String(error), reason: null };
}
