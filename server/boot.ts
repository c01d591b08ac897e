/**
 * What the Node server does once when it boots (see instrumentation.ts):
 *  - check the configuration, and stop with a message that names the variable
 *    (never its value) rather than fail on the first join;
 *  - say who may start sessions (members, or anyone: "open mode");
 *  - warn when the app looks exposed with no trusted proxy, where clients
 *    told apart by address all share one budget (see server/rate-limit.ts);
 *  - drain on SIGTERM (see server/lifecycle.ts);
 *  - look after rooms still waiting for their guide (server/livekit/guide-reconciler.ts).
 */
import "server-only";
import { type AppConfig, ConfigError, getConfig } from "./env";
import { drainOnShutdownSignals } from "./lifecycle";
import { startGuideReconciler } from "./livekit/guide-reconciler";
import { liveKitServices } from "./livekit/services";
import { logger } from "./logger";

/** Says who may start sessions here, loudest when that is anyone. */
function logAccessMode({ access, http }: AppConfig): void {
  if (access.mode === "members") {
    logger.info(
      { event: "boot", access: "members", issuer: new URL(access.oidc.issuer).origin, allowedEmailDomains: access.allowedEmailDomains },
      "members sign in with OpenID Connect; guests join with invite links",
    );
  } else if (access.declared || http.exposure) {
    logger.warn(
      { event: "boot", access: "open" },
      `open mode${http.exposure ? ` and ${http.exposure}` : ""}: anyone who can reach this app can start sessions and read the repository through the guide (see docs/access.md)`,
    );
  } else {
    logger.info(
      { event: "boot", access: "open" },
      "open mode: no sign-in is configured, so this app serves loopback only (see docs/access.md)",
    );
  }
}

export function bootServer(): void {
  let config: AppConfig;
  try {
    config = getConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`\n${error.message}\nSee docs/operations.md for every setting.\n`);
      process.exit(1);
    }
    throw error;
  }
  logAccessMode(config);
  const exposed = config.trustedProxyHops === 0 ? config.http.exposure : undefined;
  if (exposed) {
    const shared =
      config.access.mode === "open"
        ? "every budget (in open mode, callers are told apart by address alone)"
        : "the budget of refused calls";
    logger.warn(
      { event: "boot", trustedProxyHops: 0 },
      `${exposed} but TRUSTED_PROXY_HOPS is 0, so every client shares ${shared}. ` +
        "Run behind a TLS-terminating proxy and set TRUSTED_PROXY_HOPS to the number of proxies (see docs/operations.md).",
    );
  }
  drainOnShutdownSignals({ drainSeconds: config.shutdownDrainSeconds, log: logger });
  if (config.guideReconcileSeconds > 0) startGuideReconciler(liveKitServices(config), logger, config.guideReconcileSeconds * 1000);
}
