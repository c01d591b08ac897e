"use client";
/**
 * The onboarding page's states: the pre-join form, the live session, and the
 * ended screen (with the reason and a rejoin). The LiveKit client code is
 * loaded only for the device check and the session, so the landing page's
 * first load stays light.
 */
import { useMutation } from "@tanstack/react-query";
import dynamic from "next/dynamic";
import { useEffect, useRef, useState } from "react";
import type { ContextChoices, JoinOutput } from "@/server/livekit/schemas";
import { useTRPC } from "@/trpc/react";
import { JoinForm, type JoinRequest } from "./join-form";
import { SessionEnded } from "./session-ended";
import type { SessionEnd } from "./session-outcome";

const SessionView = dynamic(() => import("./session-view"), {
  ssr: false,
  loading: () => (
    <p className="status" role="status">
      Connecting…
    </p>
  ),
});

type Props = {
  /** Set on an invite link: join this room (with its own context). */
  roomName?: string;
  /** The contexts a new session can be about; a picker appears when there are several. */
  contexts?: ContextChoices | undefined;
};

type Stage =
  | { kind: "pre-join" }
  | { kind: "session"; session: JoinOutput; request: JoinRequest }
  | { kind: "ended"; end: SessionEnd; session: JoinOutput; request: JoinRequest };

export function OnboardingApp({ roomName, contexts }: Props) {
  const trpc = useTRPC();
  const join = useMutation(trpc.livekit.join.mutationOptions());
  const [stage, setStage] = useState<Stage>({ kind: "pre-join" });
  const heading = useRef<HTMLHeadingElement>(null);
  const returning = useRef(false);

  function start(request: JoinRequest, room: string | undefined) {
    join.mutate(
      { participantName: request.participantName, roomName: room, context: room ? undefined : request.context },
      { onSuccess: (session) => setStage({ kind: "session", session, request }) },
    );
  }

  useEffect(() => {
    // Back on the form after a session: put keyboard focus where the page
    // starts (on first load the name field has it).
    if (stage.kind === "pre-join" && returning.current) heading.current?.focus();
  }, [stage.kind]);

  if (stage.kind === "session") {
    return (
      <SessionView
        session={stage.session}
        media={stage.request.media}
        onEnd={(end) => {
          join.reset();
          setStage({ kind: "ended", end, session: stage.session, request: stage.request });
        }}
      />
    );
  }

  if (stage.kind === "ended") {
    return (
      <SessionEnded
        end={stage.end}
        pending={join.isPending}
        error={join.error?.message}
        onRejoin={() => start(stage.request, stage.session.roomName)}
        onStartOver={() => {
          join.reset();
          returning.current = true;
          setStage({ kind: "pre-join" });
        }}
      />
    );
  }

  return (
    <main className="landing">
      <h1 ref={heading} tabIndex={-1}>
        Onboarding Rooms
      </h1>
      <p className="lede">
        {roomName
          ? "You have been invited to an onboarding session. Check your camera and microphone, say who you are, and join."
          : "An onboarding session is a live room where a new teammate meets the people (and the agent) who walk them through the codebase."}
      </p>
      <JoinForm
        roomName={roomName}
        contexts={roomName ? undefined : contexts}
        pending={join.isPending}
        error={join.error?.message}
        onJoin={(request) => start(request, roomName)}
      />
    </main>
  );
}
