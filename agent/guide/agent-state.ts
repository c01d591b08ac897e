/**
 * The guide's `lk.agent.state` attribute, which the page's agent hooks
 * (useVoiceAssistant) read: initializing until it knows the repository, then
 * listening; thinking while it answers; speaking while its audio plays.
 * Several answers and utterances may overlap, so each is counted, and the
 * attribute shows the most active state.
 */
import type { LocalParticipant } from "@livekit/rtc-node";

export const AGENT_STATE_ATTRIBUTE = "lk.agent.state";
export type AgentState = "initializing" | "listening" | "thinking" | "speaking";

export class AgentStatePublisher {
  private ready = false;
  private thinking = 0;
  private speaking = 0;
  private published: AgentState | undefined;

  constructor(private readonly participant: LocalParticipant) {}

  private get current(): AgentState {
    if (this.speaking > 0) return "speaking";
    if (this.thinking > 0) return "thinking";
    return this.ready ? "listening" : "initializing";
  }

  private async publish(): Promise<void> {
    const state = this.current;
    if (state === this.published) return;
    this.published = state;
    await this.participant.setAttributes({ [AGENT_STATE_ATTRIBUTE]: state });
  }

  start(): Promise<void> {
    return this.publish();
  }

  markReady(): Promise<void> {
    this.ready = true;
    return this.publish();
  }

  /** Runs `work` as thinking (or speaking), and back again after. */
  async during<T>(kind: "thinking" | "speaking", work: () => Promise<T>): Promise<T> {
    if (kind === "thinking") this.thinking += 1;
    else this.speaking += 1;
    await this.publish();
    try {
      return await work();
    } finally {
      if (kind === "thinking") this.thinking -= 1;
      else this.speaking -= 1;
      await this.publish();
    }
  }
}
