"use client";
/**
 * A live session, rendered around a connection that is already under way
 * (session-connection.ts): the header (invite link, connection state), the
 * banners a person needs (reconnecting, a device that failed, audio that the
 * browser will not autoplay), the onboarding-context panel and the stage.
 * Loaded on demand (see session-view-loader.ts): it pulls in livekit-client.
 *
 * The way the session ended is reported up once, as a SessionEnd, so the page
 * can say what happened and offer a rejoin.
 */
import "@livekit/components-styles";
import { RoomAudioRenderer, RoomContext, StartAudio, useConnectionState } from "@livekit/components-react";
import { ConnectionState } from "livekit-client";
import { useEffect, useRef, useSyncExternalStore } from "react";
import type { JoinOutput } from "@/contract/join";
import { ContextPanel } from "./context-panel";
import { InviteLink } from "./invite-link";
import type { SessionConnection } from "./session-connection";
import { SessionStage } from "./session-stage";
import type { SessionEnd } from "./session-outcome";

export { connectSession } from "./session-connection";

type Props = {
  session: JoinOutput;
  /** The invite a guest joined with: it is how they may ask for the guide back. */
  invite?: string | undefined;
  connection: SessionConnection;
  onEnd: (end: SessionEnd) => void;
};

const STATE_LABEL: Record<ConnectionState, string> = {
  [ConnectionState.Disconnected]: "Disconnected",
  [ConnectionState.Connecting]: "Connecting…",
  [ConnectionState.Connected]: "Connected",
  [ConnectionState.Reconnecting]: "Reconnecting…",
  [ConnectionState.SignalReconnecting]: "Reconnecting…",
};

function SessionHeader({ session }: { session: JoinOutput }) {
  const state = useConnectionState();
  const heading = useRef<HTMLHeadingElement>(null);
  const connected = state === ConnectionState.Connected;
  useEffect(() => {
    // Once in, keyboard and screen-reader users start at the top of the session.
    if (connected) heading.current?.focus();
  }, [connected]);
  return (
    <header className="session-header">
      <h1 ref={heading} tabIndex={-1}>
        {session.context?.title ?? "Onboarding"} session
      </h1>
      <InviteLink session={session} />
      <span role="status" className="connection-state" data-testid="connection-state" data-state={state}>
        {STATE_LABEL[state]}
      </span>
    </header>
  );
}

function ReconnectBanner() {
  const state = useConnectionState();
  const reconnecting = state === ConnectionState.Reconnecting || state === ConnectionState.SignalReconnecting;
  return (
    <div role="status" aria-live="polite" className="banner-slot">
      {reconnecting ? (
        <p className="banner warning" data-testid="reconnecting-banner">
          Connection lost. Reconnecting you to the session…
        </p>
      ) : null}
    </div>
  );
}

export default function SessionView({ session, invite, connection, onEnd }: Props) {
  const { end, deviceProblem } = useSyncExternalStore(connection.subscribe, connection.status, connection.status);
  const reported = useRef(false);
  useEffect(() => {
    if (!end || reported.current) return;
    reported.current = true;
    onEnd(end);
  }, [end, onEnd]);

  return (
    <RoomContext.Provider value={connection.room}>
      <div className="lk-room-container session" data-lk-theme="default">
        <SessionHeader session={session} />
        <ReconnectBanner />
        {deviceProblem ? (
          <p className="banner warning" role="alert" data-testid="device-failure-banner">
            {deviceProblem}
          </p>
        ) : null}
        <StartAudio label="Your browser paused the sound. Click to hear the session." className="banner start-audio" />
        <ContextPanel roomName={session.roomName} context={session.context} invite={invite} />
        <SessionStage />
        <RoomAudioRenderer />
      </div>
    </RoomContext.Provider>
  );
}
