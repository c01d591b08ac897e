/**
 * The User Timing marks a session leaves (session-view-loader.ts,
 * session-connection.ts), in order: they show in DevTools' Performance
 * panel, and the benchmark reads them to say where the time to connected went.
 */
export const SESSION_MARKS = {
  /** The session's code (livekit-client and the view) is loaded and evaluated. */
  codeLoaded: "session:code-loaded",
  connectCalled: "session:connect",
  signalConnected: "session:signal-connected",
  connected: "session:connected",
} as const;
