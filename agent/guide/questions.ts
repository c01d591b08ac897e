/**
 * Questions to the guide, asked in the room's chat (`lk.chat` text streams,
 * as the page's Chat writes them): it reads each message, keeps to the ones
 * meant for it (addressed.ts), limits each sender's pace, and answers from
 * the knowledge layer, to everyone.
 *
 * Every message is untrusted: it is read up to MAX_MESSAGE_CHARS, and only
 * ever becomes a question to the knowledge layer, which matches it against
 * its index.
 */
import { ParticipantKind, type RemoteParticipant, type Room, type TextStreamReader } from "@livekit/rtc-node";
import { MAX_QUESTION_CHARS, type RepositoryKnowledge } from "../knowledge";
import { isForGuide, questionOf } from "./addressed";
import type { AgentStatePublisher } from "./agent-state";
import type { SendText } from "./greeter";
import type { Reporter } from "../metrics/reporter";
import type { Logger } from "./logger";
import type { Presence } from "./presence";
import { spokenAnswer } from "./spoken-answer";
import type { ContextReading } from "./room-context";
import { type TourCommand, tourCommand } from "./tour-commands";
import type { TourLeader } from "./tour-leader";

/** The most of one message the guide reads; the rest is dropped unread. */
const MAX_MESSAGE_CHARS = 2_000;
/** Questions one person may ask per minute before the guide asks them to slow down. */
const QUESTIONS_PER_MINUTE = 20;
/** How long an answer may take before the person is told to wait. */
const SLOW_ANSWER_MS = 1_500;

export type ChatDependencies = {
  reading: ContextReading;
  knowledge: RepositoryKnowledge | undefined;
  presence: Presence;
  state: AgentStatePublisher;
  send: SendText;
  /** Leads tours; none when the guide cannot read the repository. */
  tour: TourLeader | undefined;
  /** The worker's metrics. */
  metrics: Reporter;
  /** Says a sentence aloud in the room (the answer to a question asked aloud). */
  say: (text: string) => void;
};

export class QuestionsInChat {
  private readonly asked = new Map<string, number[]>();
  private dependencies: ChatDependencies | undefined;
  private readonly ready: Promise<ChatDependencies>;
  private begin!: (dependencies: ChatDependencies) => void;

  /** Registered before the guide connects, so that no early message is missed; answered once `start` has run. */
  constructor(
    private readonly room: Room,
    private readonly log: Logger,
    topic: string,
  ) {
    this.ready = new Promise((resolve) => {
      this.begin = resolve;
    });
    room.registerTextStreamHandler(topic, (reader, { identity }) => {
      this.onMessage(reader, identity).catch((error: unknown) =>
        log.warn({ event: "question", error: String(error) }, "a question could not be answered"),
      );
    });
  }

  start(dependencies: ChatDependencies): void {
    this.dependencies = dependencies;
    this.begin(dependencies);
  }

  private allowed(identity: string): boolean {
    const now = Date.now();
    const recent = (this.asked.get(identity) ?? []).filter((at) => now - at < 60_000);
    recent.push(now);
    // Nobody's questions are kept past the minute they count for.
    for (const [someone, times] of this.asked) if (times.every((at) => now - at >= 60_000)) this.asked.delete(someone);
    this.asked.set(identity, recent);
    return recent.length <= QUESTIONS_PER_MINUTE;
  }

  private async onMessage(reader: TextStreamReader, identity: string): Promise<void> {
    let text = "";
    try {
      for await (const chunk of reader) {
        text += chunk;
        if (text.length >= MAX_MESSAGE_CHARS) break;
      }
    } catch {
      return;
    }
    const { tour } = this.dependencies ?? (await this.ready);
    const sender = this.room.remoteParticipants.get(identity);
    if (!sender || sender.kind === ParticipantKind.AGENT) return;
    if (!tourCommand(text, tour?.state !== undefined) && !isForGuide(text)) return;
    await this.respond(sender, text, false);
  }

