"use client";
/**
 * The onboarding page's state: the name form until `livekit.join` succeeds,
 * then the session. The LiveKit client code is loaded only at that point, so
 * the landing page stays light.
 */
import { useMutation } from "@tanstack/react-query";
import dynamic from "next/dynamic";
import { useState } from "react";
import type { ContextChoices, JoinOutput } from "@/server/livekit/schemas";
import { useTRPC } from "@/trpc/react";
import { JoinForm } from "./join-form";

const SessionView = dynamic(() => import("./session-view"), {
  ssr: false,
  loading: () => <p className="status">Connecting…</p>,
});

type Props = {
  /** Set on an invite link: join this room (with its own context). */
  roomName?: string;
  /** The contexts a new session can be about; a picker appears when there are several. */
  contexts?: ContextChoices | undefined;
};

export function OnboardingApp({ roomName, contexts }: Props) {
  const trpc = useTRPC();
  const join = useMutation(trpc.livekit.join.mutationOptions());
  const [session, setSession] = useState<JoinOutput | null>(null);
  const [problem, setProblem] = useState<string | undefined>();

  if (session) {
    return (
      <SessionView
        session={session}
        onLeave={(reason) => {
          setSession(null);
          setProblem(reason);
          join.reset();
        }}
      />
    );
  }

  return (
    <main className="landing">
      <h1>Onboarding Rooms</h1>
      <p className="lede">
        {roomName
          ? "You have been invited to an onboarding session. Say who you are to join it."
          : "An onboarding session is a live room where a new teammate meets the people (and, soon, the agent) who walk them through the codebase."}
      </p>
      <JoinForm
        roomName={roomName}
        contexts={roomName ? undefined : contexts}
        pending={join.isPending}
        error={join.error?.message ?? problem}
        onJoin={(participantName, context) => {
          setProblem(undefined);
          join.mutate({ participantName, roomName, context }, { onSuccess: (details) => setSession(details) });
        }}
      />
    </main>
  );
}
