"use client";
/**
 * A live session: LiveKit's prefab conference view, plus the invite link.
 * Loaded on demand (see onboarding-app.tsx): it pulls in livekit-client.
 */
import "@livekit/components-styles";
import { LiveKitRoom, VideoConference } from "@livekit/components-react";
import type { JoinOutput } from "@/server/livekit/schemas";

type Props = { session: JoinOutput; onLeave: () => void };

export default function SessionView({ session, onLeave }: Props) {
  const inviteUrl =
    typeof window === "undefined" ? `/rooms/${session.roomName}` : `${window.location.origin}/rooms/${session.roomName}`;
  return (
    <div className="session" data-lk-theme="default">
      <header className="session-header">
        <span>
          Invite link: <a href={inviteUrl} data-testid="invite-link">{inviteUrl}</a>
        </span>
      </header>
      <LiveKitRoom
        className="session-room"
        serverUrl={session.serverUrl}
        token={session.participantToken}
        connect
        audio
        video
        onDisconnected={onLeave}
      >
        <VideoConference />
      </LiveKitRoom>
    </div>
  );
}
