/**
 * Greeting each person, once, privately on `lk.chat` and aloud: the full
 * greeting as soon as the repository is known, a note first while it is
 * still being read, or why the guide cannot help in this room.
 */
import type { RemoteParticipant } from "@livekit/rtc-node";
import type { RepositoryKnowledge } from "../knowledge";
import { NO_REPORTER, type Reporter } from "../metrics/reporter";
import type { Logger } from "./logger";
import type { ContextReading } from "./room-context";
import type { Speaker } from "./speech";
import { cannotReadText, greetingText, spokenGreeting, stillReadingText } from "./greeting-text";

export type SendText = (text: string, to?: string[]) => Promise<void>;

export class Greeter {
  private readonly greeted = new Map<string, "waiting" | "done">();

  constructor(
    private readonly reading: ContextReading,
    private readonly knowledge: RepositoryKnowledge | undefined,
    private readonly send: SendText,
    private readonly speaker: Speaker,
    private readonly log: Logger,
    private readonly metrics: Reporter = NO_REPORTER,
  ) {}

  /** Whether anyone has been greeted (so someone has been here). */
  get anyone(): boolean {
    return this.greeted.size > 0;
  }

  /** The greeting this person is due now, if any. */
  async greet(person: RemoteParticipant): Promise<void> {
    const identity = person.identity;
    const name = (person.name || "there").slice(0, 64);
    const already = this.greeted.get(identity);
    if (already === "done") return;
    const knowledge = this.knowledge?.state;
    if (!this.reading.ok || knowledge?.status === "failed") {
      this.greeted.set(identity, "done");
      const reason = this.reading.ok ? (knowledge as { reason: string }).reason : this.reading.reason;
      await this.send(cannotReadText(name, reason), [identity]);
      return;
    }
    if (knowledge?.status !== "ready") {
      if (already === undefined && knowledge?.status === "building") {
        this.greeted.set(identity, "waiting");
        await this.send(stillReadingText(name), [identity]);
      }
      return;
    }
    this.greeted.set(identity, "done");
    await this.send(greetingText(name, knowledge.overview, knowledge.examples), [identity]);
    this.log.info({ event: "greeted", participant: identity }, "greeted");
    this.metrics.report({ type: "greeting" });
    this.speaker.say(spokenGreeting(name, knowledge.overview));
  }
}
