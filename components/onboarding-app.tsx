"use client";
/**
 * The onboarding page's states: the pre-join form, the live session, and the
 * ended screen (with the reason and a rejoin). The LiveKit client code is
 * loaded only for the device check and the session, so the landing page's
 * first load stays light.
 */
import { useMutation } from "@tanstack/react-query";
import { type ReactNode, useEffect, useRef, useState } from "react";
import type { ContextChoices, JoinOutput } from "@/contract/join";
import type { Viewer } from "@/contract/viewer";
import { useTRPC, useTRPCClient } from "@/trpc/react";
import { AccessBar } from "./access-bar";
import { InviteMissing, StartRefused } from "./access-panels";
import { useInviteFragment } from "./invite-fragment";
import { JoinForm, type JoinRequest } from "./join-form";
import { SessionEnded } from "./session-ended";
import type { SessionEnd } from "./session-outcome";
import type { SessionConnection } from "./session-connection";
import { loadSessionModule, type SessionModule } from "./session-view-loader";

type Props = {
  /** Set on an invite link: join this room (with its own context). */
  roomName?: string;
  /** The contexts a new session can be about; a picker appears when there are several. */
  contexts?: ContextChoices | undefined;
  /** Who is looking, as the server sees them. */
  viewer: Viewer;
  /** Why the last sign-in did not complete, in words for the page. */
  signInProblem?: string | undefined;
};

type Stage =
  | { kind: "pre-join" }
  | { kind: "session"; session: JoinOutput; request: JoinRequest; connection: SessionConnection; SessionView: SessionModule["SessionView"] }
  | { kind: "ended"; end: SessionEnd; session: JoinOutput; request: JoinRequest };

export function OnboardingApp({ roomName, contexts, viewer, signInProblem }: Props) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const join = useMutation({
    mutationKey: trpc.livekit.join.mutationKey(),
    // The session's code arrives alongside the token, so the session starts
    // the moment both are here (see session-view-loader.ts).
    mutationFn: async (input: Parameters<typeof client.livekit.join.mutate>[0]) => {
      const [session, module] = await Promise.all([client.livekit.join.mutate(input), loadSessionModule()]);
      return { session, module };
    },
  });
  const [stage, setStage] = useState<Stage>({ kind: "pre-join" });
  const heading = useRef<HTMLHeadingElement>(null);
  const returning = useRef(false);
  const fragmentInvite = useInviteFragment();
  const members = viewer.access === "members" ? viewer : undefined;
  // Members (and anyone, in open mode) join on their own account; everyone else with the link's invite.
  const mayStart = !members || Boolean(members.signedIn?.member);
  const invite = mayStart ? undefined : (fragmentInvite ?? undefined);

  function start(request: JoinRequest, room: string | undefined) {
    join.mutate(
      { participantName: request.participantName, roomName: room, context: room ? undefined : request.context, invite },
      {
        // Connecting here, not from the view: the view renders around a room already on its way in.
        onSuccess: ({ session, module }) =>
          setStage({
            kind: "session",
            session,
            request,
            connection: module.connectSession(session, request.media),
            SessionView: module.SessionView,
          }),
      },
    );
  }

  const connection = stage.kind === "session" ? stage.connection : undefined;
  useEffect(() => {
    // Leaving the page mid-session closes the connection (after an ended session it is closed already).
    return () => void connection?.room.disconnect();
  }, [connection]);

  useEffect(() => {
    // Back on the form after a session: put keyboard focus where the page
    // starts (on first load the name field has it).
    if (stage.kind === "pre-join" && returning.current) heading.current?.focus();
  }, [stage.kind]);

  if (stage.kind === "session") {
    const { SessionView } = stage;
    return (
      <SessionView
        session={stage.session}
        invite={invite}
        connection={stage.connection}
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

  let body: ReactNode;
  if (!mayStart && members && !roomName) body = <StartRefused viewer={members} problem={signInProblem} />;
  else if (!mayStart && members && roomName && fragmentInvite === undefined) body = <p className="lede">Opening your invite…</p>;
  else if (!mayStart && members && roomName && !fragmentInvite) body = <InviteMissing viewer={members} roomName={roomName} />;
  else {
    body = (
      <>
        {signInProblem ? (
          <p role="alert" className="join-error">
            {signInProblem}
          </p>
        ) : null}
        {invite ? <p data-testid="joining-as-guest">You are joining as a guest, with the invite in your link.</p> : null}
        <JoinForm
          roomName={roomName}
          contexts={roomName ? undefined : contexts}
          suggestedName={members?.signedIn?.name}
          pending={join.isPending}
          error={join.error?.message}
          onJoin={(request) => start(request, roomName)}
        />
      </>
    );
  }

  return (
    <main className="landing">
      <AccessBar viewer={viewer} />
      <h1 ref={heading} tabIndex={-1}>
        Onboarding Rooms
      </h1>
      <p className="lede">
        {roomName
          ? "You have been invited to an onboarding session. Check your camera and microphone, say who you are, and join."
          : "An onboarding session is a live room where a new teammate meets the people (and the agent) who walk them through the codebase."}
      </p>
      {body}
    </main>
  );
}
