"use client";
/**
 * A read from the room's guide over RPC (the file's lines, the file list, the
 * map), as a panel shows it: loading, ready, or failed with the guide's
 * sentence. It starts again when the guide, the room or `key` changes, and a
 * late answer to an earlier read is dropped. The state can be replaced (a
 * file grown by more lines) and read again (`retry`).
 */
import { useRoomContext, useVoiceAssistant } from "@livekit/components-react";
import type { Room } from "livekit-client";
import { useCallback, useEffect, useRef, useState } from "react";

export type GuideRead<T> = { status: "loading" } | { status: "ready"; value: T } | { status: "failed"; message: string };

export function useGuideRead<T>(
  read: (room: Room, guideIdentity: string) => Promise<T>,
  { key = "", noGuide }: { key?: string; noGuide: string },
) {
  const room = useRoomContext();
  const guide = useVoiceAssistant().agent?.identity;
  const [state, setState] = useState<GuideRead<T>>({ status: "loading" });
  const [attempt, setAttempt] = useState(0);
  // The latest read function, without starting a read each time the caller renders a new one.
  const latest = useRef(read);
  latest.current = read;

  useEffect(() => {
    if (!guide) {
      setState({ status: "failed", message: noGuide });
      return;
    }
    let current = true;
    latest.current(room, guide).then(
      (value) => current && setState({ status: "ready", value }),
      (error: Error) => current && setState({ status: "failed", message: error.message }),
    );
    return () => {
      current = false;
    };
  }, [room, guide, key, attempt, noGuide]);

  const retry = useCallback(() => {
    setState({ status: "loading" });
    setAttempt((count) => count + 1);
  }, []);
  return { state, setState, retry, room, guide };
}
