"use client";
/**
 * The guide's own tile: who it is, what it is doing (listening, thinking,
 * speaking…) and a visualizer of its voice, from LiveKit's agent hook
 * (useVoiceAssistant), which follows the AGENT participant and its state.
 * Nothing is rendered until an agent is in the room.
 */
import { BarVisualizer, useVoiceAssistant } from "@livekit/components-react";

const STATE_LABEL: Record<string, string> = {
  initializing: "Getting ready…",
  connecting: "Joining…",
  listening: "Listening",
  thinking: "Thinking…",
  speaking: "Speaking",
  idle: "Idle",
};

export function AgentTile() {
  const { agent, state, audioTrack } = useVoiceAssistant();
  if (!agent) return null;
  const name = agent.name || "Onboarding guide";
  return (
    <div className="agent-row">
      <section className="agent-tile" aria-label={`${name} (agent)`} data-testid="agent-tile" data-agent-state={state}>
        <BarVisualizer state={state} track={audioTrack} barCount={5} className="agent-visualizer" aria-hidden />
        <div>
          <p className="agent-name">{name}</p>
          <p className="agent-state" role="status">
            {STATE_LABEL[state] ?? state}
          </p>
        </div>
      </section>
    </div>
  );
}
