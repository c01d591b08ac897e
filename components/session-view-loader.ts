/**
 * The session's code (the view and the connection; they pull in
 * livekit-client), fetched once and shared: the pre-join form starts it while
 * the person is still typing, and a join waits for it alongside the token. The
 * session is then rendered from a module already in hand; a lazy component
 * would suspend first, and React holds a revealed Suspense boundary back for
 * up to 300 ms.
 */
import { SESSION_MARKS } from "./session-marks";
import type SessionView from "./session-view";
import type { connectSession } from "./session-view";

export type SessionModule = { SessionView: typeof SessionView; connectSession: typeof connectSession };

let loading: Promise<SessionModule> | undefined;

export function loadSessionModule(): Promise<SessionModule> {
  loading ??= import("./session-view").then(
    (module) => {
      performance.mark(SESSION_MARKS.codeLoaded);
      return { SessionView: module.default, connectSession: module.connectSession };
    },
    () => {
      loading = undefined; // a failed download (offline for a moment) is tried again on the next join
      throw new Error("The session could not be loaded. Check your connection and try again.");
    },
  );
  return loading;
}
