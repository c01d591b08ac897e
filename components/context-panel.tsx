"use client";
/**
 * What this session is onboarding people onto: the room's context as the join
 * returned it (the server validated it against the shared contract, and a
 * live room never changes its context). When the context names an agent, it
 * also says whether the agent has joined yet.
 */
import { useParticipants } from "@livekit/components-react";
import type { RoomContext } from "@/contract/room-metadata";

function AgentStatus({ agentName }: { agentName: string }) {
  const agentJoined = useParticipants().some((participant) => participant.isAgent);
  return (
    <p className="agent-status" data-testid="agent-status" data-state={agentJoined ? "joined" : "expected"} role="status">
      {agentJoined ? "The onboarding agent is here." : `Waiting for the onboarding agent (${agentName}) to join…`}
    </p>
  );
}

export function ContextPanel({ context }: { context: RoomContext | null }) {
  if (!context) return null;
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
