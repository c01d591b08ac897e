"use client";
/**
 * The session's invite link, and a button that copies it. With sign-in
 * configured, members get a signed invite (invite-fragment.ts) and guests
 * none; in open mode the room's address is the invite.
 */
import { useState } from "react";
import type { JoinOutput } from "@/contract/join";
import { inviteUrl } from "./invite-fragment";

function expiresIn(expiresAt: number): string {
  const hours = Math.round((expiresAt * 1000 - Date.now()) / 3_600_000);
  return hours >= 48 ? `${Math.round(hours / 24)} days` : hours >= 1 ? `${hours} h` : "less than an hour";
}

export function InviteLink({ session }: { session: JoinOutput }) {
  const [copied, setCopied] = useState<"yes" | "failed" | undefined>();
  if (session.role === "guest") return null;
  const { origin } = window.location;
  const url = session.invite ? inviteUrl(origin, session.roomName, session.invite.token) : `${origin}/rooms/${session.roomName}`;

  async function copy() {
    try {
      await navigator.clipboard.writeText(url);
      setCopied("yes");
    } catch {
      // Clipboard access can be refused (permissions, insecure origins): the link stays visible to copy by hand.
      setCopied("failed");
    }
  }

  return (
    <div className="invite">
      {/* A signed invite is a credential: it is copied, not shown in full on a screen others may see. */}
      <a href={url} data-testid="invite-link" className="invite-url">
        {session.invite ? `Invite to this session (expires in ${expiresIn(session.invite.expiresAt)})` : url}
      </a>
      <button type="button" className="lk-button" onClick={copy}>
        Copy invite link
      </button>
      <span role="status" aria-live="polite" className="invite-status">
        {copied === "yes" ? "Invite link copied" : copied === "failed" ? "Copy the link above by hand" : ""}
      </span>
    </div>
  );
}
