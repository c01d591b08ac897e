/**
 * The production app with sign-in configured, for the tests of access: a
 * real OpenID Connect provider (identity-provider.ts), members at
 * example.com, and two service credentials (services act like members, and
 * are what a test without a browser signs in with). With `ownLiveKit`, a
 * livekit-server of its own that posts its webhooks to this app, as
 * docs/operations.md asks of a deployment.
 */
import { randomBytes } from "node:crypto";
import getPort from "get-port";
import { startApp, type AppProcess, webhookUrl } from "../../scripts/lib/app-process";
import { type LiveKitServer, startLiveKitServer } from "../../scripts/lib/livekit-process";
import { newServiceCredential } from "../../scripts/lib/service-credential";
import { type IdentityProvider, startIdentityProvider } from "./identity-provider";

export type LiveKitRef = { url: string; apiKey: string; apiSecret: string };

export type MembersApp = {
  app: AppProcess;
  appUrl: string;
  idp: IdentityProvider;
  livekit: LiveKitRef & { httpUrl: string };
  /** The app's AUTH_SECRET: tests sign invites the app did not (expired ones) with it. */
  authSecret: string;
  /** Two services' tokens (`Authorization: Bearer …`), each with budgets of its own. */
  serviceTokens: readonly [string, string];
  stop: () => Promise<void>;
};

export type MembersAppOptions = {
  /** The shared server to use; without it, one of the app's own, posting webhooks to it. */
  livekit?: LiveKitRef;
  env?: Record<string, string>;
};

const httpOf = (url: string) => url.replace(/^ws/, "http");

export async function startMembersApp({ livekit: shared, env = {} }: MembersAppOptions = {}): Promise<MembersApp> {
  const port = await getPort({ host: "127.0.0.1" });
  const appUrl = `http://127.0.0.1:${port}`;
  const stops: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const step of stops.reverse()) await step();
  };
  try {
    let livekit: LiveKitRef = shared!;
    if (!shared) {
      const own: LiveKitServer = await startLiveKitServer({ webhookUrls: [webhookUrl(port)] });
      stops.push(() => own.stop());
      livekit = own;
    }
    const idp = await startIdentityProvider({ redirectUri: `${appUrl}/api/auth/callback/oidc` });
    stops.push(() => idp.stop());
    const authSecret = randomBytes(32).toString("base64url");
    const services = [newServiceCredential("first-service"), newServiceCredential("second-service")] as const;
    const app = await startApp(
      {
        LIVEKIT_URL: livekit.url,
        LIVEKIT_API_KEY: livekit.apiKey,
        LIVEKIT_API_SECRET: livekit.apiSecret,
        APP_URL: appUrl,
        AUTH_OIDC_ISSUER: idp.issuer,
        AUTH_OIDC_CLIENT_ID: idp.clientId,
        AUTH_OIDC_CLIENT_SECRET: idp.clientSecret,
        AUTH_SECRET: authSecret,
        AUTH_ALLOWED_EMAIL_DOMAINS: "example.com",
        ONBOARDING_SERVICE_TOKENS: services.map((service) => service.entry).join(","),
        NODE_EXTRA_CA_CERTS: idp.caFile,
        ...env,
      },
      { port },
    );
    stops.push(() => app.stop());
    return {
      app,
      appUrl,
      idp,
      livekit: { ...livekit, httpUrl: httpOf(livekit.url) },
      authSecret,
      serviceTokens: [services[0].token, services[1].token],
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
