"use client";
/**
 * Push-to-talk: "Hold to ask the guide". While it is held (the mouse, a
 * touch, Space or Enter on the button, or Space anywhere that is not a text
 * field or another control), this person's microphone goes to the guide
 * (contract/hearing.ts); on release the guide answers in the chat and aloud.
 *
 * The privacy promise, on screen: "Listening" shows only once the guide has
 * the first audio frame, and only until release (or until the guide stops
 * at its limit). Everyone else sees whom the guide is hearing, from the
 * guide's own attribute. A muted microphone is refused by the guide, and the
 * page offers to unmute it, saying that the room will hear it too.
 */
import { useLocalParticipant, useParticipantAttributes, useRoomContext, useVoiceAssistant } from "@livekit/components-react";
import { useCallback, useEffect, useRef, useState } from "react";
import { CODE_VIEW_ERRORS } from "@/contract/code-view";
import { LISTENING_ATTRIBUTE, parseListening } from "@/contract/hearing";
import { GuideRefusal, listen } from "./code-view-client";

type Phase = "idle" | "starting" | "listening";

/** Space held here is typing or pressing something else, not asking the guide. */
function isTypingOrControl(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || Boolean(target.closest("input, textarea, select, button, a[href], [role=button], [role=menuitem]"));
}

export function PushToTalk() {
  const room = useRoomContext();
  const { agent } = useVoiceAssistant();
  const { attributes } = useParticipantAttributes({ participant: agent });
  const { localParticipant } = useLocalParticipant();
  const [phase, setPhase] = useState<Phase>("idle");
  const [problem, setProblem] = useState<{ text: string; unmute: boolean } | undefined>();
  const held = useRef(false);
  /** Whether the guide's attribute has named this person since the press: only its going away after that ends "Listening". */
  const wasHeard = useRef(false);
  const pressing = useRef<Promise<boolean> | null>(null);
  const hearing = parseListening(attributes?.[LISTENING_ATTRIBUTE]);
  const guideIdentity = agent?.identity;

  const press = useCallback(() => {
    if (!guideIdentity || held.current) return;
    held.current = true;
    wasHeard.current = false;
    setProblem(undefined);
    setPhase("starting");
    pressing.current = listen(room, guideIdentity, true).then(
      () => {
        if (held.current) setPhase("listening");
        return true;
      },
      (error: Error) => {
        held.current = false;
        setPhase("idle");
        // The guide may still open a window this page stopped waiting for: tell it to close (a refusal to that is fine).
        if (!(error instanceof GuideRefusal)) listen(room, guideIdentity, false).catch(() => undefined);
        const unmute = error instanceof GuideRefusal && error.code === CODE_VIEW_ERRORS.MICROPHONE_MUTED;
        setProblem({ text: error.message, unmute });
        return false;
      },
    );
  }, [room, guideIdentity]);

  const release = useCallback(() => {
    if (!guideIdentity || !held.current) return;
    held.current = false;
    setPhase("idle");
    // A release before the guide heard the first frame still ends the window, once it has opened.
    void pressing.current?.then((opened) => {
      if (!opened) return;
      listen(room, guideIdentity, false).catch((error: Error) => setProblem({ text: error.message, unmute: false }));
    });
  }, [room, guideIdentity]);

  // The guide stopped on its own (the question ran past its limit): the page stops showing "Listening".
  const heardByGuide = hearing?.identity === localParticipant.identity;
  useEffect(() => {
    if (heardByGuide) wasHeard.current = true;
    else if (wasHeard.current && phase === "listening") {
      wasHeard.current = false;
      held.current = false;
      setPhase("idle");
    }
  }, [heardByGuide, phase]);

  // Space anywhere but a text field or another control; a window that loses focus lets go.
  useEffect(() => {
    const down = (event: KeyboardEvent) => {
      if (event.code !== "Space" || event.repeat || isTypingOrControl(event.target)) return;
      event.preventDefault();
      press();
    };
    const up = (event: KeyboardEvent) => {
      if (event.code !== "Space" || isTypingOrControl(event.target)) return;
      release();
    };
    window.addEventListener("keydown", down);
    window.addEventListener("keyup", up);
    window.addEventListener("blur", release);
    return () => {
      window.removeEventListener("keydown", down);
      window.removeEventListener("keyup", up);
      window.removeEventListener("blur", release);
    };
  }, [press, release]);

  if (!agent) return null;
  const someoneElse = hearing && hearing.identity !== localParticipant.identity ? hearing.name : undefined;
  return (
    <div className="push-to-talk">
      <button
        type="button"
        className={`lk-button push-to-talk-button${phase === "listening" ? " listening" : ""}`}
        aria-pressed={phase !== "idle"}
        aria-keyshortcuts="Space"
        onPointerDown={(event) => {
          event.currentTarget.setPointerCapture(event.pointerId);
          press();
        }}
        onPointerUp={release}
        onPointerCancel={release}
        onKeyDown={(event) => {
          if ((event.key === " " || event.key === "Enter") && !event.repeat) {
            event.preventDefault();
            press();
          }
        }}
        onKeyUp={(event) => {
          if (event.key === " " || event.key === "Enter") release();
        }}
        onContextMenu={(event) => event.preventDefault()}
      >
        Hold to ask the guide
      </button>
      <p className="push-to-talk-status" role="status">
        {phase === "listening" ? (
          <span className="listening-indicator">● Listening: ask, then let go</span>
        ) : phase === "starting" ? (
          "Starting to listen…"
        ) : someoneElse ? (
          `The guide is listening to ${someoneElse}`
        ) : null}
      </p>
      {problem ? (
        <p className="push-to-talk-problem" role="alert">
          {problem.text}{" "}
          {problem.unmute ? (
            <button
              type="button"
              className="lk-button"
              onClick={() => {
                setProblem(undefined);
                void localParticipant.setMicrophoneEnabled(true);
              }}
            >
              Unmute microphone
            </button>
          ) : null}
        </p>
      ) : null}
    </div>
  );
}
