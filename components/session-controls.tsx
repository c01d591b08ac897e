"use client";
/**
 * The session's control bar: microphone, camera (each with its device menu),
 * screen share, chat and leave.
 *
 * LiveKit's ControlBar prefab, composed from the same parts (TrackToggle,
 * MediaDeviceMenu, ChatToggle, DisconnectButton), because the prefab leaves its
 * device-menu buttons without accessible names and drops every label on narrow
 * screens. Here every control keeps a name; on narrow screens the label is only
 * visually hidden.
 */
import { ChatToggle, DisconnectButton, MediaDeviceMenu, TrackToggle, usePersistentUserChoices } from "@livekit/components-react";
import { Track } from "livekit-client";
import { useState } from "react";

const Label = ({ children }: { children: string }) => <span className="control-label">{children}</span>;

const ChatGlyph = () => (
  <svg aria-hidden width="16" height="16" viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth="1.5">
    <path d="M2 3h12v8H6l-3 3v-3H2z" strokeLinejoin="round" />
  </svg>
);
const LeaveGlyph = () => (
  <svg aria-hidden width="16" height="16" viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth="1.5">
    <path d="M6 2H3v12h3M10 5l3 3-3 3M13 8H6" strokeLinecap="round" strokeLinejoin="round" />
  </svg>
);

// Phones and some embedded browsers have no getDisplayMedia: no screen-share button there.
const canShareScreen = () => typeof navigator.mediaDevices?.getDisplayMedia === "function";

export function SessionControls() {
  const [sharing, setSharing] = useState(false);
  // Device choices made in the session are remembered for the next pre-join, as LiveKit's ControlBar does.
  const { saveAudioInputEnabled, saveVideoInputEnabled, saveAudioInputDeviceId, saveVideoInputDeviceId } = usePersistentUserChoices();
  return (
    <div className="lk-control-bar session-controls" role="toolbar" aria-label="Session controls">
      <div className="lk-button-group">
        <TrackToggle source={Track.Source.Microphone} showIcon onChange={(on, byUser) => byUser && saveAudioInputEnabled(on)}>
          <Label>Microphone</Label>
        </TrackToggle>
        <div className="lk-button-group-menu">
          <MediaDeviceMenu
            kind="audioinput"
            aria-label="Choose microphone"
            onActiveDeviceChange={(_, id) => saveAudioInputDeviceId(id ?? "default")}
          />
        </div>
      </div>
      <div className="lk-button-group">
        <TrackToggle source={Track.Source.Camera} showIcon onChange={(on, byUser) => byUser && saveVideoInputEnabled(on)}>
          <Label>Camera</Label>
        </TrackToggle>
        <div className="lk-button-group-menu">
          <MediaDeviceMenu
            kind="videoinput"
            aria-label="Choose camera"
            onActiveDeviceChange={(_, id) => saveVideoInputDeviceId(id ?? "default")}
          />
        </div>
      </div>
      {canShareScreen() ? (
        <TrackToggle
          source={Track.Source.ScreenShare}
          showIcon
          captureOptions={{ audio: true, selfBrowserSurface: "include" }}
          onChange={setSharing}
        >
          <Label>{sharing ? "Stop sharing" : "Share screen"}</Label>
        </TrackToggle>
      ) : null}
      <ChatToggle>
        <ChatGlyph />
        <Label>Chat</Label>
      </ChatToggle>
      <DisconnectButton>
        <LeaveGlyph />
        <Label>Leave</Label>
      </DisconnectButton>
    </div>
  );
}
