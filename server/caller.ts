/**
 * The server-side tRPC caller for route handlers and server components: the
 * same procedures, validation and errors as /api/trpc, with no HTTP hop.
 */
import "server-only";
import { createCaller } from "./routers/_app";
import { createTRPCContext } from "./trpc";

export function createServerCaller(headers: Headers) {
  return createCaller(createTRPCContext({ headers }));
}
