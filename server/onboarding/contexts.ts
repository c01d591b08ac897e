/**
 * Onboarding contexts: what a deployment can onboard people onto.
 *
 * One deployment may serve several repositories. Each context has an id that
 * clients may name, and server-only facts they never send: the title, the repo
 * root and the agent to dispatch. The configuration is JSON (a file or an
 * inline variable, see server/env.ts), validated here with zod.
 */
import "server-only";
import { z } from "zod";
import type { ContextChoices } from "@/contract/join";
import { AgentName, CONTEXT_TITLE_MAX, ContextId, REPO_ROOT_MAX, type RoomContext } from "@/contract/room-metadata";

const ContextEntry = z.strictObject({
  title: z.string().trim().min(1, "title is required").max(CONTEXT_TITLE_MAX, `title can be at most ${CONTEXT_TITLE_MAX} characters`),
  repoRoot: z.string().trim().min(1, "repoRoot is required").max(REPO_ROOT_MAX, `repoRoot can be at most ${REPO_ROOT_MAX} characters`),
  agentName: z.optional(AgentName),
});

export const ContextsFile = z
  .strictObject({
    default: z.optional(ContextId),
    contexts: z.record(z.string(), ContextEntry).refine((contexts) => Object.keys(contexts).length > 0, "name at least one context"),
  })
  .superRefine((file, ctx) => {
    const ids = Object.keys(file.contexts);
    for (const id of ids) {
      const valid = ContextId.safeParse(id);
      // zod's own record-key message ("Invalid key in record") says nothing useful.
      if (!valid.success) ctx.addIssue({ code: "custom", path: ["contexts", id], message: valid.error.issues[0]!.message });
    }
    if (file.default === undefined && ids.length > 1) {
      ctx.addIssue({ code: "custom", path: ["default"], message: "is required when there is more than one context" });
    }
    if (file.default !== undefined && !ids.includes(file.default)) {
      ctx.addIssue({ code: "custom", path: ["default"], message: `names "${file.default}", which is not in contexts` });
    }
  });
export type ContextsFile = z.infer<typeof ContextsFile>;

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

/** The single context a deployment has when it only sets ONBOARDING_REPO_ROOT (and maybe an agent). */
export function singleContext(repoRoot: string, agentName?: string): OnboardingContexts {
  return contextsFromFile({
    default: "default",
    contexts: { default: { title: "Onboarding", repoRoot, ...(agentName ? { agentName } : {}) } },
  });
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
