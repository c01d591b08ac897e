"use client";
/**
 * What this session is onboarding people onto: the room's context as the join
 * returned it (the server validated it against the shared contract, and a
 * live room never changes its context). Where the server keeps the
 * repository is shown to members only; a guest's join carries the title
 * alone. When the context has a guide, it also says whether the guide is
 * here (guide-status.tsx).
 */
import type { SessionContext } from "@/contract/join";
import { GuideStatus } from "./guide-status";

type Props = { roomName: string; context: SessionContext | null; invite?: string | undefined };

export function ContextPanel({ roomName, context, invite }: Props) {
  if (!context) return null;
  return (
    <aside className="context-panel" aria-label="Onboarding context" data-testid="context-panel">
      <h2>{context.title}</h2>
      {context.repoRoot ? (
        <p>
          Repository: <code data-testid="context-repo-root">{context.repoRoot}</code>
        </p>
      ) : null}
      {context.agentName ? <GuideStatus roomName={roomName} agentName={context.agentName} invite={invite} /> : null}
    </aside>
  );
}
