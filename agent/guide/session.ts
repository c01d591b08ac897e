/**
 * The guide in one room, for the life of its job: it joins, learns the
 * repository (in its knowledge thread), greets each person by name on
 * `lk.chat` (and aloud), answers the questions meant for it, keeps its
 * `lk.agent.state` current, steps aside if another guide got there first,
 * and leaves when the last person does.
 *
 * Every chat message is untrusted: it is read up to MAX_MESSAGE_CHARS, its
 * sender's pace is limited, and it only ever becomes a search of the index.
 */
import { AutoSubscribe, type JobContext } from "@livekit/agents";
import { ParticipantKind, type RemoteParticipant, RoomEvent, type TextStreamReader } from "@livekit/rtc-node";
import { AGENT_NAME_ATTRIBUTE, CHAT_TOPIC } from "@/contract/guide";
import { MAX_QUESTION_CHARS } from "../conversation/answer";
import { isForGuide, questionOf } from "../conversation/addressed";
import { cannotReadText, greetingText, spokenGreeting, stillReadingText } from "../conversation/greeting";
import { KnowledgeClient } from "../repository/knowledge-client";
import { AgentStatePublisher } from "./agent-state";
import type { ContextReading } from "./context";
import { Voice } from "./voice";

/** The most of one message the guide reads; the rest is dropped unread. */
const MAX_MESSAGE_CHARS = 2_000;
/** Questions one person may ask per minute before the guide asks them to slow down. */
const QUESTIONS_PER_MINUTE = 20;
/** How long the guide waits in a room with no person in it before leaving. */
const ALONE_TIMEOUT_MS = 60_000;
/**
 * When this guide joined (ms since the epoch). rtc-node does not expose a
 * participant's join time, and the guide that has been in the room longest
 * (and has greeted people) is the one that should stay.
 */
const GUIDE_SINCE_ATTRIBUTE = "onboarding.guide.since";

type Logger = { info: (object: object, message?: string) => void; warn: (object: object, message?: string) => void };

type Greeting = "none" | "waiting" | "done";

export class GuideSession {
  private readonly greeted = new Map<string, Greeting>();
  private readonly asked = new Map<string, number[]>();
  private knowledge: KnowledgeClient | undefined;
  private state: AgentStatePublisher | undefined;
  private voice: Voice | undefined;
  private speaking: Promise<void> = Promise.resolve();
  private aloneTimer: NodeJS.Timeout | undefined;
  private leaving = false;
  private since = 0;

  constructor(
    private readonly ctx: JobContext,
    private readonly reading: ContextReading,
    private readonly agentName: string,
    private readonly log: Logger,
  ) {}

  private get room() {
    return this.ctx.room;
  }

  private humans(): RemoteParticipant[] {
    return [...this.room.remoteParticipants.values()].filter((participant) => participant.kind !== ParticipantKind.AGENT);
  }

  async run(): Promise<void> {
    // Registered before connecting, so that no early message is missed.
    this.room.registerTextStreamHandler(CHAT_TOPIC, (reader, { identity }) => void this.onMessage(reader, identity));
    await this.ctx.connect(undefined, AutoSubscribe.SUBSCRIBE_NONE);
    const local = this.room.localParticipant!;
    this.since = Date.now();
    this.room.on(RoomEvent.ParticipantAttributesChanged, (_changed, participant) => {
      if (participant.kind === ParticipantKind.AGENT) this.anotherGuideWins();
    });
    await local.setAttributes({ [GUIDE_SINCE_ATTRIBUTE]: String(this.since) });
    if (this.anotherGuideWins()) return;

    this.state = new AgentStatePublisher(local);
    await this.state.start();
    this.ctx.addShutdownCallback(async () => {
      clearTimeout(this.aloneTimer);
      await this.knowledge?.close();
      await this.voice?.close().catch(() => undefined);
    });

    this.room.on(RoomEvent.ParticipantConnected, (participant) => this.onJoined(participant));
    this.room.on(RoomEvent.ParticipantDisconnected, () => this.onLeft());

    this.voice = await Voice.publish(local).catch((error: unknown) => {
      this.log.warn({ event: "voice", error: String(error) }, "the guide could not publish its voice; greeting in text only");
      return undefined;
    });

    if (this.leaving) return;
    if (!this.reading.ok) {
      this.log.warn({ event: "context", reason: this.reading.reason }, "the guide cannot tell which repository this room is about");
      await this.state.markReady();
    } else {
      this.knowledge = new KnowledgeClient(this.reading.context.repoRoot);
      this.knowledge.on("state", (state) => void this.onKnowledge(state));
    }
    for (const person of this.humans()) void this.greet(person);
    this.onLeft(); // starts the wait if nobody is here yet
  }

  /**
   * True (and the job ends) when another guide of ours joined the room before
   * this one. Both guides see the same two join times, so exactly one of them
   * leaves; a rival whose time has not arrived yet is judged when it does.
   */
  private anotherGuideWins(): boolean {
    const me = this.room.localParticipant?.identity ?? "";
    const rival = [...this.room.remoteParticipants.values()].find((participant) => {
      if (participant.kind !== ParticipantKind.AGENT || participant.attributes[AGENT_NAME_ATTRIBUTE] !== this.agentName) return false;
      const since = Number(participant.attributes[GUIDE_SINCE_ATTRIBUTE]);
      if (!Number.isFinite(since) || since <= 0) return false;
      return since < this.since || (since === this.since && participant.identity < me);
    });
    if (!rival || this.leaving) return Boolean(rival);
    this.leaving = true;
    this.log.info({ event: "duplicate-guide", other: rival.identity }, "another guide is already in this room; leaving it to them");
    this.ctx.shutdown("another guide is in the room");
    return true;
  }

