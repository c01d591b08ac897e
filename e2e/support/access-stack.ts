/**
 * An app with sign-in configured, for the access tests: the members app of
 * tests/support/members-app.ts (a real OpenID Connect provider, members at
 * example.com, service tokens) on the shared livekit-server, with one context whose guide runs (the shared e2e guide
 * worker), so it comes and stays: no recall adds a dispatch of its own, and
 * the dispatches show exactly what the joins asked for. Plus signing in through the provider's
 * own pages, as a person would.
 */
import type { Page } from "@playwright/test";
import { AgentDispatchClient, RoomServiceClient } from "livekit-server-sdk";
import { AGENT_PARTICIPANT_KIND } from "../../contract/guide";
import type { AppProcess } from "../../scripts/lib/app-process";
import type { IdentityProvider, TestAccount } from "../../tests/support/identity-provider";
import { startMembersApp } from "../../tests/support/members-app";
import { E2E_CONTEXTS } from "./global-setup";

export type AccessStack = {
  appUrl: string;
  app: AppProcess;
  idp: IdentityProvider;
  /** The app's AUTH_SECRET: tests sign invites the app did not (expired ones) with it. */
  authSecret: string;
  serviceToken: string;
  contextId: string;
  agentName: string;
  stop: () => Promise<void>;
};

/** `env` adds to (or overrides) the app's environment, for tests of limits. */
export async function startAccessStack(env: Record<string, string> = {}): Promise<AccessStack> {
  const contextId = "members";
  const guided = E2E_CONTEXTS.contexts.fleet;
  const stack = await startMembersApp({
    livekit: {
      url: process.env.E2E_LIVEKIT_URL!,
      apiKey: process.env.E2E_LIVEKIT_API_KEY!,
      apiSecret: process.env.E2E_LIVEKIT_API_SECRET!,
    },
    env: {
      ONBOARDING_CONTEXTS: JSON.stringify({
        default: contextId,
        contexts: { [contextId]: { ...guided, title: "Members only" } },
      }),
      RATE_LIMIT_JOINS: "100000",
      RATE_LIMIT_RECALLS: "100000",
      RATE_LIMIT_READS: "100000",
      ...env,
    },
  });
  return {
    appUrl: stack.appUrl,
    app: stack.app,
    idp: stack.idp,
    authSecret: stack.authSecret,
    serviceToken: stack.serviceTokens[0],
    contextId,
    agentName: guided.agentName,
    stop: stack.stop,
  };
}

/** Signs in from the app's landing page through the provider's login and consent pages, and back. */
export async function signIn(page: Page, stack: AccessStack, account: TestAccount) {
  await page.goto(`${stack.appUrl}/`);
  await page.getByRole("link", { name: "Sign in" }).click();
  await page.locator("input[name=login]").fill(account);
  await page.locator("input[name=password]").fill("any password");
  await page.getByRole("button", { name: "Sign-in" }).click();
  await page.getByRole("button", { name: "Continue" }).click();
  await page.waitForURL(`${stack.appUrl}/`);
}

/** The people in a room on the shared livekit-server, without its guide. */
export async function peopleIn(room: string) {
  const participants = await new RoomServiceClient(
    process.env.E2E_LIVEKIT_URL!,
    process.env.E2E_LIVEKIT_API_KEY,
    process.env.E2E_LIVEKIT_API_SECRET,
  ).listParticipants(room);
  return participants.filter((participant) => participant.kind !== AGENT_PARTICIPANT_KIND);
}

/** The agent dispatches of a room on the shared livekit-server: whether a join brought the guide. */
export function liveKitDispatches() {
  return new AgentDispatchClient(process.env.E2E_LIVEKIT_URL!, process.env.E2E_LIVEKIT_API_KEY, process.env.E2E_LIVEKIT_API_SECRET);
}
