"use client";
/**
 * What someone else is showing the room (the guide's VIEW_ATTRIBUTE, which it
 * alone keeps): "Ada is showing server/livekit/join.ts:40–62", with a button
 * that opens it, and a choice to follow from then on, so each new view opens
 * by itself. Someone who joins late sees the current view the same way. A
 * person's own view is not offered back to them.
 */
import { useParticipantAttributes, useRoomContext, useVoiceAssistant } from "@livekit/components-react";
import { useEffect, useId } from "react";
import { parseSharedView, VIEW_ATTRIBUTE } from "@/contract/code-view";
import { useCodeView } from "./code-view-context";

export function SharedViewPrompt({
  following,
  onFollowingChange,
}: {
  following: boolean;
  onFollowingChange: (following: boolean) => void;
}) {
  const room = useRoomContext();
  const { agent } = useVoiceAssistant();
  const { attributes } = useParticipantAttributes({ participant: agent });
  const codeView = useCodeView();
  const followId = useId();
  const view = agent ? parseSharedView(attributes?.[VIEW_ATTRIBUTE]) : undefined;
  const mine = view?.byIdentity === room.localParticipant.identity;
  const key = view ? `${view.byIdentity}:${view.path}:${view.startLine}:${view.endLine}` : "";

  useEffect(() => {
    if (!view || mine || !following) return;
    codeView?.open({ path: view.path, line: view.startLine, endLine: view.endLine });
    // The view's key says when it changed (its object is new on every render).
  }, [key, mine, following, codeView]);

  if (!view || mine) return null;
  const lines = view.endLine > view.startLine ? `${view.startLine}–${view.endLine}` : `${view.startLine}`;
  return (
    <div className="shared-view-prompt" role="status" data-testid="shared-view-prompt">
      <span>
        {view.by} is showing <code>{`${view.path}:${lines}`}</code>
      </span>
      <button
        type="button"
        className="lk-button"
        onClick={() => codeView?.open({ path: view.path, line: view.startLine, endLine: view.endLine })}
      >
        Open
      </button>
      <label htmlFor={followId}>
        <input id={followId} type="checkbox" checked={following} onChange={(event) => onFollowingChange(event.target.checked)} /> Follow
        automatically
      </label>
    </div>
  );
}
