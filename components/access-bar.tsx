/**
 * Who the page is showing itself to: the open-mode notice (no sign-in is
 * configured), or the signed-in person with a way to sign out.
 */
import type { Viewer } from "@/contract/viewer";

export function AccessBar({ viewer }: { viewer: Viewer }) {
  if (viewer.access === "open") {
    return (
      <p className="access-bar open-mode" data-testid="open-mode">
        <strong>Open mode.</strong> No sign-in is configured, so anyone who can reach this address can start a session. That is fine on your
        own machine; configure sign-in (docs/access.md) before anyone else can reach it.
      </p>
    );
  }
  const person = viewer.signedIn;
  if (!person) return null;
  return (
    <div className="access-bar" data-testid="signed-in">
      <span>
        Signed in as <strong>{person.name}</strong>
        {person.email ? ` (${person.email})` : ""}
      </span>
      {/* A plain form: signing out works before (and without) the page's scripts. */}
      <form method="post" action="/api/auth/signout">
        <button type="submit" className="lk-button">
          Sign out
        </button>
      </form>
    </div>
  );
}
