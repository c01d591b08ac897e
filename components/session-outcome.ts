/**
 * Why a session ended, in the page's own words. The session view (which has
 * livekit-client loaded) maps LiveKit's DisconnectReason to one of these, so
 * the light parts of the page never import LiveKit to explain it.
 */
export type SessionEnd =
  | { kind: "left" }
  | { kind: "duplicate-identity" }
  | { kind: "room-deleted" }
  | { kind: "server-shutdown" }
  | { kind: "removed" }
  | { kind: "connect-failed"; detail?: string }
  | { kind: "other"; detail?: string };

export const END_MESSAGES: Record<SessionEnd["kind"], { title: string; body: string }> = {
  left: { title: "You left the session", body: "Rejoin whenever you are ready; the room stays open while anyone is in it." },
  "duplicate-identity": {
    title: "The session was opened in another tab",
    body: "You can be in a session from one tab at a time. Rejoin here to continue in this tab.",
  },
  "room-deleted": { title: "The session was ended", body: "Someone closed this room. Rejoin to open it again, or start a new session." },
  "server-shutdown": {
    title: "The media server restarted",
    body: "Your connection was closed while the server restarted. Rejoin to continue.",
  },
  removed: { title: "You were removed from the session", body: "A host removed you from the room. Rejoin if that was a mistake." },
  "connect-failed": {
    title: "Could not connect to the media server",
    body: "Your browser could not reach the LiveKit server. Check your network (VPNs and firewalls can block it), then try again.",
  },
  other: { title: "You were disconnected", body: "The connection to the session was lost. Rejoin to continue." },
};
