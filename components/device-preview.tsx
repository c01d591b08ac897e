"use client";
/**
 * The pre-join check: camera preview, microphone and camera toggles, device
 * choice (and speaker choice where the browser allows it), and a live
 * microphone level, so a person knows they are seen and heard before joining.
 *
 * Composed from LiveKit's hooks (usePreviewTracks, usePersistentUserChoices,
 * useMediaDevices) and TrackToggle. It pulls in livekit-client, so the landing
 * page loads it on demand, after its own light form is already usable.
 *
 * When a device is denied or missing, it says so and offers a way on: without
 * the camera, or listening only.
 */
import "@livekit/components-styles";
import { TrackToggle, useMediaDevices, usePersistentUserChoices, usePreviewTracks } from "@livekit/components-react";
import {
  createAudioAnalyser,
  type LocalAudioTrack,
  type LocalVideoTrack,
  MediaDeviceFailure,
  supportsAudioOutputSelection,
  Track,
} from "livekit-client";
import { useCallback, useEffect, useId, useMemo, useRef, useState } from "react";
import type { MediaChoices } from "./media-choices";

const SPEAKER_KEY = "onboarding-rooms:audio-output";

function loadSpeaker(): string {
  try {
    return window.localStorage.getItem(SPEAKER_KEY) ?? "";
  } catch {
    return "";
  }
}

const FAILURE_TEXT: Record<MediaDeviceFailure, string> = {
  [MediaDeviceFailure.PermissionDenied]: "Your browser is blocking the camera or microphone for this site.",
  [MediaDeviceFailure.NotFound]: "No camera or microphone was found.",
  [MediaDeviceFailure.DeviceInUse]: "Your camera or microphone is in use by another app.",
  [MediaDeviceFailure.Other]: "Your camera or microphone could not be started.",
};

function MicrophoneLevel({ track }: { track: LocalAudioTrack | undefined }) {
  const [level, setLevel] = useState(0);
  useEffect(() => {
    if (!track) return;
    const { calculateVolume, analyser, cleanup } = createAudioAnalyser(track, { cloneTrack: true });
    // Browsers start an AudioContext suspended until the person interacts with
    // the page (autoplay policy); the meter wakes it on the first key or click.
    const wake = () => void (analyser.context as AudioContext).resume();
    window.addEventListener("pointerdown", wake, { once: true });
    window.addEventListener("keydown", wake, { once: true });
    // Animation, not waiting: ten readings a second are enough for a meter.
    const timer = window.setInterval(() => setLevel(calculateVolume()), 100);
    return () => {
      window.removeEventListener("pointerdown", wake);
      window.removeEventListener("keydown", wake);
      window.clearInterval(timer);
      void cleanup();
      setLevel(0);
    };
  }, [track]);
  return (
    <div className="mic-level">
      <span id="mic-level-label">Microphone level</span>
      <meter aria-labelledby="mic-level-label" data-testid="mic-level" min={0} max={1} value={Math.min(1, level * 1.5)} />
    </div>
  );
}

function DeviceSelect({
  kind,
  label,
  value,
  disabled,
  onChange,
}: {
  kind: MediaDeviceKind;
  label: string;
  value: string;
  disabled?: boolean;
  onChange: (deviceId: string) => void;
}) {
  const id = useId();
  const devices = useMediaDevices({ kind });
  return (
    <div className="device-select">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} disabled={disabled || devices.length === 0} onChange={(event) => onChange(event.target.value)}>
        {devices.length === 0 ? <option value={value}>No devices found</option> : null}
        {devices.map((device, index) => (
          <option key={device.deviceId || index} value={device.deviceId}>
            {device.label || `${label} ${index + 1}`}
          </option>
        ))}
      </select>
    </div>
  );
}

