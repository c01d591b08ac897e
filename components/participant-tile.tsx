"use client";
/**
 * A person's tile, composed from LiveKit's parts: the tile's own behaviour
 * (useParticipantTile: speaking and muted states, click to focus) and its
 * default content (video or audio, placeholder, muted indicator, name,
 * connection quality, focus button). The one difference from ParticipantTile
 * is that the focus button is named, "Focus on <name>": ParticipantTile always
 * adds its own unnamed one, even around children of our own. Each tile says
 * whose it is (a member's, a guest's: role-badge.tsx), from the role the
 * server put in their token.
 */
import {
  AudioTrack,
  ConnectionQualityIndicator,
  FocusToggle,
  isTrackReference,
  LockLockedIcon,
  ParticipantContext,
  ParticipantName,
  ParticipantPlaceholder,
  ScreenShareIcon,
  TrackMutedIndicator,
  TrackRefContext,
  type TrackReferenceOrPlaceholder,
  useEnsureTrackRef,
  useIsEncrypted,
  useParticipantInfo,
  useParticipantTile,
  VideoTrack,
} from "@livekit/components-react";
import { Track } from "livekit-client";
import { RoleBadge } from "./role-badge";

function TileContent({ trackRef }: { trackRef: TrackReferenceOrPlaceholder }) {
  const { name, identity } = useParticipantInfo({ participant: trackRef.participant });
  const encrypted = useIsEncrypted(trackRef.participant);
  const isCamera = trackRef.source === Track.Source.Camera;
  const who = name || identity || "this participant";
  let media = null;
  if (isTrackReference(trackRef)) {
    const isVideo = trackRef.publication.kind === "video" || isCamera || trackRef.source === Track.Source.ScreenShare;
    media = isVideo ? <VideoTrack trackRef={trackRef} /> : <AudioTrack trackRef={trackRef} />;
  }
  return (
    <>
      {media}
      <div className="lk-participant-placeholder">
        <ParticipantPlaceholder />
      </div>
      <div className="lk-participant-metadata">
        <div className="lk-participant-metadata-item">
          {isCamera ? (
            <>
              {encrypted ? <LockLockedIcon style={{ marginRight: "0.25rem" }} /> : null}
              <TrackMutedIndicator trackRef={{ participant: trackRef.participant, source: Track.Source.Microphone }} show="muted" />
              <ParticipantName />
              <RoleBadge participant={trackRef.participant} />
            </>
          ) : (
            <>
              <ScreenShareIcon style={{ marginRight: "0.25rem" }} />
              <ParticipantName>&apos;s screen</ParticipantName>
            </>
          )}
        </div>
        <ConnectionQualityIndicator className="lk-participant-metadata-item" />
      </div>
      <FocusToggle trackRef={trackRef} aria-label={isCamera ? `Focus on ${who}` : `Focus on ${who}'s screen`} />
    </>
  );
}

/** A tile for the given track, or for the one in context (inside GridLayout and CarouselLayout). */
export function PersonTile({ trackRef }: { trackRef?: TrackReferenceOrPlaceholder }) {
  const ensured = useEnsureTrackRef(trackRef);
  const { elementProps } = useParticipantTile<HTMLDivElement>({ trackRef: ensured, htmlProps: {} });
  return (
    <div style={{ position: "relative" }} {...elementProps}>
      <TrackRefContext.Provider value={ensured}>
        <ParticipantContext.Provider value={ensured.participant}>
          <TileContent trackRef={ensured} />
        </ParticipantContext.Provider>
      </TrackRefContext.Provider>
    </div>
  );
}
