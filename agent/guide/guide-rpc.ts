/**
 * How the guide serves RPC methods to its room (the code view, the map, the
 * tour): every request is untrusted input, parsed with the contract's schema;
 * each caller (by identity) has one budget of calls per window across all
 * methods; every refusal is an RpcError with one of the contract's codes, a
 * sentence for a person and `{ reason }`; and anything unexpected is logged
 * by its kind only (its text could hold a path outside the root) and
 * answered with a sentence.
 */
import { type Room, RpcError, type RpcInvocationData } from "@livekit/rtc-node";
import { LRUCache } from "lru-cache";
import type { z } from "zod/mini";
import { CODE_VIEW_ERRORS, type CodeViewError } from "@/contract/code-view";
import { ROLE_ATTRIBUTE } from "@/contract/join";
import type { RepositoryKnowledge } from "../knowledge";
import { NO_REPORTER, type Reporter } from "../metrics/reporter";
import type { Logger } from "./logger";

/** How long a call waits for the repository to be read: LiveKit clients give a handler 8 s by default. */
const READY_WAIT_MS = 6_000;

/** How many calls one participant may make per window. */
export type CodeViewBudget = { calls: number; windowMs: number };

export function refused(error: CodeViewError, sentence: string, reason: string = error.toLowerCase()): RpcError {
  return new RpcError(CODE_VIEW_ERRORS[error], sentence.slice(0, 250), JSON.stringify({ reason }));
}

export type GuideRpc = ReturnType<typeof guideRpc>;

export function guideRpc(
  room: Room,
  knowledge: RepositoryKnowledge | undefined,
  budget: CodeViewBudget,
  log: Logger,
  metrics: Reporter = NO_REPORTER,
) {
  const spent = new LRUCache<string, { count: number }>({ max: 10_000, ttl: budget.windowMs });

  function spend(caller: string) {
    const used = spent.get(caller) ?? { count: 0 };
    if (!spent.has(caller)) spent.set(caller, used);
    used.count += 1;
    if (used.count > budget.calls) {
      const seconds = Math.ceil(budget.windowMs / 1000);
      throw refused("TOO_MANY_REQUESTS", `That is a lot of reading at once: try again within ${seconds} s.`);
    }
  }

  /**
   * The revision the index is at, once it is ready: a call that comes while
   * the repository is still being read waits for it a while (within a
   * caller's RPC timeout), then is refused with NOT_READY.
   */
  async function readyRevision(): Promise<string> {
    if (!knowledge) throw refused("NOT_READY", "This room's guide cannot read its repository.");
    if (knowledge.state.status === "loading" || knowledge.state.status === "building") {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([knowledge.settled, new Promise((resolve) => (timer = setTimeout(resolve, READY_WAIT_MS)))]);
      clearTimeout(timer);
    }
    const state = knowledge.state;
    if (state.status === "ready") return state.revision;
    if (state.status === "failed") throw refused("NOT_READY", `The guide cannot read the repository: ${state.reason}.`);
    throw refused("NOT_READY", "The guide is still reading the repository. Try again in a moment.");
  }

  /** The caller, if it is a person the server let in (members and guests alike carry the role it set); refuses anyone else. */
  function person(callerIdentity: string, doing: string) {
    const caller = room.remoteParticipants.get(callerIdentity);
    if (!caller?.attributes[ROLE_ATTRIBUTE]) throw refused("INVALID_REQUEST", `Only people in this session can ${doing}.`, "not-a-person");
    return caller;
  }

  function serve<S extends z.ZodMiniType>(
    method: string,
    schema: S,
    handle: (request: z.infer<S>, callerIdentity: string) => Promise<unknown>,
  ) {
    room.localParticipant!.registerRpcMethod(method, async ({ callerIdentity, payload }: RpcInvocationData) => {
      try {
        spend(callerIdentity);
        let json: unknown;
        try {
          json = JSON.parse(payload);
        } catch {
          throw refused("INVALID_REQUEST", "The request is not JSON.");
        }
        const parsed = schema.safeParse(json);
        if (!parsed.success) throw refused("INVALID_REQUEST", parsed.error.issues.map((issue) => issue.message).join("; "));
        return JSON.stringify(await handle(parsed.data, callerIdentity));
      } catch (error) {
        if (error instanceof RpcError) {
          log.info({ event: method, caller: callerIdentity, outcome: error.code }, "refused");
          metrics.report({ type: "refusal", method, code: Number(error.code) });
          throw error;
        }
        // Never the error's text: it could hold a path outside the root.
        log.warn({ event: method, caller: callerIdentity, error: error instanceof Error ? error.name : typeof error }, "failed");
        throw refused("NOT_READY", "The guide could not do that just now. Try again.", "failed");
      }
    });
  }

  return { serve, readyRevision, person, log };
}
