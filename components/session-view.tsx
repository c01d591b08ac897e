"use client";
/**
 * A live session: LiveKitRoom around the header (invite link, connection
 * state), the banners a person needs (reconnecting, a device that failed,
 * audio that the browser will not autoplay), the onboarding-context panel and
 * the stage. Loaded on demand (see onboarding-app.tsx): it pulls in livekit-client.
 *
 * Every way the session can end is reported up once, as a SessionEnd, so the
 * page can say what happened and offer a rejoin.
 */
import "@livekit/components-styles";
import { LiveKitRoom, RoomAudioRenderer, StartAudio, useConnectionState } from "@livekit/components-react";
import { ConnectionState, DisconnectReason, MediaDeviceFailure } from "livekit-client";
import { useEffect, useMemo, useRef, useState } from "react";
import type { JoinOutput } from "@/server/livekit/schemas";
import { ContextPanel } from "./context-panel";
import { InviteLink } from "./invite-link";
import type { MediaChoices } from "./media-choices";
import { SessionStage } from "./session-stage";
import type { SessionEnd } from "./session-outcome";

type Props = {
  session: JoinOutput;
  media: MediaChoices;
  onEnd: (end: SessionEnd) => void;
};

const STATE_LABEL: Record<ConnectionState, string> = {
  [ConnectionState.Disconnected]: "Disconnected",
  [ConnectionState.Connecting]: "Connecting…",
  [ConnectionState.Connected]: "Connected",
  [ConnectionState.Reconnecting]: "Reconnecting…",
  [ConnectionState.SignalReconnecting]: "Reconnecting…",
};

function endFor(reason: DisconnectReason | undefined): SessionEnd {
  switch (reason) {
    case DisconnectReason.CLIENT_INITIATED:
      return { kind: "left" };
    case DisconnectReason.DUPLICATE_IDENTITY:
      return { kind: "duplicate-identity" };
    case DisconnectReason.ROOM_DELETED:
      return { kind: "room-deleted" };
    case DisconnectReason.SERVER_SHUTDOWN:
      return { kind: "server-shutdown" };
    case DisconnectReason.PARTICIPANT_REMOVED:
      return { kind: "removed" };
    default:
      return { kind: "other", detail: reason === undefined ? undefined : DisconnectReason[reason] };
  }
}

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
      <InviteLink roomName={session.roomName} />
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

const DEVICE_FAILURE_TEXT: Record<MediaDeviceFailure, string> = {
  [MediaDeviceFailure.PermissionDenied]: "is blocked by your browser",
  [MediaDeviceFailure.NotFound]: "was not found",
  [MediaDeviceFailure.DeviceInUse]: "is in use by another app",
  [MediaDeviceFailure.Other]: "could not be started",
};

export default function SessionView({ session, media, onEnd }: Props) {
  const ended = useRef(false);
  const everConnected = useRef(false);
  const [deviceProblem, setDeviceProblem] = useState<string>();
  const options = useMemo(
    () => ({
      adaptiveStream: true,
      dynacast: true,
      audioOutput: media.audioOutputDeviceId ? { deviceId: media.audioOutputDeviceId } : undefined,
    }),
    [media.audioOutputDeviceId],
  );

  function end(outcome: SessionEnd) {
    if (ended.current) return;
    ended.current = true;
    onEnd(outcome);
  }

  return (
    <LiveKitRoom
      className="session"
      data-lk-theme="default"
      serverUrl={session.serverUrl}
      token={session.participantToken}
      connect
      audio={media.audioEnabled ? { deviceId: media.audioDeviceId } : false}
      video={media.videoEnabled ? { deviceId: media.videoDeviceId } : false}
      options={options}
      onConnected={() => {
        everConnected.current = true;
      }}
      onDisconnected={(reason) => end(everConnected.current ? endFor(reason) : { kind: "connect-failed" })}
      onError={(error) => end(everConnected.current ? { kind: "other", detail: error.name } : { kind: "connect-failed", detail: error.name })}
      onMediaDeviceFailure={(failure, kind) => {
        const device = kind === "videoinput" ? "camera" : kind === "audioinput" ? "microphone" : "camera or microphone";
        setDeviceProblem(
          `Your ${device} ${DEVICE_FAILURE_TEXT[failure ?? MediaDeviceFailure.Other]}. You are in the session without it; others can still hear and see everyone else.`,
        );
      }}
    >
      <SessionHeader session={session} />
      <ReconnectBanner />
      {deviceProblem ? (
        <p className="banner warning" role="alert" data-testid="device-failure-banner">
          {deviceProblem}
        </p>
      ) : null}
      <StartAudio label="Your browser paused the sound. Click to hear the session." className="banner start-audio" />
      <ContextPanel />
      <SessionStage />
      <RoomAudioRenderer />
    </LiveKitRoom>
  );
}
