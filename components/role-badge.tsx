"use client";
/**
 * Who someone is in the session, next to their name in tiles and chat: the
 * role the server put in their token (where they cannot change it), or
 * "Guide" for the agent. A display name is whatever a person typed; this is
 * what tells a guest called "Ada Lovelace" from the member Ada Lovelace, or
 * from the guide. In open mode everyone came in the same way, and nothing is shown.
 */
import { useParticipantAttributes } from "@livekit/components-react";
import type { Participant } from "livekit-client";
import { ROLE_ATTRIBUTE } from "@/contract/join";

const LABELS = { guide: "Guide", member: "Member", guest: "Guest", service: "Service" } as const;

export function RoleBadge({ participant }: { participant: Participant }) {
  const { attributes } = useParticipantAttributes({ participant });
  const role = participant.isAgent ? "guide" : attributes?.[ROLE_ATTRIBUTE];
  if (!role || !Object.hasOwn(LABELS, role)) return null;
  return (
    <span className="role-badge" data-role={role} data-testid="role-badge">
      {LABELS[role as keyof typeof LABELS]}
    </span>
  );
}
