/**
 * Onboarding contexts: what a deployment can onboard people onto.
 *
 * One deployment may serve several repositories. Each context has an id that
 * clients may name, and server-only facts they never send: the title, the repo
 * root and the agent to dispatch. The configuration is JSON (a file or an
 * inline variable), read and validated by contract/contexts-config.ts, which
 * the guide worker reads too.
 */
import "server-only";
import type { ContextsFile } from "@/contract/contexts-config";
import type { ContextChoices } from "@/contract/join";
import type { RoomContext } from "@/contract/room-metadata";

export type OnboardingContexts = Readonly<{
  defaultId: string;
  /** In the order the configuration lists them; the page shows them in this order. */
  list: readonly RoomContext[];
}>;

export function contextsFromFile(file: ContextsFile): OnboardingContexts {
  const list = Object.entries(file.contexts).map(([id, entry]) =>
    Object.freeze({ id, title: entry.title, repoRoot: entry.repoRoot, ...(entry.agentName ? { agentName: entry.agentName } : {}) }),
  );
  const defaultId = file.default ?? list[0]!.id;
  return Object.freeze({ defaultId, list: Object.freeze(list) });
}

/** The context a join asked for, or the default; undefined for an id this deployment does not serve. */
export function findContext(contexts: OnboardingContexts, id: string | undefined): RoomContext | undefined {
  const wanted = id ?? contexts.defaultId;
  return contexts.list.find((context) => context.id === wanted);
}

/** What the page may show before anyone joins: ids and titles, not repo roots. */
export function listContextChoices(contexts: OnboardingContexts): ContextChoices {
  return {
    defaultId: contexts.defaultId,
    contexts: contexts.list.map((context) => ({ id: context.id, title: context.title, hasAgent: Boolean(context.agentName) })),
  };
}
