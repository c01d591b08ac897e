"use client";
/**
 * What this session is onboarding people onto, read from the room's metadata
 * (validated with the same schema the server writes it with) and kept live by
 * `useRoomInfo`, which follows RoomMetadataChanged. When the context names an
 * agent, it also says whether the agent has joined yet.
 */
import { useParticipants, useRoomInfo } from "@livekit/components-react";
import { parseRoomMetadata } from "@/contract/room-metadata";

function AgentStatus({ agentName }: { agentName: string }) {
  const agentJoined = useParticipants().some((participant) => participant.isAgent);
  return (
    <p className="agent-status" data-testid="agent-status" data-state={agentJoined ? "joined" : "expected"} role="status">
      {agentJoined ? "The onboarding agent is here." : `Waiting for the onboarding agent (${agentName}) to join…`}
    </p>
  );
}

export function ContextPanel() {
  const { metadata } = useRoomInfo();
  const parsed = parseRoomMetadata(metadata);
  if (!parsed) return null;
  const { context } = parsed;
  return (
    <aside className="context-panel" aria-label="Onboarding context" data-testid="context-panel">
      <h2>{context.title}</h2>
      <p>
        Repository: <code data-testid="context-repo-root">{context.repoRoot}</code>
      </p>
      {context.agentName ? <AgentStatus agentName={context.agentName} /> : null}
    </aside>
  );
}
