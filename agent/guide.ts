/**
 * The guide's job entry point, as LiveKit's agents framework loads it: one
 * `defineAgent`, whose work is in plain modules (guide/session.ts and what it
 * uses). The framework imports this file in every job process, so it has no
 * side effects of its own; the configuration is read from the environment
 * the worker handed down (config.ts), once.
 *
 * @see https://docs.livekit.io/agents/
 */
import { defineAgent, type JobContext, log } from "@livekit/agents";
import { type GuideConfig, readGuideConfig } from "./config";
import { readContext } from "./guide/room-context";
import { runGuideSession } from "./guide/session";
import { voiceAvailable } from "./guide/voice";
import { prewarmKnowledge } from "./knowledge";

let config: GuideConfig | undefined;
const guideConfig = () => {
  config ??= readGuideConfig();
  return config;
};

export default defineAgent({
  // Idle job processes get ready for a room: the knowledge thread's modules, and whether espeak-ng
  // runs (a blocking check, better here than when a room starts).
  prewarm: () => {
    // With the worker's knowledge service, the job reads nothing itself and needs no knowledge thread.
    if (!guideConfig().knowledgeService) prewarmKnowledge();
    voiceAvailable(guideConfig().espeak);
  },
  entry: async (ctx: JobContext) => {
    const logger = log().child({ room: ctx.job.room?.name, job: ctx.job.id });
    const reading = readContext(ctx.job.metadata, ctx.job.room?.metadata, guideConfig().allowedRoots);
    await runGuideSession(ctx, reading, ctx.job.agentName, guideConfig(), logger);
  },
});
