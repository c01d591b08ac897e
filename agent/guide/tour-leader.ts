/**
 * The guide leading the room through a tour (contract/tour.ts): it keeps the
 * one tour state, in its own attribute beside the shared view, moves the
 * shared view at each step, and says each step in chat and aloud. Anyone may
 * start, go next, go back or end, from the page's buttons (tour-rpc.ts) or in
 * chat (questions.ts); a move from a step the room has already left is
 * ignored. Tours come from the knowledge layer, their text released through
 * the read gate.
 */
import type { LocalParticipant } from "@livekit/rtc-node";
import { type SharedView, VIEW_ATTRIBUTE } from "@/contract/code-view";
import { TOUR_ATTRIBUTE, type TourState } from "@/contract/tour";
import type { RepositoryKnowledge, Tour } from "../knowledge";
import type { Logger } from "./logger";

/** Says a step: `chat` in the room's chat, `spoken` aloud. */
export type SayStep = (chat: string, spoken: string) => Promise<void>;

export class TourLeader {
  private current: { tour: Tour; step: number; revision: string } | undefined;
  private moves: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly local: LocalParticipant,
    private readonly knowledge: RepositoryKnowledge,
    private readonly say: SayStep,
    private readonly log: Logger,
  ) {}

  /** The tour's state, while one is running. */
  get state(): TourState | undefined {
    return this.current ? this.stateOf(this.current.tour, this.current.step, "") : undefined;
  }

  async tours(): Promise<Tour[]> {
    return this.knowledge.tours();
  }

  /** Starts a tour (the first on offer when none is named); undefined when there is no such tour. */
  start(by: string, tourId?: string): Promise<TourState | undefined> {
    return this.serially(async () => {
      const tours = await this.tours();
      const tour = tourId === undefined ? tours[0] : tours.find((each) => each.id === tourId);
      const known = this.knowledge.state;
      if (!tour || tour.steps.length === 0 || known.status !== "ready") return undefined;
      this.current = { tour, step: 0, revision: known.revision };
      return this.publish(by, true);
    });
  }

  /** Next or back, from `seen` (the step the mover saw, if they said); past the last step, the tour ends. */
  move(by: string, action: "next" | "back", seen?: number): Promise<TourState | null> {
    return this.serially(async () => {
      const current = this.current;
      if (!current) return null;
      if (seen !== undefined && seen !== current.step + 1) return this.stateOf(current.tour, current.step, by);
      if (action === "back") current.step = Math.max(0, current.step - 1);
      else if (current.step + 1 >= current.tour.steps.length) return this.finish(by);
      else current.step += 1;
      return this.publish(by, false);
    });
  }

  end(by: string): Promise<null> {
    return this.serially(() => this.finish(by));
  }

  private serially<T>(move: () => Promise<T>): Promise<T> {
    const next = this.moves.then(move, move);
    this.moves = next.catch(() => undefined);
    return next;
  }

  private stateOf(tour: Tour, index: number, by: string): TourState {
    const step = tour.steps[index]!;
    return {
      id: tour.id,
      title: tour.title,
      step: index + 1,
      total: tour.steps.length,
      stepTitle: step.title,
      text: step.text,
      view: step.view ?? null,
      map: step.map === true,
      by,
    };
  }

  private async publish(by: string, first: boolean): Promise<TourState> {
    const { tour, step, revision } = this.current!;
    const state = this.stateOf(tour, step, by);
    const view: SharedView | undefined = state.view
      ? { by: "The guide", byIdentity: this.local.identity, ...state.view, revision }
      : undefined;
    // One update, so that no page sees the new step with the old view.
    await this.local.setAttributes({ [TOUR_ATTRIBUTE]: JSON.stringify(state), [VIEW_ATTRIBUTE]: view ? JSON.stringify(view) : "" });
    const pointer = state.view ? ` \`${state.view.path}:${state.view.startLine}\`` : "";
    const how = first ? `\nSay “next”, “back” or “end tour” (or use the tour's buttons); ask me anything on the way.` : "";
    await this.say(
      `Tour ${state.step}/${state.total} · ${state.stepTitle}: ${state.text}${pointer}${how}`,
      `${state.stepTitle}. ${state.text.replace(/`/g, "")}`,
    );
    this.log.info({ event: "tour", tour: tour.id, step: state.step, by }, "the tour moved");
    return state;
  }

  private async finish(by: string): Promise<null> {
    if (!this.current) return null;
    const { tour } = this.current;
    this.current = undefined;
    await this.local.setAttributes({ [TOUR_ATTRIBUTE]: "" });
    await this.say(
      `That's the end of the tour${by ? ` (${by} ended it)` : ""}. Ask me anything, or say “tour” to start again.`,
      "That's the end of the tour.",
    );
    this.log.info({ event: "tour", tour: tour.id, outcome: "ended", by }, "the tour ended");
    return null;
  }
}
