/**
 * `npm run -s join -- --name Ada [--room R] [--context ID] [--url http://127.0.0.1:3000]`
 *
 * Joins through the running app's typed API and prints the connection details
 * as JSON on stdout, for scripts, agents under development and manual testing.
 * Errors go to stderr as JSON, with exit code 1 (2 for bad arguments).
 * With sign-in configured, it authenticates with ONBOARDING_SERVICE_TOKEN (a
 * token whose hash is in the app's ONBOARDING_SERVICE_TOKENS; see docs/access.md).
 */
import { parseArgs } from "node:util";
import { createNodeClient, describeClientError } from "../trpc/node";

const usage = "usage: npm run join -- --name <name> [--room <room>] [--context <id>] [--url <app url>]";

function fail(code: number, error: object): never {
  process.stderr.write(`${JSON.stringify({ error })}\n`);
  process.exit(code);
}

let values: { name?: string; room?: string; context?: string; url: string; help?: boolean };
try {
  ({ values } = parseArgs({
    options: {
      name: { type: "string" },
      room: { type: "string" },
      context: { type: "string" },
      url: { type: "string", default: process.env.APP_URL ?? "http://127.0.0.1:3000" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  }));
} catch (error) {
  fail(2, { code: "BAD_ARGUMENTS", message: `${(error as Error).message}\n${usage}` });
}
if (values.help) {
  process.stdout.write(`${usage}\n`);
  process.exit(0);
}
if (!values.name) fail(2, { code: "BAD_ARGUMENTS", message: `--name is required\n${usage}` });

try {
  const client = createNodeClient(values.url, { serviceToken: process.env.ONBOARDING_SERVICE_TOKEN || undefined });
  const details = await client.livekit.join.mutate({
    participantName: values.name,
    roomName: values.room,
    context: values.context,
  });
  process.stdout.write(`${JSON.stringify(details, null, 2)}\n`);
} catch (error) {
  fail(1, describeClientError(error, values.url));
}
