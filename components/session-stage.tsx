"use client";
/**
 * The stage: people's tiles (with speaking and muted indicators), the onboarding
 * agent in its own tile, the control bar (mic, camera, screen share, chat,
 * leave) and LiveKit's chat.
 *
 * It is VideoConference's composition (the same layouts, tiles and chat from
 * @livekit/components-react) with two changes: a participant whose kind is
 * AGENT is taken out of the grid and shown as an AgentTile, with its state and
 * an audio visualizer, instead of an empty camera placeholder; and every
 * control is named (SessionControls, and PersonTile's focus button). Beside
 * them, the code view or the map, once someone opens one (code-view-context.ts),
 * and the tour's controls.
 */
import {
  CarouselLayout,
  FocusLayoutContainer,
  GridLayout,
  isTrackReference,
  LayoutContextProvider,
  useCreateLayoutContext,
  usePinnedTracks,
  useTracks,
  type WidgetState,
} from "@livekit/components-react";
import { RoomEvent, Track } from "livekit-client";
import { lazy, Suspense, useMemo, useState } from "react";
import type { CodeTarget } from "./code-view-client";
import { type CodeView, CodeViewContext } from "./code-view-context";
import { AgentTile } from "./agent-tile";
import { PersonTile } from "./participant-tile";
import { SessionChat } from "./session-chat";
import { CodeToolbar } from "./code-toolbar";
import { SessionControls } from "./session-controls";
import { SharedViewPrompt } from "./shared-view-prompt";

// Their own chunks: fetched the first time someone opens a pointer, or the map.
const CodeViewPanel = lazy(() => import("./code-view-panel"));
const RepositoryMapPanel = lazy(() => import("./repository-map-panel"));

export function SessionStage() {
  // What the panel beside the tiles shows: a file, the file list ("browse"), the map, or nothing (closed).
  const [codeTarget, setCodeTarget] = useState<CodeTarget | "browse" | "map" | null>(null);
  const codeView = useMemo<CodeView>(
    () => ({ open: setCodeTarget, browse: () => setCodeTarget("browse"), map: () => setCodeTarget("map") }),
    [],
  );
  // Whether this person follows what the room is shown (a shared view, the tour's steps).
  const [following, setFollowing] = useState(false);
  const [widget, setWidget] = useState<WidgetState>({ showChat: false, unreadMessages: 0, showSettings: false });
  const layout = useCreateLayoutContext();
  const tracks = useTracks(
    [
      { source: Track.Source.Camera, withPlaceholder: true },
      { source: Track.Source.ScreenShare, withPlaceholder: false },
    ],
    { updateOnlyOn: [RoomEvent.ActiveSpeakersChanged], onlySubscribed: false },
  );
  const people = tracks.filter((track) => !track.participant.isAgent);
  const screenShare = people.find((track) => isTrackReference(track) && track.source === Track.Source.ScreenShare);
  // A pinned tile wins; otherwise a screen share takes the focus, as in VideoConference.
  const focus = usePinnedTracks(layout)?.[0] ?? screenShare;
  const others = people.filter((track) => track !== focus);

  return (
    <CodeViewContext.Provider value={codeView}>
      <LayoutContextProvider value={layout} onWidgetChange={setWidget}>
        {/* LiveKit's own conference classes, so the prefab styles lay the stage out. */}
        <div className="lk-video-conference stage">
          <div className="lk-video-conference-inner">
            <AgentTile />
            <SharedViewPrompt following={following} onFollowingChange={setFollowing} />
            <CodeToolbar following={following} />
            <div className={focus ? "lk-focus-layout-wrapper" : "lk-grid-layout-wrapper"}>
              {focus ? (
                <FocusLayoutContainer>
                  <CarouselLayout tracks={others}>
                    <PersonTile />
                  </CarouselLayout>
                  <PersonTile trackRef={focus} />
                </FocusLayoutContainer>
              ) : (
                <GridLayout tracks={people}>
                  <PersonTile />
                </GridLayout>
              )}
            </div>
            <SessionControls />
          </div>
          <SessionChat style={{ display: widget.showChat ? "grid" : "none" }} />
          {codeTarget === "map" ? (
            <Suspense fallback={null}>
              <RepositoryMapPanel onOpen={codeView.open} onClose={() => setCodeTarget(null)} />
            </Suspense>
          ) : codeTarget ? (
            <Suspense fallback={null}>
              <CodeViewPanel
                target={codeTarget === "browse" ? null : codeTarget}
                onOpen={codeView.open}
                onBrowse={codeView.browse}
                onClose={() => setCodeTarget(null)}
              />
            </Suspense>
          ) : null}
        </div>
      </LayoutContextProvider>
    </CodeViewContext.Provider>
  );
}
