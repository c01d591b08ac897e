/**
 * The guide's job entry point, as LiveKit's agents framework loads it: one
 * `defineAgent`, whose work is in plain modules (room/guide-session.ts and
 * what it uses). The framework imports this file in every job process, so it
 * has no side effects of its own.
 *
 * @see https://docs.livekit.io/agents/
 */
import { defineAgent, type JobContext, log } from "@livekit/agents";
import { prewarmKnowledgeThread } from "./repository/knowledge-client";
import { readContext } from "./room/context";
import { GuideSession } from "./room/guide-session";
import { voiceAvailable } from "./room/voice";

export default defineAgent({
  // Idle job processes get ready for a room: the knowledge thread's modules, and whether espeak-ng
  // runs (a blocking check, better here than when a room starts).
  prewarm: () => {
    prewarmKnowledgeThread();
    voiceAvailable();
  },
  entry: async (ctx: JobContext) => {
    const logger = log().child({ room: ctx.job.room?.name, job: ctx.job.id });
    const reading = readContext(ctx.job.metadata, ctx.job.room?.metadata);
    await new GuideSession(ctx, reading, ctx.job.agentName, logger).run();
  },
});