  /**
   * A question heard aloud (listening.ts): posted to the chat as the
   * person's ("Ada, aloud: …"), then answered in the chat and aloud. When
   * nothing was heard, or what was heard matches nothing, the guide says what
   * it heard and asks for the question typed.
   */
  async heard(sender: RemoteParticipant, text: string): Promise<void> {
    const { send, say } = this.dependencies ?? (await this.ready);
    const name = (sender.name || "You").slice(0, 64);
    if (!text) {
      const sorry = `${name}, I didn't catch that. Hold the button while you ask, or type your question.`;
      await send(sorry, [sender.identity]);
      say("Sorry, I didn't catch that. Could you type it?");
      return;
    }
    await send(`${name}, aloud: ${text}${/^(where|what|how|which)\b/.test(text) ? "?" : ""}`);
    await this.respond(sender, text, true);
  }

  private async respond(sender: RemoteParticipant, text: string, aloud: boolean): Promise<void> {
    const { reading, knowledge, presence, state, send, tour, metrics, say } = this.dependencies ?? (await this.ready);
    const identity = sender.identity;
    const command = tourCommand(text, tour?.state !== undefined);
    const question = questionOf(text.slice(0, MAX_QUESTION_CHARS));
    if (!this.allowed(identity)) {
      if ((this.asked.get(identity)?.length ?? 0) === QUESTIONS_PER_MINUTE + 1) {
        await send(`${sender.name || "You"}, that's a lot of questions at once; give me a minute.`, [identity]);
      }
      return;
    }
    const prefix = presence.humans().length > 1 ? `@${(sender.name || "you").slice(0, 64)} ` : "";
    if (!reading.ok || !knowledge) {
      await send(`${prefix}I can't answer questions about this room's repository: ${reading.ok ? "it is not known" : reading.reason}.`);
      return;
    }
    if (knowledge.state.status === "building" || knowledge.state.status === "loading") {
      await send(`${prefix}I'm still reading the repository; I'll answer as soon as I'm done.`, [identity]);
    }
    const settled = await knowledge.settled;
    if (settled.status === "failed") {
      await send(`${prefix}I can't read the repository: ${settled.reason}.`);
      return;
    }
    if (command && tour) {
      await this.steer(tour, command, sender.name || sender.identity);
      return;
    }
    const started = performance.now();
    const interruptions = knowledge.interruptions;
    // An answer waits while the knowledge service is slow or restarting: past a moment, the person hears so, and why when it is known.
    const waitNotice = setTimeout(() => {
      const why =
        !knowledge.available || knowledge.interruptions !== interruptions
          ? "I'm getting my notes on the repository back"
          : "this is taking longer than usual";
      void send(`${prefix}One moment: ${why}; your answer follows.`, [identity]).catch(() => undefined);
    }, SLOW_ANSWER_MS);
    const answer = await state
      .during("thinking", () => knowledge.answer(question))
      .catch((error: unknown) => {
        this.log.warn({ event: "answer", error: String(error) }, "the knowledge layer could not answer");
        return undefined;
      })
      .finally(() => clearTimeout(waitNotice));
    metrics.report({ type: "answer", kind: answer?.kind ?? "failed", seconds: (performance.now() - started) / 1000 });
    if (!answer) {
      await send(`${prefix}I can't answer that right now; please ask again in a moment.`);
      return;
    }
    // A question during a tour is answered, and the tour waits at its step to carry on.
    const during = tour?.state;
    const carryOn = during ? `\n(The tour is at step ${during.step} of ${during.total}: say “next” to carry on.)` : "";
    if (aloud && answer.kind === "unknown") {
      // Recognition is unsure when what it heard matches nothing here: the person hears what it heard, and types instead.
      await send(`${prefix}I heard “${question}”, but I'm not sure that is what you asked. Could you type your question?`);
      say("I'm not sure I heard that right. Could you type your question?");
      return;
    }
    await send(`${prefix}${answer.text}${carryOn}`);
    if (aloud) say(spokenAnswer(answer));
    this.log.info(
      { event: "answer", kind: answer.kind, pointers: answer.pointers.length, ms: Math.round(performance.now() - started) },
      "answered a question",
    );
  }

  private async steer(tour: TourLeader, command: TourCommand, by: string): Promise<void> {
    if (command === "start") await tour.start(by);
    else if (command === "end") await tour.end(by);
    else await tour.move(by, command);
  }
}
