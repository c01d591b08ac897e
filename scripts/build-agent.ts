/**
 * `npm run build:agent`: builds the guide into .agent-build/ (scripts/lib/agent-build.ts).
 * `npm run agent` and `npm run build` run it; so do the test setups, so the guide they start is current.
 */
import { buildAgent } from "./lib/agent-build";

await buildAgent();
