"use client";
/** The screen after a session ends: what happened, in plain words, and a way back in. */
import { useEffect, useRef } from "react";
import { END_MESSAGES, type SessionEnd } from "./session-outcome";

type Props = {
  end: SessionEnd;
  pending: boolean;
  /** A failed rejoin's message. */
  error?: string | undefined;
  onRejoin: () => void;
  onStartOver: () => void;
};

export function SessionEnded({ end, pending, error, onRejoin, onStartOver }: Props) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const { title, body } = END_MESSAGES[end.kind];
  return (
    <main className="landing session-ended" data-testid="session-ended" data-reason={end.kind}>
      <h1 ref={heading} tabIndex={-1}>
        {title}
      </h1>
      <p className="lede">{body}</p>
      {error ? (
        <p role="alert" className="join-error">
          {error}
        </p>
      ) : null}
      <div className="ended-actions">
        <button type="button" className="primary" onClick={onRejoin} disabled={pending}>
          {pending ? "Rejoining…" : "Rejoin"}
        </button>
        <button type="button" onClick={onStartOver} disabled={pending}>
          Back to start
        </button>
      </div>
    </main>
  );
}
