"use client";
/**
 * The onboarding agent's own tile: who it is, what it is doing (listening,
 * thinking, speaking…, from the `lk.agent.state` attribute that LiveKit agents
 * publish) and a visualizer of its voice.
 */
import { BarVisualizer, useParticipantAttributes, useParticipantTracks, type AgentState } from "@livekit/components-react";
import { Track, type RemoteParticipant } from "livekit-client";

const STATE_LABEL: Record<string, string> = {
  initializing: "Getting ready…",
  connecting: "Joining…",
  listening: "Listening",
  thinking: "Thinking…",
  speaking: "Speaking",
  idle: "Idle",
};

export function AgentTile({ participant }: { participant: RemoteParticipant }) {
  const { attributes } = useParticipantAttributes({ participant });
  const state = (attributes?.["lk.agent.state"] ?? "connecting") as AgentState;
  const [voice] = useParticipantTracks([Track.Source.Microphone], participant.identity);
  const name = participant.name || "Onboarding agent";
  return (
    <section className="agent-tile" aria-label={`${name} (agent)`} data-testid="agent-tile" data-agent-state={state}>
      <BarVisualizer state={state} track={voice} barCount={5} className="agent-visualizer" aria-hidden />
      <div>
        <p className="agent-name">{name}</p>
        <p className="agent-state" role="status">
          {STATE_LABEL[state] ?? state}
        </p>
      </div>
    </section>
  );
}
