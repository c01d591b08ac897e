/**
 * The guide in one room, for the life of its job: it joins, steps aside if
 * another guide got there first (presence.ts), starts learning the
 * repository through the knowledge layer, greets each person (greeter.ts),
 * answers the chat (questions.ts), serves the code view and the map over RPC
 * (code-view-rpc.ts), leads tours (tour-leader.ts, tour-rpc.ts), speaks (speech.ts), hears
 * push-to-talk questions (listening.ts), keeps its `lk.agent.state`
 * current (agent-state.ts), and leaves when the last person does.
 *
 * Why not the framework's AgentSession: its room I/O links to one
 * participant, and the guide speaks to everyone in the room (docs/guide.md).
 */
import { AutoSubscribe, type JobContext } from "@livekit/agents";
import type { RemoteParticipant } from "@livekit/rtc-node";
import { CHAT_TOPIC } from "@/contract/guide";
import type { GuideConfig } from "../config";
import { RepositoryKnowledge } from "../knowledge";
import { connectReporter } from "../metrics/reporter";
import { AgentStatePublisher } from "./agent-state";
import { serveCodeView } from "./code-view-rpc";
import { guideRpc } from "./guide-rpc";
import { Listening, serveListening } from "./listening";
import { QuestionsInChat } from "./questions";
import { Greeter } from "./greeter";
import type { Logger } from "./logger";
import { Presence } from "./presence";
import type { ContextReading } from "./room-context";
import { Speaker } from "./speech";
import { TourLeader } from "./tour-leader";
import { serveTour } from "./tour-rpc";

/** The longest a first message waits for the room to be told the guide is here (see `introduced`). */
const INTRODUCTION_WAIT_MS = 1_500;

export async function runGuideSession(
  ctx: JobContext,
  reading: ContextReading,
  agentName: string,
  config: GuideConfig,
  log: Logger,
): Promise<void> {
  const chat = new QuestionsInChat(ctx.room, log, CHAT_TOPIC);
  await ctx.connect(undefined, AutoSubscribe.SUBSCRIBE_NONE);
  const local = ctx.room.localParticipant!;
  const presence = new Presence(ctx, agentName, log);
  if (!presence.enter()) return;

  const state = new AgentStatePublisher(
    (attributes) => local.setAttributes(attributes),
    (error) => log.warn({ event: "agent-state", error: String(error) }, "could not publish the guide's state"),
  );
  state.start();
  const metrics = connectReporter(config.metrics);
  metrics.report({ type: "room" });
  const opened = performance.now();
  const knowledge = reading.ok ? RepositoryKnowledge.open(reading.context.repoRoot, config.knowledge, config.knowledgeService) : undefined;
  // livekit-server tells the room that a participant without tracks joined in a batch, up to 3 s later, but an attribute
  // update at once; a message that arrives before either is shown by the page as no one's. So messages wait for the
  // guide's first state update to be confirmed, or for as long as that usually takes.
  const introduced = Promise.race([state.firstPublished, new Promise((resolve) => setTimeout(resolve, INTRODUCTION_WAIT_MS))]);
  const send = async (text: string, to?: string[]) => {
    await introduced;
    await local.sendText(text, { topic: CHAT_TOPIC, ...(to ? { destinationIdentities: to } : {}) });
  };
  let speaker: Speaker | undefined;
  const tour = knowledge
    ? new TourLeader(
        local,
        knowledge,
        async (text, spoken) => {
          await send(text);
          speaker?.say(spoken);
        },
        log,
      )
    : undefined;
  // The code view, the map and the tour read through the same knowledge, so through the same read gate.
  const rpc = guideRpc(ctx.room, knowledge, config.codeView, log, metrics);
  serveCodeView(rpc, ctx.room, knowledge);
  serveTour(rpc, tour);
  speaker = await Speaker.start(local, config.espeak, state, log);
  // Push-to-talk: heard questions go to the chat as the person's, then are answered as typed ones are.
  const listening = new Listening(
    ctx.room,
    knowledge,
    config.hearing,
    (person, text) =>
      chat
        .heard(person, text)
        .catch((error: unknown) => log.warn({ event: "heard", error: String(error) }, "a question asked aloud went unanswered")),
    (identity, text) => send(text, [identity]).catch(() => undefined),
  );
  serveListening(rpc, listening);
  const greeter = new Greeter(reading, knowledge, send, speaker, log, metrics);
  ctx.addShutdownCallback(async () => {
    presence.close();
    await listening.shutdown();
    await knowledge?.close();
    await speaker?.close();
    metrics.close();
  });
  if (presence.leaving) return;

  chat.start({ reading, knowledge, presence, state, send, tour, metrics, say: (text) => speaker?.say(text) });
  // A greeting can fail (the person left, the room closed): it is logged, and nothing else stops.
  const greet = (person: RemoteParticipant) =>
    void greeter
      .greet(person)
      .catch((error: unknown) => log.warn({ event: "greeting", error: String(error) }, "a greeting could not be sent"));
  const greetEveryone = () => {
    for (const person of presence.humans()) greet(person);
  };
  presence.on("joined", greet);
  presence.on("left", () => presence.leaveIfAlone(greeter.anyone));

  if (!knowledge) {
    log.warn({ event: "context", reason: reading.ok ? "" : reading.reason }, "the guide cannot read this room's repository");
    state.markReady();
  } else {
    knowledge.on("state", (known) => {
      if (known.status === "ready") {
        log.info({ event: "knowledge", ...known.stats }, "the guide knows the repository");
        metrics.report({
          type: "index",
          source: known.held ? "memory" : known.stats.fromCache ? "cache" : "built",
          seconds: (performance.now() - opened) / 1000,
          redactedLines: known.stats.redactedLines,
        });
      }
      if (known.status === "failed") {
        log.warn(
          { event: "knowledge", outcome: "failed", reason: known.reason, detail: known.detail },
          "the guide cannot read the repository",
        );
      }
      if (known.status === "ready" || known.status === "failed") state.markReady();
      greetEveryone();
    });
  }
  greetEveryone();
  presence.leaveIfAlone(false); // starts the wait if nobody is here yet
}
