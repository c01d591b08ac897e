/**
 * A deployment's onboarding contexts, as its configuration names them: the
 * same variables for the app (server/env.ts), which offers them, and for the
 * guide worker (agent/config.ts), which reads only their repo roots.
 *
 * One place names them: ONBOARDING_CONTEXTS_FILE (a JSON file),
 * ONBOARDING_CONTEXTS (the same JSON inline), or else ONBOARDING_REPO_ROOT as
 * the single default context (this project's folder when unset). Mixing them
 * is refused rather than guessed at. Problems name variables and fields,
 * never values.
 *
 * No Node APIs here: the caller passes the file reader.
 */
import { z } from "zod/mini";
import { AgentName, CONTEXT_TITLE_MAX, ContextId, DEFAULT_GUIDE_NAME, REPO_ROOT_MAX } from "./room-metadata";

/** A required text field of a context, trimmed and bounded. */
const field = (name: string, max: number) =>
  z.string().check(z.trim(), z.minLength(1, `${name} is required`), z.maxLength(max, `${name} can be at most ${max} characters`));

const ContextEntry = z.strictObject({
  title: field("title", CONTEXT_TITLE_MAX),
  repoRoot: field("repoRoot", REPO_ROOT_MAX),
  agentName: z.optional(AgentName),
});

export const ContextsFile = z
  .strictObject({
    default: z.optional(ContextId),
    contexts: z
      .record(z.string(), ContextEntry)
      .check(z.refine((contexts) => Object.keys(contexts).length > 0, "name at least one context")),
  })
  .check(
    z.superRefine((file, ctx) => {
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
    }),
  );
export type ContextsFile = z.infer<typeof ContextsFile>;

export type ContextsVariables = Partial<
  Record<"ONBOARDING_CONTEXTS_FILE" | "ONBOARDING_CONTEXTS" | "ONBOARDING_REPO_ROOT" | "ONBOARDING_AGENT_NAME", string>
>;

export type ContextsConfig = { ok: true; file: ContextsFile } | { ok: false; problems: string[] };

/**
 * The contexts the variables name. `readFile` reads ONBOARDING_CONTEXTS_FILE
 * (throwing an error with a `code`, as Node's does); `defaultRoot` is the
 * repo root when nothing names one.
 */
export function readContextsConfig(variables: ContextsVariables, readFile: (file: string) => string, defaultRoot: string): ContextsConfig {
  const sources = (["ONBOARDING_CONTEXTS_FILE", "ONBOARDING_CONTEXTS"] as const).filter((name) => variables[name]);
  if (sources.length === 0) {
    const repoRoot = variables.ONBOARDING_REPO_ROOT ?? defaultRoot;
    const agentName = variables.ONBOARDING_AGENT_NAME ?? DEFAULT_GUIDE_NAME;
    return { ok: true, file: { default: "default", contexts: { default: { title: "Onboarding", repoRoot, agentName } } } };
  }
  const variable = sources[0]!;
  const conflicting = [
    ...sources.slice(1),
    ...(["ONBOARDING_REPO_ROOT", "ONBOARDING_AGENT_NAME"] as const).filter((name) => variables[name]),
  ];
  if (conflicting.length > 0) {
    return { ok: false, problems: [`${variable} cannot be combined with ${conflicting.join(", ")}: name the contexts in one place`] };
  }
  let text: string;
  if (variable === "ONBOARDING_CONTEXTS_FILE") {
    try {
      text = readFile(variables.ONBOARDING_CONTEXTS_FILE!);
    } catch (error) {
      return { ok: false, problems: [`ONBOARDING_CONTEXTS_FILE cannot be read (${(error as { code?: string }).code ?? "unreadable"})`] };
    }
  } else {
    text = variables.ONBOARDING_CONTEXTS!;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, problems: [`${variable} is not valid JSON`] };
  }
  const parsed = ContextsFile.safeParse(json);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((issue) => `${variable}: ${issue.path.join(".") || "(top level)"} ${issue.message}`),
    };
  }
  return { ok: true, file: parsed.data };
}
