/**
 * The server-side tRPC caller for route handlers and server components: the
 * same procedures, validation, policy and errors as /api/trpc, with no HTTP
 * hop. The caller names its actor: a request's (actorFromHeaders), a service,
 * or ANONYMOUS, never a default.
 */
import "server-only";
import type { Actor } from "./access/actor";
import { createCaller } from "./routers/_app";
import { createTRPCContext } from "./trpc";

export function createServerCaller({ headers, actor }: { headers: Headers; actor: Actor }) {
  return createCaller(createTRPCContext({ headers, actor }));
}
