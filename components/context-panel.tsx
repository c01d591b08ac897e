"use client";
/**
 * What this session is onboarding people onto: the room's context as the join
 * returned it (the server validated it against the shared contract, and a
 * live room never changes its context). When the context has a guide, it also
 * says whether the guide is here (guide-status.tsx).
 */
import type { RoomContext } from "@/contract/room-metadata";
import { GuideStatus } from "./guide-status";

type Props = { roomName: string; context: RoomContext | null; invite?: string | undefined };

export function ContextPanel({ roomName, context, invite }: Props) {
  if (!context) return null;
  return (
    <aside className="context-panel" aria-label="Onboarding context" data-testid="context-panel">
      <h2>{context.title}</h2>
      <p>
        Repository: <code data-testid="context-repo-root">{context.repoRoot}</code>
      </p>
      {context.agentName ? <GuideStatus roomName={roomName} agentName={context.agentName} invite={invite} /> : null}
    </aside>
  );
}
