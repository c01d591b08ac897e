"use client";
/**
 * A live session: LiveKit's prefab conference view, plus the invite link and
 * the connection state. Loaded on demand (see onboarding-app.tsx): it pulls in
 * livekit-client.
 */
import "@livekit/components-styles";
import { LiveKitRoom, useConnectionState, VideoConference } from "@livekit/components-react";
import { ConnectionState } from "livekit-client";
import type { JoinOutput } from "@/server/livekit/schemas";
import { ContextPanel } from "./context-panel";

type Props = {
  session: JoinOutput;
  /** Called when the person leaves or the connection ends; `problem` says why if it failed. */
  onLeave: (problem?: string) => void;
};

const STATE_LABEL: Record<ConnectionState, string> = {
  [ConnectionState.Disconnected]: "Disconnected",
  [ConnectionState.Connecting]: "Connecting…",
  [ConnectionState.Connected]: "Connected",
  [ConnectionState.Reconnecting]: "Reconnecting…",
  [ConnectionState.SignalReconnecting]: "Reconnecting…",
};

function SessionHeader({ roomName }: { roomName: string }) {
  const state = useConnectionState();
  const inviteUrl = `${window.location.origin}/rooms/${roomName}`;
  return (
    <header className="session-header">
      <span>
        Invite link: <a href={inviteUrl} data-testid="invite-link">{inviteUrl}</a>
      </span>
      <span role="status" className="connection-state" data-testid="connection-state" data-state={state}>
        {STATE_LABEL[state]}
      </span>
    </header>
  );
}

export default function SessionView({ session, onLeave }: Props) {
  return (
    <LiveKitRoom
      className="session"
      data-lk-theme="default"
      serverUrl={session.serverUrl}
      token={session.participantToken}
      connect
      audio
      video
      onDisconnected={() => onLeave()}
      onError={(error) => onLeave(`Could not connect to the session: ${error.message}`)}
    >
      <SessionHeader roomName={session.roomName} />
      <ContextPanel />
      <div className="session-room">
        <VideoConference />
      </div>
    </LiveKitRoom>
  );
}
