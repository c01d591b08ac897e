/**
 * The guide's `lk.agent.state` attribute, which the page's agent hooks
 * (useVoiceAssistant) read: initializing until it knows the repository, then
 * listening; thinking while it answers; speaking while its audio plays.
 * Several answers and utterances may overlap, so each is counted, and the
 * attribute shows the most active state.
 *
 * Nothing waits for it. rtc-node's setAttributes resolves when the server
 * confirms the update, and now and then that takes five seconds; a greeting
 * or an answer that waited for it waited five seconds for nothing. So, as
 * agents-js's room I/O does, the state is published without being awaited:
 * one update in flight at a time, and when it settles, the latest state (if
 * it changed meanwhile) goes next, so the attribute always ends up current.
 */
export const AGENT_STATE_ATTRIBUTE = "lk.agent.state";
export type AgentState = "initializing" | "listening" | "thinking" | "speaking";

/** How long after a failed update the state is sent again. */
const RETRY_AFTER_MS = 1_000;

/** What publishes the attribute: the local participant's setAttributes in a room; anything in a test. */
export type PublishAttributes = (attributes: Record<string, string>) => Promise<void>;

export class AgentStatePublisher {
  private ready = false;
  private thinking = 0;
  private speaking = 0;
  private published: AgentState | undefined;
  private inFlight = false;
  private announce!: () => void;
  /** Resolves once an update has been confirmed: the server tells everyone in the room at once (see session.ts). */
  readonly firstPublished = new Promise<void>((resolve) => {
    this.announce = resolve;
  });

  constructor(
    private readonly publishAttributes: PublishAttributes,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {}

  get current(): AgentState {
    if (this.speaking > 0) return "speaking";
    if (this.thinking > 0) return "thinking";
    return this.ready ? "listening" : "initializing";
  }

  private publish(): void {
    if (this.inFlight) return; // the update in flight publishes the latest state when it settles
    const state = this.current;
    if (state === this.published) return;
    this.published = state;
    this.inFlight = true;
    let failed = false;
    this.publishAttributes({ [AGENT_STATE_ATTRIBUTE]: state })
      .then(() => this.announce())
      .catch((error: unknown) => {
        failed = true;
        // Not published after all: the next attempt sends it again, a moment later rather than in a loop.
        this.published = undefined;
        this.onError(error);
      })
      .finally(() => {
        this.inFlight = false;
        if (failed) setTimeout(() => this.publish(), RETRY_AFTER_MS).unref();
        else this.publish();
      });
  }

  start(): void {
    this.publish();
  }

  markReady(): void {
    this.ready = true;
    this.publish();
  }

  /** Runs `work` as thinking (or speaking), and back again after; it never waits for the attribute. */
  async during<T>(kind: "thinking" | "speaking", work: () => Promise<T>): Promise<T> {
    if (kind === "thinking") this.thinking += 1;
    else this.speaking += 1;
    this.publish();
    try {
      return await work();
    } finally {
      if (kind === "thinking") this.thinking -= 1;
      else this.speaking -= 1;
      this.publish();
    }
  }
}
