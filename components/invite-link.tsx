"use client";
/** The session's invite link, and a button that copies it. */
import { useState } from "react";

export function InviteLink({ roomName }: { roomName: string }) {
  const url = `${window.location.origin}/rooms/${roomName}`;
  const [copied, setCopied] = useState<"yes" | "failed" | undefined>();

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
      <a href={url} data-testid="invite-link" className="invite-url">
        {url}
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
