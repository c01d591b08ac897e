/** The tRPC endpoint; see server/http/trpc-endpoint.ts. */
import { handleTrpcRequest } from "@/server/http/trpc-endpoint";

export const dynamic = "force-dynamic";

export { handleTrpcRequest as GET, handleTrpcRequest as POST };
