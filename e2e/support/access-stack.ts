/**
 * An app with sign-in configured, for the access tests: a real OpenID Connect
 * provider (tests/support/identity-provider.ts) and the production build
 * pointed at it and at the shared livekit-server, members at example.com, one
 * service token, and one context whose guide runs (the shared e2e guide
 * worker), so it comes and stays: no recall adds a dispatch of its own, and
 * the dispatches show exactly what the joins asked for. Plus signing in through the provider's
 * own pages, as a person would.
 */
import { createHash, randomBytes } from "node:crypto";
import type { Page } from "@playwright/test";
import getPort from "get-port";
import { AgentDispatchClient, RoomServiceClient } from "livekit-server-sdk";
import { AGENT_PARTICIPANT_KIND } from "../../contract/guide";
import { startApp, type AppProcess } from "../../scripts/lib/app-process";
import { type IdentityProvider, startIdentityProvider, type TestAccount } from "../../tests/support/identity-provider";
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
  const port = await getPort({ host: "127.0.0.1" });
  const appUrl = `http://127.0.0.1:${port}`;
  const idp = await startIdentityProvider({ redirectUri: `${appUrl}/api/auth/callback/oidc` });
  const authSecret = randomBytes(32).toString("base64url");
  const serviceToken = `onb_${randomBytes(32).toString("base64url")}`;
  const contextId = "members";
  const guided = E2E_CONTEXTS.contexts.fleet;
  const app = await startApp(
    {
      LIVEKIT_URL: process.env.E2E_LIVEKIT_URL,
      LIVEKIT_API_KEY: process.env.E2E_LIVEKIT_API_KEY,
      LIVEKIT_API_SECRET: process.env.E2E_LIVEKIT_API_SECRET,
      APP_URL: appUrl,
      AUTH_OIDC_ISSUER: idp.issuer,
      AUTH_OIDC_CLIENT_ID: idp.clientId,
      AUTH_OIDC_CLIENT_SECRET: idp.clientSecret,
      AUTH_SECRET: authSecret,
      AUTH_ALLOWED_EMAIL_DOMAINS: "example.com",
      ONBOARDING_SERVICE_TOKENS: `e2e:${createHash("sha256").update(serviceToken).digest("hex")}`,
      ONBOARDING_CONTEXTS: JSON.stringify({
        default: contextId,
        contexts: { [contextId]: { ...guided, title: "Members only" } },
      }),
      NODE_EXTRA_CA_CERTS: idp.caFile,
      RATE_LIMIT_JOINS: "100000",
      RATE_LIMIT_RECALLS: "100000",
      RATE_LIMIT_READS: "100000",
      ...env,
    },
    { port },
  ).catch(async (error: unknown) => {
    await idp.stop();
    throw error;
  });
  return {
    appUrl,
    app,
    idp,
    authSecret,
    serviceToken,
    contextId,
    agentName: guided.agentName,
    stop: async () => {
      await app.stop();
      await idp.stop();
    },
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
