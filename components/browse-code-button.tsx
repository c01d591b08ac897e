"use client";
/** Opens the code view's file list; shown once the room has a guide to read the files from. */
import { useVoiceAssistant } from "@livekit/components-react";
import { useCodeView } from "./code-view-context";

export function BrowseCodeButton() {
  const { agent } = useVoiceAssistant();
  const codeView = useCodeView();
  if (!agent || !codeView) return null;
  return (
    <button type="button" className="lk-button browse-code" onClick={codeView.browse}>
      Browse the code
    </button>
  );
}
