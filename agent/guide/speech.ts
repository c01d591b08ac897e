/**
 * The guide speaking in a room: its voice track (voice.ts, when espeak-ng is
 * installed, published only while it speaks), one utterance at a time, never
 * over itself, shown as "speaking". Speech is a courtesy beside the chat: when it fails, the guide
 * says so in its log and the chat carries on.
 */
import type { LocalParticipant } from "@livekit/rtc-node";
import type { AgentStatePublisher } from "./agent-state";
import type { Logger } from "./logger";
import { Voice } from "./voice";

export class Speaker {
  private queue: Promise<void> = Promise.resolve();

  private constructor(
    private readonly voice: Voice | undefined,
    private readonly state: AgentStatePublisher,
    private readonly log: Logger,
  ) {}

  /** The guide's voice (its track published only while it speaks); a speaker without one (no espeak-ng) stays silent. */
  static async start(participant: LocalParticipant, program: string, state: AgentStatePublisher, log: Logger): Promise<Speaker> {
    const voice = await Voice.publish(participant, program).catch((error: unknown) => {
      log.warn({ event: "voice", error: String(error) }, "the guide could not publish its voice; greeting in text only");
      return undefined;
    });
    return new Speaker(voice, state, log);
  }

  /** Says the text after whatever is being said, as "speaking". */
  say(text: string): void {
    const voice = this.voice;
    if (!voice) return;
    this.queue = this.queue.then(() =>
      this.state
        .during("speaking", () => voice.say(text))
        .catch((error: unknown) => this.log.warn({ event: "voice", error: String(error) }, "speech failed")),
    );
  }

  async close(): Promise<void> {
    await this.voice?.close().catch(() => undefined);
  }
}