  private onJoined(participant: RemoteParticipant) {
    if (participant.kind === ParticipantKind.AGENT) {
      this.anotherGuideWins();
      return;
    }
    clearTimeout(this.aloneTimer);
    void this.greet(participant);
  }

  private onLeft() {
    if (this.humans().length > 0 || this.leaving) return;
    clearTimeout(this.aloneTimer);
    const wait = this.greeted.size > 0 ? 0 : ALONE_TIMEOUT_MS;
    this.aloneTimer = setTimeout(() => {
      if (this.humans().length > 0 || this.leaving) return;
      this.leaving = true;
      this.log.info({ event: "leave" }, "the last person left; the guide leaves too");
      this.ctx.shutdown("no one left in the room");
    }, wait);
  }

  /** Each step of reading the repository changes what everyone is due: a note that it is being read, the greeting, or why not. */
  private async onKnowledge(state: KnowledgeClient["state"]) {
    if (state.status === "loading") return;
    if (state.status === "ready") this.log.info({ event: "knowledge", ...state.stats }, "the guide knows the repository");
    if (state.status === "failed") {
      this.log.warn(
        { event: "knowledge", outcome: "failed", reason: state.reason, detail: state.detail },
        "the guide cannot read the repository",
      );
    }
    if (state.status !== "building") await this.state?.markReady();
    for (const person of this.humans()) void this.greet(person);
  }

  private async send(text: string, to?: string[]) {
    await this.room.localParticipant!.sendText(text, { topic: CHAT_TOPIC, ...(to ? { destinationIdentities: to } : {}) });
  }

  /** The greeting each person is due now: the full one once the repository is known, a note while it is read. */
  private async greet(person: RemoteParticipant) {
    const identity = person.identity;
    const name = (person.name || "there").slice(0, 64);
    const already = this.greeted.get(identity) ?? "none";
    if (already === "done") return;
    const knowledge = this.knowledge?.state;
    if (!this.reading.ok || knowledge?.status === "failed") {
      this.greeted.set(identity, "done");
      const reason = this.reading.ok ? (knowledge as { reason: string }).reason : this.reading.reason;
      await this.send(cannotReadText(name, reason), [identity]);
      return;
    }
    if (knowledge?.status !== "ready") {
      if (already === "none" && knowledge?.status === "building") {
        this.greeted.set(identity, "waiting");
        await this.send(stillReadingText(name), [identity]);
      }
      return;
    }
    this.greeted.set(identity, "done");
    await this.send(greetingText(name, knowledge.overview, knowledge.examples), [identity]);
    this.log.info({ event: "greeted", participant: identity }, "greeted");
    this.say(spokenGreeting(name, knowledge.overview));
  }

  /** Speaks in turn (never over itself), as "speaking". */
  private say(text: string) {
    const voice = this.voice;
    if (!voice || !this.state) return;
    const state = this.state;
    this.speaking = this.speaking.then(() =>
      state
        .during("speaking", () => voice.say(text))
        .catch((error: unknown) => this.log.warn({ event: "voice", error: String(error) }, "speech failed")),
    );
  }

  private allowed(identity: string): boolean {
    const now = Date.now();
    const recent = (this.asked.get(identity) ?? []).filter((at) => now - at < 60_000);
    recent.push(now);
    this.asked.set(identity, recent);
    return recent.length <= QUESTIONS_PER_MINUTE;
  }

  private async onMessage(reader: TextStreamReader, identity: string) {
    let text = "";
    try {
      for await (const chunk of reader) {
        text += chunk;
        if (text.length >= MAX_MESSAGE_CHARS) break;
      }
    } catch {
      return;
    }
    const sender = this.room.remoteParticipants.get(identity);
    if (!sender || sender.kind === ParticipantKind.AGENT || !isForGuide(text)) return;
    const question = questionOf(text.slice(0, MAX_QUESTION_CHARS));
    if (!this.allowed(identity)) {
      if ((this.asked.get(identity)?.length ?? 0) === QUESTIONS_PER_MINUTE + 1) {
        await this.send(`${sender.name || "You"}, that's a lot of questions at once; give me a minute.`, [identity]);
      }
      return;
    }
    const prefix = this.humans().length > 1 ? `@${(sender.name || "you").slice(0, 64)} ` : "";
    if (!this.reading.ok) {
      await this.send(`${prefix}I can't answer questions about this room's repository: ${this.reading.reason}.`);
      return;
    }
    const knowledge = this.knowledge!;
    if (knowledge.state.status === "building" || knowledge.state.status === "loading") {
      await this.send(`${prefix}I'm still reading the repository; I'll answer as soon as I'm done.`, [identity]);
    }
    const settled = await knowledge.settled;
    if (settled.status === "failed") {
      await this.send(`${prefix}I can't read the repository: ${settled.reason}.`);
      return;
    }
    const started = performance.now();
    const answer = await this.state!.during("thinking", () => knowledge.ask(question));
    await this.send(`${prefix}${answer.text}`);
    this.log.info(
      { event: "answer", kind: answer.kind, pointers: answer.pointers.length, ms: Math.round(performance.now() - started) },
      "answered a question",
    );
  }
}