export default function DevicePreview({ onChange }: { onChange: (choices: MediaChoices) => void }) {
  const { userChoices, saveAudioInputEnabled, saveVideoInputEnabled, saveAudioInputDeviceId, saveVideoInputDeviceId } =
    usePersistentUserChoices();
  const [audioEnabled, setAudioEnabled] = useState(userChoices.audioEnabled);
  const [videoEnabled, setVideoEnabled] = useState(userChoices.videoEnabled);
  const [audioDeviceId, setAudioDeviceId] = useState(userChoices.audioDeviceId);
  const [videoDeviceId, setVideoDeviceId] = useState(userChoices.videoDeviceId);
  const [audioOutputDeviceId, setAudioOutputDeviceId] = useState(loadSpeaker);
  const [failure, setFailure] = useState<MediaDeviceFailure>();
  // TrackToggle keeps its own pressed state after mount; when we switch a
  // device off for the person (after a failure), remount it with the new state.
  const [toggleEpoch, setToggleEpoch] = useState(0);
  const canChooseSpeaker = useMemo(() => supportsAudioOutputSelection(), []);

  useEffect(() => {
    saveAudioInputEnabled(audioEnabled);
    saveVideoInputEnabled(videoEnabled);
    saveAudioInputDeviceId(audioDeviceId);
    saveVideoInputDeviceId(videoDeviceId);
    try {
      window.localStorage.setItem(SPEAKER_KEY, audioOutputDeviceId);
    } catch {
      // Choices simply are not remembered.
    }
    onChange({ audioEnabled, videoEnabled, audioDeviceId, videoDeviceId, audioOutputDeviceId });
  }, [
    audioEnabled,
    videoEnabled,
    audioDeviceId,
    videoDeviceId,
    audioOutputDeviceId,
    onChange,
    saveAudioInputEnabled,
    saveVideoInputEnabled,
    saveAudioInputDeviceId,
    saveVideoInputDeviceId,
  ]);

  // Stable on purpose: usePreviewTracks recreates the tracks whenever its error callback changes.
  const onPreviewError = useCallback((error: Error) => setFailure(MediaDeviceFailure.getFailure(error) ?? MediaDeviceFailure.Other), []);
  const tracks = usePreviewTracks(
    {
      audio: audioEnabled ? { deviceId: audioDeviceId } : false,
      video: videoEnabled ? { deviceId: videoDeviceId } : false,
    },
    onPreviewError,
  );
  const videoTrack = tracks?.find((track): track is LocalVideoTrack => track.kind === Track.Kind.Video);
  const audioTrack = tracks?.find((track): track is LocalAudioTrack => track.kind === Track.Kind.Audio);

  const videoElement = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    const element = videoElement.current;
    if (!element || !videoTrack) return;
    videoTrack.attach(element);
    return () => {
      videoTrack.detach(element);
    };
  }, [videoTrack]);

  function continueWith(choice: "audio-only" | "listen-only") {
    setFailure(undefined);
    setVideoEnabled(false);
    if (choice === "listen-only") setAudioEnabled(false);
    setToggleEpoch((epoch) => epoch + 1);
  }

  return (
    <section className="device-preview" aria-label="Camera and microphone check" data-lk-theme="default">
      <div className="preview-video">
        {videoTrack && videoEnabled ? (
          <video ref={videoElement} data-testid="camera-preview" muted playsInline aria-label="Your camera preview" />
        ) : (
          <p className="preview-off">{videoEnabled ? "Starting camera…" : "Camera is off"}</p>
        )}
      </div>

      {failure ? (
        <div className="device-problem" role="alert" data-testid="device-problem" data-failure={failure}>
          <p>{FAILURE_TEXT[failure]} You can still join.</p>
          <div className="device-problem-actions">
            {videoEnabled ? (
              <button type="button" onClick={() => continueWith("audio-only")}>
                Continue without camera
              </button>
            ) : null}
            <button type="button" onClick={() => continueWith("listen-only")}>
              Listen only
            </button>
          </div>
        </div>
      ) : null}

      <div className="preview-controls">
        <TrackToggle
          key={`mic-${toggleEpoch}`}
          type="button"
          source={Track.Source.Microphone}
          initialState={audioEnabled}
          onChange={(enabled, userInitiated) => {
            if (!userInitiated) return;
            setFailure(undefined);
            setAudioEnabled(enabled);
          }}
        >
          Microphone
        </TrackToggle>
        <TrackToggle
          key={`camera-${toggleEpoch}`}
          type="button"
          source={Track.Source.Camera}
          initialState={videoEnabled}
          onChange={(enabled, userInitiated) => {
            if (!userInitiated) return;
            setFailure(undefined);
            setVideoEnabled(enabled);
          }}
        >
          Camera
        </TrackToggle>
      </div>
      <MicrophoneLevel track={audioEnabled ? audioTrack : undefined} />
      <div className="device-selects">
        <DeviceSelect kind="audioinput" label="Microphone" value={audioDeviceId} disabled={!audioEnabled} onChange={setAudioDeviceId} />
        <DeviceSelect kind="videoinput" label="Camera" value={videoDeviceId} disabled={!videoEnabled} onChange={setVideoDeviceId} />
        {canChooseSpeaker ? (
          <DeviceSelect kind="audiooutput" label="Speaker" value={audioOutputDeviceId} onChange={setAudioOutputDeviceId} />
        ) : null}
      </div>
    </section>
  );
}
