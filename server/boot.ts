/**
 * What the Node server does once when it boots (see instrumentation.ts):
 *  - check the configuration, and stop with a message that names the variable
 *    (never its value) rather than fail on the first join;
 *  - warn when the app looks exposed with no trusted proxy, where every client
 *    shares one rate-limit budget (see server/http/client-address.ts);
 *  - drain on SIGTERM (see server/lifecycle.ts).
 */
import "server-only";
import { type AppConfig, ConfigError, getConfig } from "./env";
import { drainOnShutdownSignals } from "./lifecycle";
import { logger } from "./logger";

const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|::1|\[::1\])$/;

function looksExposed(config: AppConfig): string | undefined {
  const { bindHost, appOrigin } = config.http;
  if (bindHost && !LOOPBACK.test(bindHost)) return `it listens on ${bindHost}`;
  if (appOrigin && !LOOPBACK.test(new URL(appOrigin).hostname)) return `APP_URL is ${appOrigin}`;
  return undefined;
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
  const exposed = config.trustedProxyHops === 0 ? looksExposed(config) : undefined;
  if (exposed && config.rateLimit.joins > 0) {
    logger.warn(
      { event: "boot", trustedProxyHops: 0 },
      `${exposed} but TRUSTED_PROXY_HOPS is 0, so every client shares one join budget. ` +
        "Run behind a TLS-terminating proxy and set TRUSTED_PROXY_HOPS to the number of proxies (see docs/operations.md).",
    );
  }
  drainOnShutdownSignals({ drainSeconds: config.shutdownDrainSeconds, log: logger });
}
