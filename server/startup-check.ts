/**
 * Start-up check, run once when the Node server boots (see instrumentation.ts):
 * a missing or invalid setting stops the process with a message that names the
 * variable, never its value, instead of surfacing on the first join.
 */
import "server-only";
import { ConfigError, getConfig } from "./env";

export function assertConfigAtStartup(): void {
  try {
    getConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`\n${error.message}\nSee the configuration table in README.md.\n`);
      process.exit(1);
    }
    throw error;
  }
}
