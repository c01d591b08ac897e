/**
 * A session's LiveKit connection, started the moment the join returns rather
 * than after React has rendered the session (LiveKitRoom creates its Room in
 * one effect and connects in the next, about 50–100 ms later on the benchmark
 * machine). The session view then renders around a room already on its way in.
 *
 * Because the connection can get ahead of the view, everything the view must
 * know is kept here, not only sent as events: how the session ended (once,
 * as a SessionEnd) and the last device problem. The view reads it as an
 * external store.
 *
 * This module pulls in livekit-client; the page loads it with the session view.
 */
import { DisconnectReason, MediaDeviceFailure, Room, RoomEvent } from "livekit-client";
import type { JoinOutput } from "@/contract/join";
import type { MediaChoices } from "./media-choices";
import { SESSION_MARKS } from "./session-marks";
import type { SessionEnd } from "./session-outcome";

export type SessionStatus = { end?: SessionEnd | undefined; deviceProblem?: string | undefined };

export type SessionConnection = {
  room: Room;
  status: () => SessionStatus;
  subscribe: (listener: () => void) => () => void;
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

const DEVICE_FAILURE_TEXT: Record<MediaDeviceFailure, string> = {
  [MediaDeviceFailure.PermissionDenied]: "is blocked by your browser",
  [MediaDeviceFailure.NotFound]: "was not found",
  [MediaDeviceFailure.DeviceInUse]: "is in use by another app",
  [MediaDeviceFailure.Other]: "could not be started",
};

function deviceProblem(failure: MediaDeviceFailure | undefined, kind: MediaDeviceKind | undefined): string {
  const device = kind === "videoinput" ? "camera" : kind === "audioinput" ? "microphone" : "camera or microphone";
  return `Your ${device} ${DEVICE_FAILURE_TEXT[failure ?? MediaDeviceFailure.Other]}. You are in the session without it; others can still hear and see everyone else.`;
}

export function connectSession(session: JoinOutput, media: MediaChoices): SessionConnection {
  const room = new Room({
    adaptiveStream: true,
    dynacast: true,
    audioOutput: media.audioOutputDeviceId ? { deviceId: media.audioOutputDeviceId } : undefined,
  });
  let status: SessionStatus = {};
  const listeners = new Set<() => void>();
  const update = (next: SessionStatus) => {
    status = { ...status, ...next };
    for (const listener of listeners) listener();
  };
  let everConnected = false;
  const end = (outcome: SessionEnd) => {
    if (!status.end) update({ end: outcome });
  };

  room
    .on(RoomEvent.Connected, () => {
      everConnected = true;
      // User Timing marks (DevTools' Performance panel, and the benchmark) say where a join's time went.
      performance.mark(SESSION_MARKS.connected);
    })
    .on(RoomEvent.Disconnected, (reason) => end(everConnected ? endFor(reason) : { kind: "connect-failed" }))
    .on(RoomEvent.MediaDevicesError, (error, kind) => update({ deviceProblem: deviceProblem(MediaDeviceFailure.getFailure(error), kind) }))
    .once(RoomEvent.SignalConnected, () => {
      performance.mark(SESSION_MARKS.signalConnected);
      // Published as soon as the signal connection is up, while the media
      // connection is still being negotiated (as LiveKitRoom does).
      const participant = room.localParticipant;
      void Promise.all([
        participant.setMicrophoneEnabled(media.audioEnabled, media.audioEnabled ? { deviceId: media.audioDeviceId } : undefined),
        participant.setCameraEnabled(media.videoEnabled, media.videoEnabled ? { deviceId: media.videoDeviceId } : undefined),
      ]).catch(() => undefined); // each failure also arrives as MediaDevicesError, which says which device
    });

  performance.mark(SESSION_MARKS.connectCalled);
  room.connect(session.serverUrl, session.participantToken).catch((error: Error) => {
    end(everConnected ? { kind: "other", detail: error.name } : { kind: "connect-failed", detail: error.name });
  });

  return {
    room,
    status: () => status,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
