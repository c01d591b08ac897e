/**
 * Invite links carry their capability in the fragment (`/rooms/<room>#invite=…`):
 * browsers never send a fragment to a server, nor put it in a Referer, so it
 * stays out of every log on the way. The page reads it here and hands it to
 * the join.
 */
import { useSyncExternalStore } from "react";

const KEY = "invite";

export function inviteUrl(origin: string, roomName: string, token: string): string {
  return `${origin}/rooms/${roomName}#${new URLSearchParams({ [KEY]: token })}`;
}

function inviteFromHash(hash: string): string | null {
  return new URLSearchParams(hash.replace(/^#/, "")).get(KEY) || null;
}

function subscribe(onChange: () => void) {
  window.addEventListener("hashchange", onChange);
  return () => window.removeEventListener("hashchange", onChange);
}

/** The page's invite: undefined until the page's code runs (the server never sees it), then the invite or null. */
export function useInviteFragment(): string | null | undefined {
  return useSyncExternalStore(
    subscribe,
    () => inviteFromHash(window.location.hash),
    () => undefined,
  );
}
