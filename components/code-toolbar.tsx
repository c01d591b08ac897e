"use client";
/**
 * What the room can do with the guide, above the tiles: ask it aloud
 * (push-to-talk.tsx), open the file list or the map, and take the tour
 * (tour-controls.tsx). Shown once the room has a guide to read the
 * repository from.
 */
import { useVoiceAssistant } from "@livekit/components-react";
import { useCodeView } from "./code-view-context";
import { PushToTalk } from "./push-to-talk";
import { TourControls } from "./tour-controls";

export function CodeToolbar({ following }: { following: boolean }) {
  const { agent } = useVoiceAssistant();
  const codeView = useCodeView();
  if (!agent || !codeView) return null;
  return (
    <div className="code-toolbar">
      <PushToTalk />
      <div className="code-toolbar-buttons">
        <button type="button" className="lk-button" onClick={codeView.browse}>
          Browse the code
        </button>
        <button type="button" className="lk-button" onClick={codeView.map}>
          Map
        </button>
      </div>
      <TourControls following={following} />
    </div>
  );
}
