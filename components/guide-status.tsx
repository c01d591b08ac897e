"use client";
/**
 * Whether the session's guide is here, and what happens when it is not: a
 * bounded wait for it to join, then a recall (livekit.recallGuide), which
 * either brings one ("on its way") or says why it cannot ("unavailable"),
 * and is tried again while the person stays. A guide that leaves (its worker
 * died) is recalled the same way.
 */
import { useConnectionState, useVoiceAssistant } from "@livekit/components-react";
import { ConnectionState } from "livekit-client";
import { useEffect, useRef, useState } from "react";
import type { GuideStatus as RecallResult } from "@/contract/guide";
import { useTRPCClient } from "@/trpc/react";

/** How long the page waits for the guide before asking for it. */
const GUIDE_WAIT_MS = 10_000;
/** How long after a recall the page waits before asking again. */
const RECALL_RETRY_MS = 10_000;
/** A guide that left may be mid-restart: give it a moment before recalling. */
const AFTER_LEAVING_MS = 2_000;

type Shown = { state: "expected" | "joined" | "joining" | "left" | "unavailable"; text: string };

export function GuideStatus({ roomName, agentName, invite }: { roomName: string; agentName: string; invite?: string | undefined }) {
  const { agent } = useVoiceAssistant();
  const connected = useConnectionState() === ConnectionState.Connected;
  const client = useTRPCClient();
  const wasHere = useRef(false);
  const [recall, setRecall] = useState<RecallResult | undefined>();
  const [left, setLeft] = useState(false);
  const present = Boolean(agent);

  useEffect(() => {
    if (present) {
      wasHere.current = true;
      setLeft(false);
      setRecall(undefined);
      return;
    }
    if (!connected) return;
    if (wasHere.current) setLeft(true);
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout>;
    const ask = async () => {
      try {
        const result = await client.livekit.recallGuide.mutate({ roomName, invite });
        if (cancelled) return;
        setRecall(result);
        if (result.status === "none" || result.status === "present") return;
      } catch {
        // A failed recall (the app briefly unreachable) is tried again like an unavailable guide.
      }
      if (!cancelled) timer = setTimeout(ask, RECALL_RETRY_MS);
    };
    timer = setTimeout(ask, wasHere.current ? AFTER_LEAVING_MS : GUIDE_WAIT_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [present, connected, client, roomName, invite]);

  const shown: Shown = present
    ? { state: "joined", text: "The guide is here: ask it anything in the chat." }
    : recall?.status === "unavailable"
      ? { state: "unavailable", text: `The guide is unavailable. ${recall.message}` }
      : recall?.status === "joining"
        ? { state: "joining", text: "The guide is on its way…" }
        : left
          ? { state: "left", text: "The guide left. Bringing it back…" }
          : { state: "expected", text: `Waiting for the guide (${agentName}) to join…` };
  if (recall?.status === "none" && !present) return null;
  return (
    <p className="agent-status" data-testid="agent-status" data-state={shown.state} role="status">
      {shown.text}
    </p>
  );
}
