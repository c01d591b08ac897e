/**
 * The wire contract of the tour: the guide leads the room through the
 * repository, a step at a time, and anyone in it may start the tour, go
 * next, go back or end it, over LiveKit RPC in the style of the code view
 * (contract/code-view.ts: its version, its error codes).
 *
 * - `onboarding.tours` `{}` → `{ tours }`: the tours on offer, the
 *   repository's own CodeTour files first, then the guide's.
 * - `onboarding.tour` `{ action: "start", tour? }`, `{ action: "next", step? }`,
 *   `{ action: "back", step? }`, `{ action: "end" }` → the tour's state (null
 *   once it has ended).
 *
 * The guide keeps the one state, in its attribute TOUR_ATTRIBUTE beside the
 * shared view (which each step moves), so that a late joiner sees the
 * current step.
 *
 * zod/mini, as the rest of contract/: the page imports it.
 */
import { z } from "zod/mini";
import { CODE_VIEW_VERSION } from "./code-view";
import { parseJson } from "./room-metadata";

export const TOURS_METHOD = "onboarding.tours";
export const TOUR_METHOD = "onboarding.tour";
export const TOUR_ATTRIBUTE = "onboarding.tour";

const Version = z.optional(z.literal(CODE_VIEW_VERSION, { error: `This guide speaks version ${CODE_VIEW_VERSION} of the code view` }));

export const ToursRequest = z.strictObject({ version: Version });

export const TourSummary = z.object({
  id: z.string(),
  title: z.string(),
  /** "codetour": the repository's own `.tours/*.tour`; "guide": the tour the guide made of it. */
  source: z.enum(["codetour", "guide"]),
  steps: z.int(),
});
export type TourSummary = z.infer<typeof TourSummary>;

export const TourList = z.object({ tours: z.array(TourSummary) });
export type TourList = z.infer<typeof TourList>;

export const TourRequest = z.discriminatedUnion("action", [
  z.strictObject({ version: Version, action: z.literal("start"), tour: z.optional(z.string().check(z.maxLength(1100))) }),
  z.strictObject({
    version: Version,
    action: z.enum(["next", "back", "end"]),
    /** The step the caller saw: a move from another step is ignored, so two people pressing Next at once move one step. */
    step: z.optional(z.int().check(z.minimum(1), z.maximum(1000))),
  }),
]);
export type TourRequest = z.infer<typeof TourRequest>;

export const TourState = z.object({
  id: z.string(),
  title: z.string(),
  /** 1-based. */
  step: z.int(),
  total: z.int(),
  stepTitle: z.string(),
  /** One or two sentences, as the guide says them. */
  text: z.string(),
  /** What the step shows: a file's lines (also the shared view), the map, or nothing. */
  view: z.nullable(z.object({ path: z.string(), startLine: z.int(), endLine: z.int() })),
  map: z.boolean(),
  /** Who moved the tour last (a display name). */
  by: z.string(),
});
export type TourState = z.infer<typeof TourState>;

/** The tour in the guide's attributes; undefined when there is none (or the value is not one). */
export function parseTourState(attribute: string | undefined): TourState | undefined {
  return parseJson(TourState, attribute);
}
