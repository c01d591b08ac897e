"use client";
/**
 * The tour, as every page in the room sees it: "Take the tour" (with the
 * repository's own tours offered first when it has any), and while a tour
 * runs, its step (from the guide's TOUR_ATTRIBUTE, which the guide alone
 * keeps) with Back, Next and End, which anyone may press. The guide moves the
 * shared view at each step; a page that follows opens each step by itself,
 * the map included, and the person who moved the tour sees the step at once.
 */
import { useParticipantAttributes, useRoomContext, useVoiceAssistant } from "@livekit/components-react";
import { useEffect, useState } from "react";
import { parseTourState, TOUR_ATTRIBUTE, type TourRequest, type TourState, type TourSummary } from "@/contract/tour";
import { listTours, steerTour } from "./code-view-client";
import { type CodeView, useCodeView } from "./code-view-context";

function openStep(codeView: CodeView | null, state: TourState) {
  if (state.map) codeView?.map();
  else if (state.view) codeView?.open({ path: state.view.path, line: state.view.startLine, endLine: state.view.endLine });
}

/** A step's sentences, with `code` spans as code. */
function StepText({ text }: { text: string }) {
  return (
    <p className="tour-text">
      {text
        .split(/(`[^`]+`)/)
        .map((part, index) =>
          part.startsWith("`") && part.endsWith("`") ? <code key={index}>{part.slice(1, -1)}</code> : <span key={index}>{part}</span>,
        )}
    </p>
  );
}

export function TourControls({ following }: { following: boolean }) {
  const room = useRoomContext();
  const { agent } = useVoiceAssistant();
  const { attributes } = useParticipantAttributes({ participant: agent });
  const codeView = useCodeView();
  const [choices, setChoices] = useState<TourSummary[] | undefined>();
  const [problem, setProblem] = useState<string | undefined>();
  const tour = agent ? parseTourState(attributes?.[TOUR_ATTRIBUTE]) : undefined;
  const stepKey = tour ? `${tour.id}:${tour.step}` : "";

  // Following: each new step opens by itself (the map too; code steps also come as the shared view).
  useEffect(() => {
    if (tour && following) openStep(codeView, tour);
  }, [stepKey, following, codeView]);

  if (!agent) return null;
  const steer = (request: TourRequest) => {
    setProblem(undefined);
    steerTour(room, agent.identity, request).then(
      (state) => {
        setChoices(undefined);
        if (state) openStep(codeView, state);
      },
      (error: Error) => setProblem(error.message),
    );
  };
  const offer = () => {
    setProblem(undefined);
    listTours(room, agent.identity).then(
      (tours) => (tours.length === 1 ? steer({ action: "start", tour: tours[0]!.id }) : setChoices(tours)),
      (error: Error) => setProblem(error.message),
    );
  };
  const alert = problem ? (
    <p role="alert" className="tour-problem">
      {problem}
    </p>
  ) : null;

  if (!tour) {
    return (
      <div className="tour-start">
        {choices ? (
          <fieldset className="tour-choices">
            <legend>Which tour?</legend>
            {choices.map((choice) => (
              <button key={choice.id} type="button" className="lk-button" onClick={() => steer({ action: "start", tour: choice.id })}>
                {choice.title} ({choice.steps} steps{choice.source === "codetour" ? ", from the repository" : ""})
              </button>
            ))}
            <button type="button" className="lk-button" onClick={() => setChoices(undefined)}>
              Not now
            </button>
          </fieldset>
        ) : (
          <button type="button" className="lk-button" onClick={offer}>
            Take the tour
          </button>
        )}
        {alert}
      </div>
    );
  }
  const last = tour.step === tour.total;
  return (
    <section className="tour" aria-label="Tour" data-testid="tour">
      <h2 className="tour-step" aria-live="polite">
        {tour.title} · step {tour.step} of {tour.total}: {tour.stepTitle}
      </h2>
      <StepText text={tour.text} />
      <div className="tour-buttons">
        <button type="button" className="lk-button" disabled={tour.step === 1} onClick={() => steer({ action: "back", step: tour.step })}>
          Back
        </button>
        <button type="button" className="lk-button" onClick={() => steer({ action: "next", step: tour.step })}>
          {last ? "Finish" : "Next"}
        </button>
        {tour.map || tour.view ? (
          <button type="button" className="lk-button" onClick={() => openStep(codeView, tour)}>
            {tour.map ? "Open the map" : "Open this step"}
          </button>
        ) : null}
        <button type="button" className="lk-button" onClick={() => steer({ action: "end" })}>
          End the tour
        </button>
      </div>
      {alert}
    </section>
  );
}
